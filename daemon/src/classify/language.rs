//! Language detection (`whatlang`) and whether the local models cover the
//! language. Both ported models were trained on English tweets, so:
//!
//! - English (reliably detected or not) is covered;
//! - any other language detected reliably is not covered;
//! - a non-Latin script is never covered, whatever the confidence (the
//!   models cannot read Cyrillic or Han at all);
//! - Latin-script text whose language cannot be told reliably (short
//!   comments, slang, names) counts as covered: whatlang cannot tell short
//!   English from its neighbours, and refusing it would send most short
//!   comments to review. `code` is then `None`;
//! - text without letters (emoji, digits, punctuation) has no language and
//!   is covered: the models see nothing language-specific in it.
//!
//! Only the first [`SAMPLE_BYTES`] are examined: detection costs grow with
//! the text and a 64 KiB comment does not change language half-way often
//! enough to pay for it.

use modd_common::LanguageInfo;
use whatlang::{Lang, Script};

/// Bytes of text examined.
pub const SAMPLE_BYTES: usize = 2048;

/// Detects languages and knows which ones the local models cover.
#[derive(Debug, Clone)]
pub struct LanguageDetector {
    covered: Vec<Lang>,
}

impl Default for LanguageDetector {
    fn default() -> Self {
        Self {
            covered: vec![Lang::Eng],
        }
    }
}

impl LanguageDetector {
    pub fn detect(&self, text: &str) -> LanguageInfo {
        let sample = sample(text);
        if !sample.chars().any(char::is_alphabetic) {
            return LanguageInfo {
                code: None,
                script: None,
                confidence: 0.0,
                covered: true,
            };
        }
        let Some(info) = whatlang::detect(sample) else {
            // Letters whatlang knows no script for (rare scripts): not covered.
            return LanguageInfo {
                code: None,
                script: None,
                confidence: 0.0,
                covered: false,
            };
        };
        let latin = info.script() == Script::Latin;
        let covered_lang = self.covered.contains(&info.lang());
        let (code, covered) = if info.is_reliable() {
            (Some(info.lang().code().to_owned()), latin && covered_lang)
        } else if covered_lang {
            (Some(info.lang().code().to_owned()), latin)
        } else {
            (None, latin)
        };
        LanguageInfo {
            code,
            script: Some(info.script().name().to_owned()),
            confidence: info.confidence(),
            covered,
        }
    }
}

/// The first `SAMPLE_BYTES` of `text`, cut at a char boundary.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(t: &str) -> LanguageInfo {
        LanguageDetector::default().detect(t)
    }

    #[test]
    fn english_is_covered_and_others_are_not() {
        let en = detect("The quick brown fox jumps over the lazy dog, and then it ran away home.");
        assert_eq!(en.code.as_deref(), Some("eng"));
        assert!(en.covered);
        let fr = detect(
            "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.",
        );
        assert_eq!(fr.code.as_deref(), Some("fra"));
        assert!(!fr.covered);
        let ru = detect("Привет");
        assert_eq!(ru.script.as_deref(), Some("Cyrillic"));
        assert!(!ru.covered);
        let ja = detect("これは日本語の文章です");
        assert!(!ja.covered);
    }

    #[test]
    fn no_letters_means_no_language_and_covered() {
        for t in ["", "1234 !!!", "😀😀🔥", "   "] {
            let l = detect(t);
            assert_eq!(l.code, None, "{t:?}");
            assert!(l.covered, "{t:?}");
        }
    }

    #[test]
    fn short_latin_text_is_covered_and_long_text_is_sampled() {
        assert!(detect("lol ok").covered);
        let long = "é".repeat(SAMPLE_BYTES); // 2 bytes each: cut lands inside a char
        assert_eq!(sample(&long).len(), SAMPLE_BYTES);
        let odd = format!("a{long}");
        assert_eq!(sample(&odd).len(), SAMPLE_BYTES - 1);
    }
}
