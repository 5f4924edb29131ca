//! Symbol fonts: the `©`, `®`, `™`, Greek letters and mathematical signs that documents set
//! in Adobe's Symbol font (or a clone, such as Windows' "SymbolMT") read as those
//! characters.
//!
//! Two things go wrong without this module:
//! * The glyph names of the Symbol font's serif and sans-serif variants of `©`, `®` and
//!   `™` ("copyrightserif", "copyrightsans"...) are mapped by the Adobe Glyph List to
//!   private-use code points (U+F6D9, U+F8E9...), which show as boxes and match no search.
//!   [`standard_text`] maps them to the standard characters, whatever font they came from.
//! * A Symbol font given without a `/ToUnicode` map and without its own glyph names
//!   (`/Differences`), as producers commonly write TrueType "SymbolMT", is decoded by
//!   `pdf-extract` as if it used Windows' Latin encoding: the Symbol font's `©` (code
//!   0xD3) comes out as "Ó", its `α` as "a". [`map_symbol_fonts`] gives such fonts a
//!   `/ToUnicode` map of the Symbol encoding before the text is extracted.

use std::borrow::Cow;

use lopdf::{Dictionary, Document as PdfDocument, Object, ObjectId, Stream};

/// The Symbol font's built-in encoding: code, character (the font's AFM glyph names, mapped
/// as the Adobe Glyph List and Unicode's own mapping of the font do, with the
/// private-use variants replaced by standard characters).
const SYMBOL_ENCODING: [(u8, char); 189] = [
    (0x20, '\u{0020}'), // space
    (0x21, '\u{0021}'), // exclam
    (0x22, '\u{2200}'), // universal
    (0x23, '\u{0023}'), // numbersign
    (0x24, '\u{2203}'), // existential
    (0x25, '\u{0025}'), // percent
    (0x26, '\u{0026}'), // ampersand
    (0x27, '\u{220B}'), // suchthat
    (0x28, '\u{0028}'), // parenleft
    (0x29, '\u{0029}'), // parenright
    (0x2A, '\u{2217}'), // asteriskmath
    (0x2B, '\u{002B}'), // plus
    (0x2C, '\u{002C}'), // comma
    (0x2D, '\u{2212}'), // minus
    (0x2E, '\u{002E}'), // period
    (0x2F, '\u{002F}'), // slash
    (0x30, '\u{0030}'), // zero
    (0x31, '\u{0031}'), // one
    (0x32, '\u{0032}'), // two
    (0x33, '\u{0033}'), // three
    (0x34, '\u{0034}'), // four
    (0x35, '\u{0035}'), // five
    (0x36, '\u{0036}'), // six
    (0x37, '\u{0037}'), // seven
    (0x38, '\u{0038}'), // eight
    (0x39, '\u{0039}'), // nine
    (0x3A, '\u{003A}'), // colon
    (0x3B, '\u{003B}'), // semicolon
    (0x3C, '\u{003C}'), // less
    (0x3D, '\u{003D}'), // equal
    (0x3E, '\u{003E}'), // greater
    (0x3F, '\u{003F}'), // question
    (0x40, '\u{2245}'), // congruent
    (0x41, '\u{0391}'), // Alpha
    (0x42, '\u{0392}'), // Beta
    (0x43, '\u{03A7}'), // Chi
    (0x44, '\u{2206}'), // Delta
    (0x45, '\u{0395}'), // Epsilon
    (0x46, '\u{03A6}'), // Phi
    (0x47, '\u{0393}'), // Gamma
    (0x48, '\u{0397}'), // Eta
    (0x49, '\u{0399}'), // Iota
    (0x4A, '\u{03D1}'), // theta1
    (0x4B, '\u{039A}'), // Kappa
    (0x4C, '\u{039B}'), // Lambda
    (0x4D, '\u{039C}'), // Mu
    (0x4E, '\u{039D}'), // Nu
    (0x4F, '\u{039F}'), // Omicron
    (0x50, '\u{03A0}'), // Pi
    (0x51, '\u{0398}'), // Theta
    (0x52, '\u{03A1}'), // Rho
    (0x53, '\u{03A3}'), // Sigma
    (0x54, '\u{03A4}'), // Tau
    (0x55, '\u{03A5}'), // Upsilon
    (0x56, '\u{03C2}'), // sigma1
    (0x57, '\u{2126}'), // Omega
    (0x58, '\u{039E}'), // Xi
    (0x59, '\u{03A8}'), // Psi
    (0x5A, '\u{0396}'), // Zeta
    (0x5B, '\u{005B}'), // bracketleft
    (0x5C, '\u{2234}'), // therefore
    (0x5D, '\u{005D}'), // bracketright
    (0x5E, '\u{22A5}'), // perpendicular
    (0x5F, '\u{005F}'), // underscore
    (0x60, '\u{203E}'), // radicalex
    (0x61, '\u{03B1}'), // alpha
    (0x62, '\u{03B2}'), // beta
    (0x63, '\u{03C7}'), // chi
    (0x64, '\u{03B4}'), // delta
    (0x65, '\u{03B5}'), // epsilon
    (0x66, '\u{03C6}'), // phi
    (0x67, '\u{03B3}'), // gamma
    (0x68, '\u{03B7}'), // eta
    (0x69, '\u{03B9}'), // iota
    (0x6A, '\u{03D5}'), // phi1
    (0x6B, '\u{03BA}'), // kappa
    (0x6C, '\u{03BB}'), // lambda
    (0x6D, '\u{00B5}'), // mu
    (0x6E, '\u{03BD}'), // nu
    (0x6F, '\u{03BF}'), // omicron
    (0x70, '\u{03C0}'), // pi
    (0x71, '\u{03B8}'), // theta
    (0x72, '\u{03C1}'), // rho
    (0x73, '\u{03C3}'), // sigma
    (0x74, '\u{03C4}'), // tau
    (0x75, '\u{03C5}'), // upsilon
    (0x76, '\u{03D6}'), // omega1
    (0x77, '\u{03C9}'), // omega
    (0x78, '\u{03BE}'), // xi
    (0x79, '\u{03C8}'), // psi
    (0x7A, '\u{03B6}'), // zeta
    (0x7B, '\u{007B}'), // braceleft
    (0x7C, '\u{007C}'), // bar
    (0x7D, '\u{007D}'), // braceright
    (0x7E, '\u{223C}'), // similar
    (0xA0, '\u{20AC}'), // Euro
    (0xA1, '\u{03D2}'), // Upsilon1
    (0xA2, '\u{2032}'), // minute
    (0xA3, '\u{2264}'), // lessequal
    (0xA4, '\u{2044}'), // fraction
    (0xA5, '\u{221E}'), // infinity
    (0xA6, '\u{0192}'), // florin
    (0xA7, '\u{2663}'), // club
    (0xA8, '\u{2666}'), // diamond
    (0xA9, '\u{2665}'), // heart
    (0xAA, '\u{2660}'), // spade
    (0xAB, '\u{2194}'), // arrowboth
    (0xAC, '\u{2190}'), // arrowleft
    (0xAD, '\u{2191}'), // arrowup
    (0xAE, '\u{2192}'), // arrowright
    (0xAF, '\u{2193}'), // arrowdown
    (0xB0, '\u{00B0}'), // degree
    (0xB1, '\u{00B1}'), // plusminus
    (0xB2, '\u{2033}'), // second
    (0xB3, '\u{2265}'), // greaterequal
    (0xB4, '\u{00D7}'), // multiply
    (0xB5, '\u{221D}'), // proportional
    (0xB6, '\u{2202}'), // partialdiff
    (0xB7, '\u{2022}'), // bullet
    (0xB8, '\u{00F7}'), // divide
    (0xB9, '\u{2260}'), // notequal
    (0xBA, '\u{2261}'), // equivalence
    (0xBB, '\u{2248}'), // approxequal
    (0xBC, '\u{2026}'), // ellipsis
    (0xBD, '\u{23D0}'), // arrowvertex
    (0xBE, '\u{23AF}'), // arrowhorizex
    (0xBF, '\u{21B5}'), // carriagereturn
    (0xC0, '\u{2135}'), // aleph
    (0xC1, '\u{2111}'), // Ifraktur
    (0xC2, '\u{211C}'), // Rfraktur
    (0xC3, '\u{2118}'), // weierstrass
    (0xC4, '\u{2297}'), // circlemultiply
    (0xC5, '\u{2295}'), // circleplus
    (0xC6, '\u{2205}'), // emptyset
    (0xC7, '\u{2229}'), // intersection
    (0xC8, '\u{222A}'), // union
    (0xC9, '\u{2283}'), // propersuperset
    (0xCA, '\u{2287}'), // reflexsuperset
    (0xCB, '\u{2284}'), // notsubset
    (0xCC, '\u{2282}'), // propersubset
    (0xCD, '\u{2286}'), // reflexsubset
    (0xCE, '\u{2208}'), // element
    (0xCF, '\u{2209}'), // notelement
    (0xD0, '\u{2220}'), // angle
    (0xD1, '\u{2207}'), // gradient
    (0xD2, '\u{00AE}'), // registerserif
    (0xD3, '\u{00A9}'), // copyrightserif
    (0xD4, '\u{2122}'), // trademarkserif
    (0xD5, '\u{220F}'), // product
    (0xD6, '\u{221A}'), // radical
    (0xD7, '\u{22C5}'), // dotmath
    (0xD8, '\u{00AC}'), // logicalnot
    (0xD9, '\u{2227}'), // logicaland
    (0xDA, '\u{2228}'), // logicalor
    (0xDB, '\u{21D4}'), // arrowdblboth
    (0xDC, '\u{21D0}'), // arrowdblleft
    (0xDD, '\u{21D1}'), // arrowdblup
    (0xDE, '\u{21D2}'), // arrowdblright
    (0xDF, '\u{21D3}'), // arrowdbldown
    (0xE0, '\u{25CA}'), // lozenge
    (0xE1, '\u{2329}'), // angleleft
    (0xE2, '\u{00AE}'), // registersans
    (0xE3, '\u{00A9}'), // copyrightsans
    (0xE4, '\u{2122}'), // trademarksans
    (0xE5, '\u{2211}'), // summation
    (0xE6, '\u{239B}'), // parenlefttp
    (0xE7, '\u{239C}'), // parenleftex
    (0xE8, '\u{239D}'), // parenleftbt
    (0xE9, '\u{23A1}'), // bracketlefttp
    (0xEA, '\u{23A2}'), // bracketleftex
    (0xEB, '\u{23A3}'), // bracketleftbt
    (0xEC, '\u{23A7}'), // bracelefttp
    (0xED, '\u{23A8}'), // braceleftmid
    (0xEE, '\u{23A9}'), // braceleftbt
    (0xEF, '\u{23AA}'), // braceex
    (0xF1, '\u{232A}'), // angleright
    (0xF2, '\u{222B}'), // integral
    (0xF3, '\u{2320}'), // integraltp
    (0xF4, '\u{23AE}'), // integralex
    (0xF5, '\u{2321}'), // integralbt
    (0xF6, '\u{239E}'), // parenrighttp
    (0xF7, '\u{239F}'), // parenrightex
    (0xF8, '\u{23A0}'), // parenrightbt
    (0xF9, '\u{23A4}'), // bracketrighttp
    (0xFA, '\u{23A5}'), // bracketrightex
    (0xFB, '\u{23A6}'), // bracketrightbt
    (0xFC, '\u{23AB}'), // bracerighttp
    (0xFD, '\u{23AC}'), // bracerightmid
    (0xFE, '\u{23AD}'), // bracerightbt
];

/// `text` with the Adobe Glyph List's private-use variants of `©`, `®` and `™` replaced by
/// the standard characters (borrowed unchanged when there are none).
pub fn standard_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| standard_char(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| standard_char(c).unwrap_or(c))
            .collect(),
    )
}

fn standard_char(c: char) -> Option<char> {
    match c {
        '\u{F6D9}' | '\u{F8E9}' => Some('©'),
        '\u{F6DA}' | '\u{F8E8}' => Some('®'),
        '\u{F6DB}' | '\u{F8EA}' => Some('™'),
        _ => None,
    }
}

/// Gives every simple font named "Symbol..." that has neither a `/ToUnicode` map nor
/// glyph names of its own (`/Differences`) a `/ToUnicode` map of the Symbol encoding.
/// Returns how many fonts were given one.
pub fn map_symbol_fonts(doc: &mut PdfDocument) -> usize {
    let fonts: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, object)| object.as_dict().is_ok_and(|d| needs_symbol_map(doc, d)))
        .map(|(id, _)| *id)
        .collect();
    if fonts.is_empty() {
        return 0;
    }
    let map_id = doc.add_object(Stream::new(
        Dictionary::new(),
        to_unicode_cmap().into_bytes(),
    ));
    for id in &fonts {
        if let Ok(Object::Dictionary(font)) = doc.get_object_mut(*id) {
            font.set("ToUnicode", Object::Reference(map_id));
        }
    }
    fonts.len()
}

fn needs_symbol_map(doc: &PdfDocument, font: &Dictionary) -> bool {
    let name = |key: &[u8]| font.get(key).and_then(Object::as_name).ok();
    let simple = matches!(name(b"Subtype"), Some(b"Type1" | b"TrueType" | b"MMType1"));
    let is_font = name(b"Type") == Some(b"Font".as_slice());
    let symbol = name(b"BaseFont").is_some_and(|base| {
        // A subset's name starts with six capitals and "+": "ABCDEF+SymbolMT".
        let base = match base.iter().position(|&b| b == b'+') {
            Some(6) => &base[7..],
            _ => base,
        };
        base.len() >= 6 && base[..6].eq_ignore_ascii_case(b"symbol")
    });
    let own_names = font
        .get(b"Encoding")
        .ok()
        .and_then(|e| doc.dereference(e).ok())
        .and_then(|(_, e)| e.as_dict().ok())
        .is_some_and(|e| e.has(b"Differences"));
    is_font && simple && symbol && !font.has(b"ToUnicode") && !own_names
}

/// A `/ToUnicode` CMap (PDF 32000-1, 9.10.3) of [`SYMBOL_ENCODING`].
fn to_unicode_cmap() -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Dossier-Symbol-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
    );
    // At most 100 mappings per block, as the CMap format requires.
    for block in SYMBOL_ENCODING.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, c) in block {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{code:02X}> <{hex}>\n"));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_use_variants_become_standard_characters() {
        assert_eq!(standard_text("\u{F6D9} 2019 \u{F8EA}"), "© 2019 ™");
        assert!(matches!(standard_text("plain ©"), Cow::Borrowed("plain ©")));
    }

    #[test]
    fn the_symbol_encoding_has_no_private_use_characters_left() {
        let codes: Vec<u8> = SYMBOL_ENCODING.iter().map(|(code, _)| *code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        assert!(
            SYMBOL_ENCODING
                .iter()
                .all(|&(_, c)| !('\u{E000}'..='\u{F8FF}').contains(&c))
        );
        let lookup = |code: u8| {
            SYMBOL_ENCODING
                .iter()
                .find(|(c, _)| *c == code)
                .map(|p| p.1)
        };
        assert_eq!(lookup(0xD3), Some('©'));
        assert_eq!(lookup(0xE3), Some('©'));
        assert_eq!(lookup(0x61), Some('α'));
        assert!(to_unicode_cmap().contains("<D3> <00A9>"));
    }
}
