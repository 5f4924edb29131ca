//! The check before calamine reads an `.xls` (BIFF, in an OLE compound file): calamine
//! parses every sheet of the workbook when it opens it, each as a dense rectangle of
//! 32-byte cells from its first to its last cell record, after reserving room for the
//! cells the sheet's DIMENSIONS record declares. Cell records hold 16-bit rows and
//! columns, so a 2 KB file with a cell at A1 and one at the 65,536th row and column asks
//! for 4 billion cells (128 GiB: an allocation failure, which no panic guard catches), and
//! a declared size asks for as much before any cell is read. The sheets' rectangles and
//! declared sizes are measured here first, walking the records as calamine does, and a
//! workbook of more than [`MAX_WORKBOOK_CELLS`] in all is refused before calamine runs.

use std::io::{Cursor, Read};

use crate::corpus::SkipReason;

/// The most cells calamine may hold for a whole workbook (its sheets are all read at
/// once): 8 million, 256 MiB as calamine holds them, as for an `.ods` sheet. An `.xls`
/// sheet of 65,536 rows by 100 columns is most of it.
pub const MAX_WORKBOOK_CELLS: u64 = super::ods_cells::MAX_SHEET_CELLS;

/// What an OLE compound file starts with.
pub const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// `Err` when the workbook in `bytes` would make calamine hold more than
/// [`MAX_WORKBOOK_CELLS`] cells, or makes the walk over its sheets go on past what its
/// size allows (sheets that overlap); what is no workbook is left for calamine to say so.
pub fn check(bytes: &[u8]) -> Result<(), SkipReason> {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Some(mut stream) = ["/Workbook", "/Book"]
        .iter()
        .find_map(|name| file.open_stream(name).ok())
    else {
        return Ok(());
    };
    // A stream is made of the file's sectors: never more than the file, whatever it says.
    let mut workbook = Vec::new();
    if (&mut stream)
        .take(bytes.len() as u64)
        .read_to_end(&mut workbook)
        .is_err()
    {
        return Ok(());
    }
    let refused = |what: &str| {
        Err(SkipReason::Damaged(format!(
            "{what} (possibly a hostile file)"
        )))
    };
    let mut cells = 0u64;
    // Sheets are walked from where the workbook says they start; a walk covers at most
    // the stream, so more than four streams' worth means sheets overlap.
    let mut budget = workbook.len().saturating_mul(4).saturating_add(1024);
    for start in sheet_starts(&workbook) {
        let Some(sheet) = workbook.get(start..) else {
            continue;
        };
        let Some(size) = measure_sheet(sheet, &mut budget) else {
            return refused("its sheets overlap");
        };
        cells = cells.saturating_add(size);
        if cells > MAX_WORKBOOK_CELLS {
            return refused(&format!(
                "its sheets span more than {MAX_WORKBOOK_CELLS} cells"
            ));
        }
    }
    Ok(())
}

/// The records of a BIFF stream: type and data, as calamine splits them.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16::from_le_bytes([*rest.first()?, *rest.get(1)?]);
        let len = usize::from(u16::from_le_bytes([*rest.get(2)?, *rest.get(3)?]));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Where each sheet starts in the stream: its BoundSheet8 records, before the globals' EOF.
fn sheet_starts(workbook: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    for (typ, data) in records(workbook) {
        match typ {
            0x0085 if data.len() >= 4 => {
                starts.push(u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize);
            }
            0x000A => break,
            _ => {}
        }
    }
    starts
}

/// A rectangle of cells grown by each cell's place.
#[derive(Default)]
struct Rect(Option<(u32, u32, u32, u32)>);

impl Rect {
    fn add(&mut self, row: u32, column: u32) {
        let (r0, r1, c0, c1) = self.0.unwrap_or((row, row, column, column));
        self.0 = Some((r0.min(row), r1.max(row), c0.min(column), c1.max(column)));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// The cells calamine would hold for the sheet starting at `sheet`: its values' and its
/// formulas' rectangles and what its DIMENSIONS record makes it reserve. `None` when the
/// walk would go past `budget` bytes.
fn measure_sheet(sheet: &[u8], budget: &mut usize) -> Option<u64> {
    let (mut values, mut formulas) = (Rect::default(), Rect::default());
    let mut declared = 0u64;
    let (mut seen_bof, mut depth) = (false, 0usize);
    let at = |data: &[u8], i: usize| -> u32 {
        data.get(i..i + 2)
            .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    for (typ, data) in records(sheet) {
        *budget = budget.checked_sub(4 + data.len())?;
        // Nested substreams (charts) are skipped, as calamine skips them.
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => declared = declared.max(declared_cells(data)),
            // Number, Label, RString, BoolErr, Rk, LabelSst: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                values.add(at(data, 0), at(data, 2));
            }
            // MulRk: a run of cells along a row.
            0x00BD if data.len() >= 6 => {
                let row = at(data, 0);
                values.add(row, at(data, 2));
                values.add(row, at(data, data.len() - 2));
            }
            // Formula: its value and its text.
            0x0006 => {
                values.add(at(data, 0), at(data, 2));
                formulas.add(at(data, 0), at(data, 2));
            }
            _ => {}
        }
    }
    Some(
        values
            .cells()
            .saturating_add(formulas.cells())
            .saturating_add(declared),
    )
}

/// The cells a DIMENSIONS record makes calamine reserve (as its `parse_dimensions` reads
/// it; a last row before the first wraps round there, so it counts as everything).
fn declared_cells(data: &[u8]) -> u64 {
    let u16_at = |i: usize| u64::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            data[i],
            data[i + 1],
            data[i + 2],
            data[i + 3],
        ]))
    };
    let (first_row, rows_end, mut first_col, cols_end) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if first_col > 0xFF || cols_end < first_col {
        first_col = 0;
    }
    if rows_end == 0 || cols_end == 0 {
        return 1;
    }
    let rows = rows_end.checked_sub(first_row).filter(|r| *r > 0);
    let cols = cols_end.checked_sub(first_col).filter(|c| *c > 0);
    match (rows, cols) {
        (Some(r), Some(c)) => r.saturating_mul(c),
        _ => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::document::Format;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
        let mut data = [row.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
        data.extend(value.to_le_bytes());
        record(0x0203, &data)
    }

    /// A BIFF8 workbook of one sheet "Data" holding `cells` records, with a DIMENSIONS
    /// record when given, in an OLE compound file.
    fn xls(cells: &[Vec<u8>], dimensions: Option<[u32; 4]>) -> Vec<u8> {
        let bof = |dt: u16| {
            record(
                0x0809,
                &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat(),
            )
        };
        let name = b"Data";
        let bound_len = 4 + 8 + name.len();
        let globals_len = bof(5).len() + bound_len + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, name.len() as u8, 0]);
        bound.extend(name);
        let mut stream = [bof(5), record(0x0085, &bound), record(0x000A, &[])].concat();
        assert_eq!(stream.len(), globals_len);
        stream.extend(bof(0x10));
        if let Some([r0, r1, c0, c1]) = dimensions {
            let data = [
                &r0.to_le_bytes()[..],
                &r1.to_le_bytes(),
                &(c0 as u16).to_le_bytes(),
                &(c1 as u16).to_le_bytes(),
                &[0, 0],
            ]
            .concat();
            stream.extend(record(0x0200, &data));
        }
        for c in cells {
            stream.extend(c);
        }
        stream.extend(record(0x000A, &[]));
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
        let mut s = file.create_stream("/Workbook").expect("stream");
        std::io::Write::write_all(&mut s, &stream).expect("write");
        drop(s);
        file.flush().expect("flush");
        file.into_inner().into_inner()
    }

    #[test]
    fn a_small_workbook_passes_and_reads() {
        let bytes = xls(&[number(0, 0, 1.0), number(1, 1, 2.5)], Some([0, 2, 0, 2]));
        assert!(bytes.starts_with(&OLE_MAGIC));
        assert!(check(&bytes).is_ok());
        let read = crate::corpus::formats::extract(Format::Xls, &bytes).expect("reads");
        assert_eq!(read.text, "1\n\t2.5\n");
    }

    #[test]
    fn far_apart_cells_or_a_huge_declared_size_are_refused_before_calamine() {
        // A1 and the last row and column a cell record can name: 4 billion cells.
        let far = xls(&[number(0, 0, 1.0), number(65_535, 65_535, 2.0)], None);
        assert!(matches!(check(&far), Err(SkipReason::Damaged(_))));
        assert!(crate::corpus::formats::extract(Format::Xls, &far).is_err());
        // A million rows declared: reserved by calamine before a cell is read.
        let declared = xls(&[number(0, 0, 1.0)], Some([0, 1_000_000, 0, 200]));
        assert!(matches!(check(&declared), Err(SkipReason::Damaged(_))));
        // A last row before the first wraps round in calamine.
        let wrapped = xls(&[number(0, 0, 1.0)], Some([10, 5, 0, 2]));
        assert!(matches!(check(&wrapped), Err(SkipReason::Damaged(_))));
    }
}
