//! Text PDFs that `pdf-extract` cannot read as written, made readable before it runs.
//!
//! - The `'` and `"` text operators (PDF 32000-1, 9.4.3: move to the next line and show a
//!   string, `"` also setting the word and char spacing) are not interpreted by
//!   `pdf-extract`, so a page drawn with them seemed to have no text layer and went to
//!   OCR. Content streams that use them are rewritten as the equivalent `Tw`, `Tc`, `T*`
//!   and `Tj`.
//! - `/StandardEncoding`, the standard Type 1 encoding, makes `pdf-extract` panic
//!   ("unexpected encoding"): a font naming it gets the same table as `/Differences`.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document as PdfDocument, Object, ObjectId};

/// Rewrites every content stream (pages and forms) that uses `'` or `"`; returns how many.
pub fn spell_out_quote_operators(doc: &mut PdfDocument) -> usize {
    let mut ids: Vec<ObjectId> = doc
        .get_pages()
        .into_values()
        .flat_map(|page| doc.get_page_contents(page))
        .collect();
    ids.extend(doc.objects.iter().filter_map(|(id, object)| {
        let Object::Stream(stream) = object else {
            return None;
        };
        let form = stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form");
        form.then_some(*id)
    }));
    ids.sort();
    ids.dedup();
    let mut rewritten = 0;
    for id in ids {
        let Ok(Object::Stream(stream)) = doc.get_object_mut(id) else {
            continue;
        };
        let Ok(content) = stream.get_plain_content() else {
            continue;
        };
        if !has_quote_operator(&content) {
            continue;
        }
        let Ok(decoded) = Content::decode(&content) else {
            continue;
        };
        let Ok(encoded) = spelled_out(decoded).encode() else {
            continue;
        };
        stream.set_plain_content(encoded);
        rewritten += 1;
    }
    rewritten
}

/// The same drawing with `'` and `"` written as the operators they stand for.
fn spelled_out(content: Content) -> Content {
    let mut operations = Vec::with_capacity(content.operations.len());
    for op in content.operations {
        match op.operator.as_str() {
            "'" => {
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", op.operands));
            }
            "\"" => {
                let mut operands = op.operands.into_iter();
                let (word, char_spacing, text) =
                    (operands.next(), operands.next(), operands.next());
                if let Some(word) = word {
                    operations.push(Operation::new("Tw", vec![word]));
                }
                if let Some(char_spacing) = char_spacing {
                    operations.push(Operation::new("Tc", vec![char_spacing]));
                }
                operations.push(Operation::new("T*", vec![]));
                operations.push(Operation::new("Tj", text.into_iter().collect()));
            }
            _ => operations.push(op),
        }
    }
    Content { operations }
}

/// True when `content` may use `'` or `"` as an operator: either byte outside a string,
/// a comment or a name. A cheap scan, so that only the streams that need it are decoded
/// twice (an inline image's bytes may give a false alarm, which only costs a decode).
fn has_quote_operator(content: &[u8]) -> bool {
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'(' => {
                // A literal string: balanced parentheses, backslash escapes.
                let mut depth = 1usize;
                i += 1;
                while i < content.len() && depth > 0 {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
            }
            b'\'' | b'"' => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Gives every simple font whose encoding is, or is based on, `/StandardEncoding` that
/// encoding as `/Differences`; returns how many fonts were changed.
pub fn spell_out_standard_encoding(doc: &mut PdfDocument) -> usize {
    let standard = |o: &Object| o.as_name().ok() == Some(b"StandardEncoding".as_slice());
    let mut changes: Vec<(ObjectId, Option<ObjectId>)> = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(font) = object.as_dict() else {
            continue;
        };
        let name = |key: &[u8]| font.get(key).and_then(Object::as_name).ok();
        let simple = matches!(name(b"Subtype"), Some(b"Type1" | b"TrueType" | b"MMType1"));
        if name(b"Type") != Some(b"Font".as_slice()) || !simple {
            continue;
        }
        match font.get(b"Encoding") {
            Ok(encoding) if standard(encoding) => changes.push((*id, None)),
            Ok(Object::Dictionary(encoding))
                if encoding.get(b"BaseEncoding").is_ok_and(standard) =>
            {
                changes.push((*id, None));
            }
            Ok(Object::Reference(target)) => {
                if let Ok(encoding) = doc.get_dictionary(*target)
                    && encoding.get(b"BaseEncoding").is_ok_and(standard)
                {
                    changes.push((*id, Some(*target)));
                }
            }
            _ => {}
        }
    }
    for (font_id, shared) in &changes {
        let own = match shared {
            Some(target) => doc.get_dictionary(*target).ok().cloned(),
            None => doc
                .get_dictionary(*font_id)
                .ok()
                .and_then(|f| f.get(b"Encoding").ok())
                .and_then(|e| e.as_dict().ok())
                .cloned(),
        };
        let encoding = standard_differences(own.as_ref());
        if let Ok(font) = doc.get_dictionary_mut(*font_id) {
            font.set("Encoding", Object::Dictionary(encoding));
        }
    }
    changes.len()
}

/// The standard encoding as an encoding dictionary of `/Differences`, followed by those
/// of `own` (a font's own encoding dictionary based on it), which win.
fn standard_differences(own: Option<&Dictionary>) -> Dictionary {
    let mut differences = Vec::with_capacity(STANDARD_ENCODING.len() * 2);
    for &(code, name) in STANDARD_ENCODING {
        differences.push(Object::Integer(i64::from(code)));
        differences.push(Object::Name(name.as_bytes().to_vec()));
    }
    if let Some(Ok(more)) = own.map(|d| d.get(b"Differences").and_then(Object::as_array)) {
        differences.extend(more.iter().cloned());
    }
    let mut encoding = Dictionary::new();
    encoding.set("Type", Object::Name(b"Encoding".to_vec()));
    encoding.set("Differences", Object::Array(differences));
    encoding
}

/// Adobe's StandardEncoding (PDF 32000-1, Annex D.2): code and glyph name.
const STANDARD_ENCODING: &[(u8, &str)] = &[
    (32, "space"),
    (33, "exclam"),
    (34, "quotedbl"),
    (35, "numbersign"),
    (36, "dollar"),
    (37, "percent"),
    (38, "ampersand"),
    (39, "quoteright"),
    (40, "parenleft"),
    (41, "parenright"),
    (42, "asterisk"),
    (43, "plus"),
    (44, "comma"),
    (45, "hyphen"),
    (46, "period"),
    (47, "slash"),
    (48, "zero"),
    (49, "one"),
    (50, "two"),
    (51, "three"),
    (52, "four"),
    (53, "five"),
    (54, "six"),
    (55, "seven"),
    (56, "eight"),
    (57, "nine"),
    (58, "colon"),
    (59, "semicolon"),
    (60, "less"),
    (61, "equal"),
    (62, "greater"),
    (63, "question"),
    (64, "at"),
    (65, "A"),
    (66, "B"),
    (67, "C"),
    (68, "D"),
    (69, "E"),
    (70, "F"),
    (71, "G"),
    (72, "H"),
    (73, "I"),
    (74, "J"),
    (75, "K"),
    (76, "L"),
    (77, "M"),
    (78, "N"),
    (79, "O"),
    (80, "P"),
    (81, "Q"),
    (82, "R"),
    (83, "S"),
    (84, "T"),
    (85, "U"),
    (86, "V"),
    (87, "W"),
    (88, "X"),
    (89, "Y"),
    (90, "Z"),
    (91, "bracketleft"),
    (92, "backslash"),
    (93, "bracketright"),
    (94, "asciicircum"),
    (95, "underscore"),
    (96, "quoteleft"),
    (97, "a"),
    (98, "b"),
    (99, "c"),
    (100, "d"),
    (101, "e"),
    (102, "f"),
    (103, "g"),
    (104, "h"),
    (105, "i"),
    (106, "j"),
    (107, "k"),
    (108, "l"),
    (109, "m"),
    (110, "n"),
    (111, "o"),
    (112, "p"),
    (113, "q"),
    (114, "r"),
    (115, "s"),
    (116, "t"),
    (117, "u"),
    (118, "v"),
    (119, "w"),
    (120, "x"),
    (121, "y"),
    (122, "z"),
    (123, "braceleft"),
    (124, "bar"),
    (125, "braceright"),
    (126, "asciitilde"),
    (161, "exclamdown"),
    (162, "cent"),
    (163, "sterling"),
    (164, "fraction"),
    (165, "yen"),
    (166, "florin"),
    (167, "section"),
    (168, "currency"),
    (169, "quotesingle"),
    (170, "quotedblleft"),
    (171, "guillemotleft"),
    (172, "guilsinglleft"),
    (173, "guilsinglright"),
    (174, "fi"),
    (175, "fl"),
    (177, "endash"),
    (178, "dagger"),
    (179, "daggerdbl"),
    (180, "periodcentered"),
    (182, "paragraph"),
    (183, "bullet"),
    (184, "quotesinglbase"),
    (185, "quotedblbase"),
    (186, "quotedblright"),
    (187, "guillemotright"),
    (188, "ellipsis"),
    (189, "perthousand"),
    (191, "questiondown"),
    (193, "grave"),
    (194, "acute"),
    (195, "circumflex"),
    (196, "tilde"),
    (197, "macron"),
    (198, "breve"),
    (199, "dotaccent"),
    (200, "dieresis"),
    (202, "ring"),
    (203, "cedilla"),
    (205, "hungarumlaut"),
    (206, "ogonek"),
    (207, "caron"),
    (208, "emdash"),
    (225, "AE"),
    (227, "ordfeminine"),
    (232, "Lslash"),
    (233, "Oslash"),
    (234, "OE"),
    (235, "ordmasculine"),
    (241, "ae"),
    (245, "dotlessi"),
    (248, "lslash"),
    (249, "oslash"),
    (250, "oe"),
    (251, "germandbls"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_operators_are_found_outside_strings_only() {
        assert!(has_quote_operator(b"BT (Hello) ' ET"));
        assert!(has_quote_operator(b"BT 1 2 (Hello) \" ET"));
        assert!(!has_quote_operator(b"BT (don't say \"no\") Tj ET"));
        assert!(!has_quote_operator(
            b"BT (a (nested ' one) \\) ') Tj % it's\nET"
        ));
    }

    #[test]
    fn quote_operators_become_the_operators_they_stand_for() {
        let content = Content::decode(b"BT (a) ' 1 2 (b) \" ET").unwrap();
        let ops: Vec<String> = spelled_out(content)
            .operations
            .into_iter()
            .map(|op| op.operator)
            .collect();
        assert_eq!(ops, ["BT", "T*", "Tj", "Tw", "Tc", "T*", "Tj", "ET"]);
    }

    #[test]
    fn the_standard_encoding_puts_quotes_where_type1_fonts_have_them() {
        let names: std::collections::HashMap<u8, &str> =
            STANDARD_ENCODING.iter().copied().collect();
        assert_eq!(names.get(&39), Some(&"quoteright"));
        assert_eq!(names.get(&65), Some(&"A"));
        assert_eq!(names.get(&251), Some(&"germandbls"));
        assert_eq!(names.get(&128), None);
    }
}
