//! Workbooks made in code: the few parts of an `.xlsx` that a reader needs (content types,
//! the workbook with its sheets, their relationships, one XML part per sheet), with
//! numbers as numbers and everything else as inline strings.

use super::office::zip_of;

/// An `.xlsx` of the given sheets, each a name and its rows of cells from A1.
pub fn xlsx(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let sheets: Vec<(&str, String)> = sheets
        .iter()
        .map(|(name, rows)| (*name, sheet_data(rows)))
        .collect();
    xlsx_with_sheet_data(&sheets)
}

/// An `.xlsx` whose sheets are given as the XML inside their `<sheetData>`.
pub fn xlsx_with_sheet_data(sheets: &[(&str, String)]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides = String::new();
    let mut listed = String::new();
    let mut rels = String::new();
    for (i, (name, data)) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        listed.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            escape(name)
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        entries.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            )
            .into_bytes(),
        ));
    }
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
    );
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    entries.push(("[Content_Types].xml".to_owned(), content_types.into_bytes()));
    entries.push(("_rels/.rels".to_owned(), root_rels.as_bytes().to_vec()));
    entries.push(("xl/workbook.xml".to_owned(), workbook.into_bytes()));
    entries.push((
        "xl/_rels/workbook.xml.rels".to_owned(),
        workbook_rels.into_bytes(),
    ));
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip_of(&refs)
}

/// The `<sheetData>` of rows of cells from A1: a cell that parses as a number is one.
pub fn sheet_data(rows: &[&[&str]]) -> String {
    let mut xml = String::new();
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, value) in row.iter().enumerate() {
            let at = format!("{}{}", column(c), r + 1);
            if value.parse::<f64>().is_ok() {
                xml.push_str(&format!(r#"<c r="{at}"><v>{value}</v></c>"#));
            } else {
                xml.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    escape(value)
                ));
            }
        }
        xml.push_str("</row>");
    }
    xml
}

/// Rows `from..=to` holding one formatted cell each and no value, as a sheet formatted
/// down to its last row has them.
pub fn empty_formatted_rows(from: usize, to: usize) -> String {
    let mut xml = String::with_capacity((to - from + 1) * 40);
    for r in from..=to {
        xml.push_str(&format!(r#"<row r="{r}"><c r="A{r}" s="1"/></row>"#));
    }
    xml
}

/// "A", "B", ... "Z", "AA" for a 0-based column.
fn column(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A BIFF8 record: type, length, data.
fn biff_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// A NUMBER record: a number at (row, column), counted from 0.
pub fn xls_number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut data = [row.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
    data.extend(value.to_le_bytes());
    biff_record(0x0203, &data)
}

/// An `.xls` (BIFF8 in an OLE compound file) of one sheet "Data" holding the given cell
/// records: the few records calamine needs.
pub fn xls(cells: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let data = [&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat();
        biff_record(0x0809, &data)
    };
    let name = b"Data";
    let globals_len = bof(5).len() + 4 + 8 + name.len() + 4;
    let mut bound = (globals_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, name.len() as u8, 0]);
    bound.extend(name);
    let mut stream = [
        bof(5),
        biff_record(0x0085, &bound),
        biff_record(0x000A, &[]),
    ]
    .concat();
    stream.extend(bof(0x10));
    for c in cells {
        stream.extend(c);
    }
    stream.extend(biff_record(0x000A, &[]));
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("create");
    let mut s = file.create_stream("/Workbook").expect("stream");
    std::io::Write::write_all(&mut s, &stream).expect("write");
    drop(s);
    file.flush().expect("flush");
    file.into_inner().into_inner()
}
