//! Tesseract's language codes as people read them ("Arabic (ara)"), and the check that the
//! languages asked for are installed, with the package that installs a missing one.

use super::engine::Tesseract;

/// Tesseract's language codes (its `tessdata` files) and their names in English.
const NAMES: &[(&str, &str)] = &[
    ("afr", "Afrikaans"),
    ("amh", "Amharic"),
    ("ara", "Arabic"),
    ("asm", "Assamese"),
    ("aze", "Azerbaijani"),
    ("aze_cyrl", "Azerbaijani (Cyrillic)"),
    ("bel", "Belarusian"),
    ("ben", "Bengali"),
    ("bod", "Tibetan"),
    ("bos", "Bosnian"),
    ("bre", "Breton"),
    ("bul", "Bulgarian"),
    ("cat", "Catalan"),
    ("ceb", "Cebuano"),
    ("ces", "Czech"),
    ("chi_sim", "Chinese (Simplified)"),
    ("chi_sim_vert", "Chinese (Simplified, vertical)"),
    ("chi_tra", "Chinese (Traditional)"),
    ("chi_tra_vert", "Chinese (Traditional, vertical)"),
    ("chr", "Cherokee"),
    ("cos", "Corsican"),
    ("cym", "Welsh"),
    ("dan", "Danish"),
    ("deu", "German"),
    ("div", "Dhivehi"),
    ("dzo", "Dzongkha"),
    ("ell", "Greek"),
    ("eng", "English"),
    ("enm", "Middle English"),
    ("epo", "Esperanto"),
    ("est", "Estonian"),
    ("eus", "Basque"),
    ("fao", "Faroese"),
    ("fas", "Persian"),
    ("fil", "Filipino"),
    ("fin", "Finnish"),
    ("fra", "French"),
    ("frk", "German (Fraktur)"),
    ("frm", "Middle French"),
    ("fry", "Western Frisian"),
    ("gla", "Scottish Gaelic"),
    ("gle", "Irish"),
    ("glg", "Galician"),
    ("grc", "Ancient Greek"),
    ("guj", "Gujarati"),
    ("hat", "Haitian Creole"),
    ("heb", "Hebrew"),
    ("hin", "Hindi"),
    ("hrv", "Croatian"),
    ("hun", "Hungarian"),
    ("hye", "Armenian"),
    ("iku", "Inuktitut"),
    ("ind", "Indonesian"),
    ("isl", "Icelandic"),
    ("ita", "Italian"),
    ("ita_old", "Old Italian"),
    ("jav", "Javanese"),
    ("jpn", "Japanese"),
    ("jpn_vert", "Japanese (vertical)"),
    ("kan", "Kannada"),
    ("kat", "Georgian"),
    ("kat_old", "Old Georgian"),
    ("kaz", "Kazakh"),
    ("khm", "Khmer"),
    ("kir", "Kyrgyz"),
    ("kmr", "Kurmanji Kurdish"),
    ("kor", "Korean"),
    ("kor_vert", "Korean (vertical)"),
    ("lao", "Lao"),
    ("lat", "Latin"),
    ("lav", "Latvian"),
    ("lit", "Lithuanian"),
    ("ltz", "Luxembourgish"),
    ("mal", "Malayalam"),
    ("mar", "Marathi"),
    ("mkd", "Macedonian"),
    ("mlt", "Maltese"),
    ("mon", "Mongolian"),
    ("mri", "Maori"),
    ("msa", "Malay"),
    ("mya", "Burmese"),
    ("nep", "Nepali"),
    ("nld", "Dutch"),
    ("nor", "Norwegian"),
    ("oci", "Occitan"),
    ("ori", "Odia"),
    ("pan", "Punjabi"),
    ("pol", "Polish"),
    ("por", "Portuguese"),
    ("pus", "Pashto"),
    ("que", "Quechua"),
    ("ron", "Romanian"),
    ("rus", "Russian"),
    ("san", "Sanskrit"),
    ("sin", "Sinhala"),
    ("slk", "Slovak"),
    ("slv", "Slovenian"),
    ("snd", "Sindhi"),
    ("spa", "Spanish"),
    ("spa_old", "Old Spanish"),
    ("sqi", "Albanian"),
    ("srp", "Serbian"),
    ("srp_latn", "Serbian (Latin)"),
    ("sun", "Sundanese"),
    ("swa", "Swahili"),
    ("swe", "Swedish"),
    ("syr", "Syriac"),
    ("tam", "Tamil"),
    ("tat", "Tatar"),
    ("tel", "Telugu"),
    ("tgk", "Tajik"),
    ("tha", "Thai"),
    ("tir", "Tigrinya"),
    ("ton", "Tongan"),
    ("tur", "Turkish"),
    ("uig", "Uyghur"),
    ("ukr", "Ukrainian"),
    ("urd", "Urdu"),
    ("uzb", "Uzbek"),
    ("uzb_cyrl", "Uzbek (Cyrillic)"),
    ("vie", "Vietnamese"),
    ("yid", "Yiddish"),
    ("yor", "Yoruba"),
];

/// The language's name and code, "Arabic (ara)"; an unknown code alone.
pub fn label(code: &str) -> String {
    match NAMES.binary_search_by(|(c, _)| c.cmp(&code)) {
        Ok(i) => format!("{} ({code})", NAMES[i].1),
        Err(_) => code.to_owned(),
    }
}

/// The Debian package that installs `code` for Tesseract (`chi_sim`: `tesseract-ocr-chi-sim`).
pub fn package(code: &str) -> String {
    format!("tesseract-ocr-{}", code.to_lowercase().replace('_', "-"))
}

impl Tesseract {
    /// `Err` with what to install when one of `codes` is not installed, instead of the
    /// error Tesseract itself would give for every page.
    pub fn check_languages(&self, codes: &[String]) -> Result<(), String> {
        let missing: Vec<&String> = codes
            .iter()
            .filter(|c| !self.languages.contains(c))
            .collect();
        let Some(first) = missing.first() else {
            return Ok(());
        };
        let packages: Vec<String> = missing.iter().map(|c| package(c)).collect();
        let what = if missing.len() == 1 {
            format!("the OCR language {} is not installed", label(first))
        } else {
            let labels: Vec<String> = missing.iter().map(|c| label(c)).collect();
            format!("the OCR languages {} are not installed", labels.join(", "))
        };
        Err(format!(
            "{what} (installed: {}); install it with `sudo apt install {}`",
            self.languages.join(", "),
            packages.join(" ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_names_are_sorted_by_code_so_that_every_one_is_found() {
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(label("ara"), "Arabic (ara)");
        assert_eq!(label("chi_sim"), "Chinese (Simplified) (chi_sim)");
        assert_eq!(label("xyz"), "xyz");
    }

    #[test]
    fn a_language_not_installed_names_the_package_to_install() {
        let tess = Tesseract {
            program: PathBuf::from("tesseract"),
            version: "5.3.0".into(),
            languages: vec!["ara".into(), "eng".into()],
            has_osd: true,
        };
        assert_eq!(tess.check_languages(&["eng".into(), "ara".into()]), Ok(()));
        let why = tess
            .check_languages(&["eng".into(), "chi_sim".into()])
            .expect_err("chi_sim is missing");
        assert!(
            why.contains("Chinese (Simplified) (chi_sim) is not installed"),
            "{why}"
        );
        assert!(
            why.contains("sudo apt install tesseract-ocr-chi-sim"),
            "{why}"
        );
        assert!(why.contains("installed: ara, eng"), "{why}");
    }
}
