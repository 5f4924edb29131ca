//! Word boxes as the page is shown: `pdf-extract` places glyphs on the page's media box,
//! unrotated, while a viewer (and `hayro`, which draws the page view) shows the crop box
//! turned by the page's `/Rotate`. A scan saved sideways and fixed with `/Rotate 90` is
//! common, and so is a crop box inside a larger media box: without this step the page
//! view would draw a rotated page's highlights across its lines, and a cropped page's a
//! margin away from its words. The layout's units are then the shown page's points from
//! its top-left corner, the same as the OCR'd pages' (drawn by `hayro`).

use lopdf::{Dictionary, Document as PdfDocument, Object, ObjectId};

use crate::corpus::layout::{PageLayout, PageRect, PageSize};

/// How a page's text-layer coordinates (points from the media box's top-left corner) map
/// to the page as shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    /// The crop box's left edge, right of the media box's (points).
    dx: f32,
    /// The crop box's top edge, below the media box's (points).
    dy: f32,
    /// The crop box's size, before rotation.
    width: f32,
    height: f32,
    /// Clockwise quarter turns (`/Rotate` / 90, 0 to 3).
    quarters: u8,
}

impl Shown {
    /// The page's size as shown (a quarter turn swaps its sides).
    pub fn size(&self) -> PageSize {
        if self.quarters % 2 == 1 {
            PageSize {
                width: self.height,
                height: self.width,
            }
        } else {
            PageSize {
                width: self.width,
                height: self.height,
            }
        }
    }

    /// A box of the unturned media box as the page is shown.
    pub fn rect(&self, r: PageRect) -> PageRect {
        let (x, y) = (r.x - self.dx, r.y - self.dy);
        let (w0, h0) = (self.width, self.height);
        match self.quarters {
            // A clockwise quarter turn takes the top-left corner to the top-right: (x, y)
            // goes to (h0 - y, x).
            1 => PageRect {
                x: h0 - y - r.h,
                y: x,
                w: r.h,
                h: r.w,
            },
            2 => PageRect {
                x: w0 - x - r.w,
                y: h0 - y - r.h,
                w: r.w,
                h: r.h,
            },
            // Three quarters (one anticlockwise): (x, y) goes to (y, w0 - x).
            3 => PageRect {
                x: y,
                y: w0 - x - r.w,
                w: r.h,
                h: r.w,
            },
            _ => PageRect { x, y, ..r },
        }
    }

    /// A direction on the unturned media box (y down) as it points on the page shown.
    pub(crate) fn direction(&self, (x, y): (f32, f32)) -> (f32, f32) {
        match self.quarters {
            1 => (-y, x),
            2 => (-x, -y),
            3 => (y, -x),
            _ => (x, y),
        }
    }
}

/// How page `page` is shown, with its media box `[llx, lly, urx, ury]` in user space
/// (where the media box's top-left corner, the origin of [`Shown::rect`], is).
pub(crate) fn shown_with_media(doc: &PdfDocument, page: &Dictionary) -> Option<(Shown, [f64; 4])> {
    let media = rect_of(&inherited(doc, page, b"MediaBox")?)?;
    Some((shown(doc, page)?, media))
}

/// How each page (in the order of `page_ids`) is shown: `None` for a page whose media box
/// cannot be read (its words are left where `pdf-extract` put them).
pub fn pages_shown(doc: &PdfDocument, page_ids: &[ObjectId]) -> Vec<Option<Shown>> {
    page_ids
        .iter()
        .map(|&id| {
            let page = doc.get_dictionary(id).ok()?;
            shown(doc, page)
        })
        .collect()
}

fn shown(doc: &PdfDocument, page: &Dictionary) -> Option<Shown> {
    let media = rect_of(&inherited(doc, page, b"MediaBox")?)?;
    let crop = inherited(doc, page, b"CropBox")
        .and_then(|o| rect_of(&o))
        .and_then(|c| intersect(c, media))
        .unwrap_or(media);
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    // A rotation that is not a multiple of 90 is ignored, as viewers (and hayro) do.
    let quarters = if rotate % 90 == 0 {
        (rotate.rem_euclid(360) / 90) as u8
    } else {
        0
    };
    Some(Shown {
        dx: (crop[0] - media[0]) as f32,
        dy: (media[3] - crop[3]) as f32,
        width: (crop[2] - crop[0]) as f32,
        height: (crop[3] - crop[1]) as f32,
        quarters,
    })
}

/// Moves every word of `layout` to where it is on its page as shown, and gives each page
/// its shown size.
pub fn turn(layout: &mut PageLayout, shown: &[Option<Shown>]) {
    for (page, size) in layout.pages.iter_mut().enumerate() {
        if let Some(Some(s)) = shown.get(page) {
            *size = s.size();
        }
    }
    for word in &mut layout.words {
        if let Some(Some(s)) = shown.get(word.page as usize) {
            word.rect = s.rect(word.rect);
        }
    }
}

/// A page attribute, looked up the page tree as PDF inherits it (the tree's loops are
/// refused before this runs; the walk is bounded all the same).
fn inherited(doc: &PdfDocument, page: &Dictionary, key: &[u8]) -> Option<Object> {
    let mut node = page;
    for _ in 0..256 {
        if let Ok(value) = node.get(key) {
            return match value {
                Object::Reference(id) => doc.get_object(*id).ok().cloned(),
                other => Some(other.clone()),
            };
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A rectangle `[llx, lly, urx, ury]`, its corners in order, finite, of some area.
fn rect_of(object: &Object) -> Option<[f64; 4]> {
    let items = object.as_array().ok()?;
    let mut v = [0.0; 4];
    for (slot, item) in v.iter_mut().zip(items.iter()) {
        *slot = match item {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => return None,
        };
    }
    let [a, b, c, d] = v;
    let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (items.len() == 4 && r.iter().all(|x| x.is_finite()) && r[2] > r[0] && r[3] > r[1]).then_some(r)
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] > r[0] && r[3] > r[1]).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(quarters: u8) -> Shown {
        Shown {
            dx: 0.0,
            dy: 0.0,
            width: 612.0,
            height: 792.0,
            quarters,
        }
    }

    #[test]
    fn a_word_turns_with_its_page() {
        // A word near the top-left corner of an upright Letter page.
        let word = PageRect {
            x: 72.0,
            y: 60.0,
            w: 100.0,
            h: 12.0,
        };
        assert_eq!(letter(0).rect(word), word);
        assert_eq!(
            letter(1).size(),
            PageSize {
                width: 792.0,
                height: 612.0
            }
        );
        // A clockwise quarter turn: the top-left corner goes to the top-right, the line
        // runs downwards.
        assert_eq!(
            letter(1).rect(word),
            PageRect {
                x: 792.0 - 72.0,
                y: 72.0,
                w: 12.0,
                h: 100.0
            }
        );
        // Upside down: near the bottom-right corner.
        assert_eq!(
            letter(2).rect(word),
            PageRect {
                x: 612.0 - 172.0,
                y: 792.0 - 72.0,
                w: 100.0,
                h: 12.0
            }
        );
        // Anticlockwise: near the bottom-left corner, the line running upwards.
        assert_eq!(
            letter(3).rect(word),
            PageRect {
                x: 60.0,
                y: 612.0 - 172.0,
                w: 12.0,
                h: 100.0
            }
        );
        // A crop box 50 points in from the media box's left and 20 down from its top.
        let cropped = Shown {
            dx: 50.0,
            dy: 20.0,
            ..letter(0)
        };
        assert_eq!(
            cropped.rect(word),
            PageRect {
                x: 22.0,
                y: 40.0,
                ..word
            }
        );
    }
}
