//! Turning a paragraph and its layers into a `LayoutJob`, and painting the overlays
//! (annotation bars, selection, flash) over its galley.

use std::ops::Range;

use egui::text::{CharIndex, LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId, Galley, Painter, Pos2, Rect, pos2};

use super::shape::Shape;
use super::{AnnotationMark, ReaderInput};
use crate::app::theme;
use crate::corpus::{Document, Format};
use crate::text::Paragraph;
use crate::text::layers::{assign_lanes, flatten};

/// Background layers, lowest rank first: a find hit covers an entity, the current hit
/// covers both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Entity(usize),
    Hit,
    CurrentHit,
}

/// Spans of `sorted` (by start) that intersect `range`.
pub(super) fn intersecting<'a, T>(
    sorted: &'a [T],
    range: &Range<usize>,
    span: impl Fn(&T) -> &Range<usize> + Copy + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    let end = range.end;
    let start = range.start;
    let upto = sorted.partition_point(|t| span(t).start < end);
    sorted[..upto].iter().filter(move |t| span(t).end > start)
}

/// The entity marks that intersect `range`. Mentions are sorted and never overlap, so
/// their ends are sorted too and both bounds are binary searches: a paragraph near the end
/// of a long document does not scan the tens of thousands of marks before it.
pub(super) fn entities_in<'a>(
    marks: &'a [super::EntityMark],
    range: &Range<usize>,
) -> &'a [super::EntityMark] {
    let from = marks.partition_point(|m| m.range.end <= range.start);
    let upto = marks
        .partition_point(|m| m.range.start < range.end)
        .max(from);
    &marks[from..upto]
}

/// The paragraph's chars cut where its background changes, each piece with its
/// background (entity, find hit, current hit; transparent where there is none).
pub fn backgrounds(
    para: &Paragraph,
    input: &ReaderInput,
    hits: &[Range<usize>],
    current: Option<&Range<usize>>,
) -> Vec<(Range<usize>, Color32)> {
    let range = para.chars();
    let mut spans: Vec<(Range<usize>, Layer)> = Vec::new();
    let visible_entities = entities_in(input.entities, &range);
    for (i, e) in visible_entities.iter().enumerate() {
        spans.push((e.range.clone(), Layer::Entity(i)));
    }
    for h in intersecting(hits, &range, |h| h) {
        let layer = if Some(h) == current {
            Layer::CurrentHit
        } else {
            Layer::Hit
        };
        spans.push((h.clone(), layer));
    }
    flatten(range, &spans)
        .into_iter()
        .map(|(piece, layer)| {
            let colour = match layer {
                Some(Layer::Entity(i)) => {
                    visible_entities.get(i).map_or(Color32::TRANSPARENT, |e| {
                        theme::entity_colour(e.kind, input.dark)
                    })
                }
                Some(Layer::Hit) => find_colour(input.dark, false),
                Some(Layer::CurrentHit) => find_colour(input.dark, true),
                None => Color32::TRANSPARENT,
            };
            (piece, colour)
        })
        .collect()
}

/// The text format of a paragraph and the bytes of its heading marker (drawn quietly).
pub fn paragraph_format(
    doc: &Document,
    text: &str,
    font_size: f32,
    text_colour: Color32,
) -> (TextFormat, usize) {
    let (size, family, heading_marker) = heading_style(doc, text, font_size);
    let format = TextFormat {
        font_id: FontId::new(size, family),
        color: text_colour,
        line_height: Some(size * 1.55),
        ..TextFormat::default()
    };
    (format, heading_marker)
}

/// The layout of one left-to-right paragraph with entity and find-hit backgrounds.
pub fn layout_job(
    doc: &Document,
    para: &Paragraph,
    input: &ReaderInput,
    backgrounds: &[(Range<usize>, Color32)],
    width: f32,
    text_colour: Color32,
) -> LayoutJob {
    let text = &doc.text.as_str()[para.bytes.clone()];
    let (base, heading_marker) = paragraph_format(doc, text, input.font_size, text_colour);
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    for (piece, background) in backgrounds {
        let Some(bytes) = doc.text.byte_range(piece.clone()) else {
            continue;
        };
        let local = bytes.start - para.bytes.start..bytes.end - para.bytes.start;
        let Some(s) = text.get(local.clone()) else {
            continue;
        };
        let mut format = base.clone();
        format.background = *background;
        // An email's quoted reply reads as quoted: dimmed, so the message's own words stand out.
        if doc.marks.is_quoted(piece.clone()) {
            format.color = theme::quoted_text(text_colour);
        }
        // A Markdown heading's leading `#`s are shown quietly.
        if heading_marker > 0 && local.start < heading_marker {
            let split = heading_marker.min(local.end) - local.start;
            let (marker, rest) = s.split_at(split.min(s.len()));
            let mut quiet = format.clone();
            quiet.color = text_colour.gamma_multiply(0.35);
            job.append(marker, 0.0, quiet);
            if !rest.is_empty() {
                job.append(rest, 0.0, format);
            }
        } else {
            job.append(s, 0.0, format);
        }
    }
    job
}

/// Markdown headings are larger and bold; returns (size, family, bytes of `#` marker).
fn heading_style(doc: &Document, text: &str, size: f32) -> (f32, FontFamily, usize) {
    let reading = FontFamily::Name(theme::READING.into());
    if doc.format != Format::Markdown || !text.starts_with('#') {
        return (size, reading, 0);
    }
    let level = text.chars().take_while(|&c| c == '#').count();
    let marker = level + usize::from(text[level..].starts_with(' '));
    if level > 6 || (marker == level && text.len() > level) {
        return (size, reading, 0); // "#hashtag", not a heading
    }
    let scale = match level {
        1 => 1.45,
        2 => 1.25,
        _ => 1.1,
    };
    (
        size * scale,
        FontFamily::Name(theme::READING_BOLD.into()),
        marker,
    )
}

pub(super) fn find_colour(dark: bool, current: bool) -> Color32 {
    match (dark, current) {
        (false, false) => Color32::from_rgb(0xff, 0xe5, 0x8a),
        (false, true) => Color32::from_rgb(0xff, 0xa7, 0x3d),
        (true, false) => Color32::from_rgb(0x6b, 0x5a, 0x1e),
        (true, true) => Color32::from_rgb(0xb0, 0x62, 0x10),
    }
}

/// Rectangles (relative to the galley) covering chars `range` of the paragraph (in
/// paragraph-local chars), one per row.
pub fn row_rects(galley: &Galley, range: Range<usize>) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let a = range.start.max(start);
        let b = range.end.min(start + n);
        if a < b {
            let x0 = row.pos.x + row.x_offset(CharIndex(a - start));
            let x1 = row.pos.x + row.x_offset(CharIndex(b - start));
            out.push(Rect::from_min_max(
                pos2(x0.min(x1), row.min_y()),
                pos2(x0.max(x1), row.max_y()),
            ));
        }
        start += row.char_count_including_newline().0;
    }
    out
}

/// Fills the part of global char `range` that falls in this paragraph; returns the
/// screen rectangles filled.
pub fn fill_range(
    painter: &Painter,
    pos: Pos2,
    shape: &Shape,
    para: &Paragraph,
    range: &Range<usize>,
    colour: Color32,
) -> Vec<Rect> {
    let rects = range_rects(pos, shape, para, range);
    for r in &rects {
        painter.rect_filled(*r, 2.0, colour);
    }
    rects
}

/// The screen rectangles (one per row) of the part of `range` in a paragraph laid out at
/// `pos`.
pub fn range_rects(pos: Pos2, shape: &Shape, para: &Paragraph, range: &Range<usize>) -> Vec<Rect> {
    let p = para.chars();
    let a = range.start.max(p.start);
    let b = range.end.min(p.end);
    if a >= b {
        return Vec::new();
    }
    shape
        .rects(a - p.start..b - p.start)
        .into_iter()
        .map(|r| r.translate(pos.to_vec2()))
        .collect()
}

/// Underline bars in each annotation's colour, stacked in lanes where annotations
/// overlap, and a marker in the left margin beside annotated rows.
pub fn annotation_bars(
    painter: &Painter,
    pos: Pos2,
    shape: &Shape,
    para: &Paragraph,
    marks: &[AnnotationMark],
    margin_x: f32,
    dark: bool,
) {
    let p = para.chars();
    let here: Vec<&AnnotationMark> = intersecting(marks, &p, |m| &m.range).collect();
    if here.is_empty() {
        return;
    }
    let ranges: Vec<Range<usize>> = here.iter().map(|m| m.range.clone()).collect();
    let lanes = assign_lanes(&ranges);
    let warning = theme::warning(dark);
    for (mark, lane) in here.iter().zip(lanes) {
        let a = mark.range.start.max(p.start) - p.start;
        let b = mark.range.end.min(p.end) - p.start;
        if a >= b {
            continue;
        }
        let thickness = if mark.selected { 3.5 } else { 2.5 };
        for r in shape.rects(a..b) {
            let r = r.translate(pos.to_vec2());
            if mark.selected {
                painter.rect_filled(r, 2.0, mark.colour.gamma_multiply(0.16));
            }
            let y = r.bottom() - 1.0 + lane as f32 * 4.0;
            let bar = Rect::from_min_max(pos2(r.left(), y), pos2(r.right(), y + thickness));
            if mark.wording_changed {
                dashed_bar(painter, bar, mark.colour, warning);
            } else {
                painter.rect_filled(bar, 1.0, mark.colour);
            }
            let marker = Rect::from_min_max(
                pos2(margin_x - 14.0 - lane as f32 * 5.0, r.top() + 2.0),
                pos2(margin_x - 11.0 - lane as f32 * 5.0, r.bottom() - 2.0),
            );
            painter.rect_filled(marker, 1.5, mark.colour);
        }
    }
}

/// The underline of an annotation whose wording changed: dashes in the tag's colour
/// alternating with the warning colour, so it reads as "this passage changed" at a glance.
fn dashed_bar(painter: &Painter, bar: Rect, colour: Color32, warning: Color32) {
    const DASH: f32 = 6.0;
    let mut x = bar.left();
    let mut i = 0;
    while x < bar.right() {
        let end = (x + DASH).min(bar.right());
        let c = if i % 2 == 0 { colour } else { warning };
        painter.rect_filled(
            Rect::from_min_max(pos2(x, bar.top()), pos2(end, bar.bottom())),
            0.0,
            c,
        );
        x = end + 1.0;
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::reader::EntityMark;

    #[test]
    fn entity_marks_of_a_paragraph_are_found_by_binary_search() {
        let marks: Vec<EntityMark> = [0..3, 5..8, 10..12, 20..25]
            .into_iter()
            .map(|range| EntityMark {
                range,
                kind: crate::entities::EntityKind::Loc,
                kind_name: "Place".into(),
                name: "x".into(),
                corpus_count: 1,
                detail: None,
                place: None,
            })
            .collect();
        let ranges = |r: Range<usize>| -> Vec<Range<usize>> {
            entities_in(&marks, &r)
                .iter()
                .map(|m| m.range.clone())
                .collect()
        };
        assert_eq!(ranges(0..100), vec![0..3, 5..8, 10..12, 20..25]);
        assert_eq!(ranges(6..11), vec![5..8, 10..12]);
        assert_eq!(ranges(3..5), Vec::<Range<usize>>::new());
        assert_eq!(ranges(12..20), Vec::<Range<usize>>::new());
        assert_eq!(ranges(24..30), vec![20..25]);
        assert_eq!(ranges(30..40), Vec::<Range<usize>>::new());
    }
}
