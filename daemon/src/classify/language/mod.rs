//! Language detection (`whatlang`) and whether the local models cover the
//! language. A named language is covered when some language-bound model
//! of the coverage table was trained on it (English, Russian, French,
//! Spanish, German, Portuguese): the categories none of them scores are
//! per-category gaps. Naming the language:
//!
//! - text without letters (emoji, digits, punctuation) has no language and
//!   is covered: the models see nothing language-specific in it;
//! - text mostly in another script (Cyrillic, Arabic, Han, …): whatlang
//!   names the language from its first 128 bytes;
//! - Latin-script text is English when it has no function words of the
//!   other major Latin-script languages (`le`, `und`, `que`, `très`, …;
//!   lists in [`function_words`]) and at most 5% accented letters. This is
//!   the common case and costs a fraction of a microsecond;
//! - otherwise, when the function words of one language outnumber those
//!   of whatlang's guess by two or more (`voy`, `hasta` against none of
//!   Portuguese's), or by one and whichlang names that language too, it
//!   is taken: letter statistics cannot tell Spanish from Portuguese in a
//!   comment, its function words can;
//! - otherwise whatlang decides: its guess is taken when it is sure, or
//!   when it guesses English; when it is unsure of another language, that
//!   language is taken if its foreign function words outnumber its English
//!   ones (at least two), else the text is left unnamed and covered
//!   (`code: None`: short slang and names are mostly English, and sending
//!   them all to review would be useless);
//! - unless such text swears in the language whatlang guesses for it (a
//!   profanity lexicon of that language matches): then it is that
//!   language, as short swearing rarely has a function word to tell.
//!
//! "whatlang" here is [`ExactWhatlang`]: whatlang's own method and tables,
//! re-implemented with inverted indexes, so it answers exactly as the
//! crate does (a test checks it) in a few µs where the crate takes 10–60 µs
//! on a short Latin text. The fast path above agrees with whatlang deciding
//! every text about coverage on 99.8% of the golden corpus (the test
//! `fast_path_agrees_with_whatlang_on_the_golden_corpus` prints the
//! figures and the texts where they differ).
//!
//! Only the first [`SAMPLE_BYTES`] are examined: a 64 KiB comment does not
//! change language half-way often enough to pay for reading all of it.

#[cfg(test)]
mod accuracy;
mod exact;
mod function_words;
mod telltale;

use super::coverage;
use function_words::profile;
use modd_common::LanguageInfo;
use whatlang::Lang;

pub use exact::ExactWhatlang;

/// Bytes of text examined.
pub const SAMPLE_BYTES: usize = 1024;

/// Bytes of a non-Latin text whatlang looks at: its script narrows the
/// candidates, so a short sample will do.
const NON_LATIN_SAMPLE_BYTES: usize = 128;

/// The Latin-script languages whatlang chooses among: the ones the
/// function-word lists know, plus Danish and Vietnamese. Fewer candidates
/// mean fewer unsure answers on short text; a text in another language is
/// reported as the nearest of these (uncovered all the same).
const LATIN_CANDIDATES: [Lang; 13] = [
    Lang::Eng,
    Lang::Fra,
    Lang::Spa,
    Lang::Deu,
    Lang::Ita,
    Lang::Por,
    Lang::Nld,
    Lang::Swe,
    Lang::Dan,
    Lang::Tur,
    Lang::Pol,
    Lang::Ind,
    Lang::Vie,
];

/// Detects languages; [`coverage::has_models_for`] says which ones the
/// local models cover.
#[derive(Debug, Clone)]
pub struct LanguageDetector {
    /// Whatlang's guesses taken even when it is unsure: English, which the
    /// fast path already assumes for plain Latin text.
    trusted: Vec<Lang>,
    /// whatlang limited to [`LATIN_CANDIDATES`], for Latin-script text.
    latin: &'static ExactWhatlang,
    /// whatlang with every language, for text in other scripts.
    any: &'static ExactWhatlang,
}

/// The scorers' indexes are built once per process (~1 ms).
static LATIN: std::sync::OnceLock<ExactWhatlang> = std::sync::OnceLock::new();
static ANY: std::sync::OnceLock<ExactWhatlang> = std::sync::OnceLock::new();

impl Default for LanguageDetector {
    fn default() -> Self {
        Self {
            trusted: vec![Lang::Eng],
            latin: LATIN.get_or_init(|| ExactWhatlang::new(Some(&LATIN_CANDIDATES))),
            any: ANY.get_or_init(|| ExactWhatlang::new(None)),
        }
    }
}

impl LanguageDetector {
    pub fn detect(&self, text: &str) -> LanguageInfo {
        self.detect_with(text, true)
    }

    /// `fast_path: false` lets whatlang decide every Latin text, the
    /// reference the fast path is measured against (tests).
    fn detect_with(&self, text: &str, fast_path: bool) -> LanguageInfo {
        let sample = cut(text, SAMPLE_BYTES);
        let mut info = self.detect_sample(sample, fast_path);
        if info.code.is_none() && info.script.as_deref() == Some("Latin") {
            info = self.named_by_swearing(sample).unwrap_or(info);
        }
        // Which languages have models is the coverage table's to say.
        if let Some(code) = info.code.as_deref() {
            info.covered = coverage::has_models_for(code);
        }
        info
    }

    /// Latin text no rule could name, that swears in the language whatlang
    /// guesses (however unsure), is in that language: two signals agree,
    /// as with whichlang below. Short swearing has no function words
    /// ("Joder, qué puto desastre"), and taking it for English would run
    /// the English models on it and skip the lexicon that knows its words.
    /// Only text a lexicon matches pays for whatlang here.
    fn named_by_swearing(&self, sample: &str) -> Option<LanguageInfo> {
        let mut swearing = super::profanity_lexicon::swearing_languages(sample).peekable();
        swearing.peek()?;
        let guess = self.latin.detect(sample)?;
        let code = guess.lang().code();
        swearing.any(|l| l == code).then(|| LanguageInfo {
            code: Some(code.to_owned()),
            script: Some("Latin".to_owned()),
            confidence: guess.confidence(),
            covered: true, // for its code: `detect_with` asks the table
        })
    }

    fn detect_sample(&self, sample: &str, fast_path: bool) -> LanguageInfo {
        let p = profile(sample);
        if p.letters == 0 {
            return LanguageInfo {
                code: None,
                script: None,
                confidence: 0.0,
                covered: true,
            };
        }
        if p.latin * 2 < p.letters {
            return self.detect_other_script(sample);
        }
        if fast_path && p.foreign == 0 && p.accented * 20 <= p.latin {
            return LanguageInfo {
                code: (p.english > 0).then(|| "eng".to_owned()),
                script: Some("Latin".to_owned()),
                confidence: (p.english as f64 / p.letters.max(1) as f64 * 4.0).min(1.0),
                covered: true,
            };
        }
        let Some(info) = self.latin.detect(sample) else {
            return LanguageInfo {
                code: p.named().map(str::to_owned),
                script: Some("Latin".to_owned()),
                confidence: 0.0,
                covered: true, // for its code: `detect_with` asks the table
            };
        };
        let trusted = self.trusted.contains(&info.lang());
        // The second opinions below only for text that looks foreign: a
        // foreign function word, or more than 5% accented letters.
        let looks_foreign = p.foreign > 0 || p.accented * 20 > p.latin;
        let telltale = looks_foreign.then(|| telltale::telltale(sample)).flatten();
        let guess = info.lang().code();
        let (code, covered) = if let Some(lang) = p.overrules(guess) {
            // The function words name another language, clearly.
            (Some(lang.to_owned()), false)
        } else if let Some(lang) = p
            .leans_from(guess, 1)
            .filter(|&l| whichlang_names(sample, l))
        {
            // They lean to another language, and whichlang names it too.
            (Some(lang.to_owned()), false)
        } else if info.is_reliable() || trusted {
            (Some(guess.to_owned()), trusted)
        } else if let Some(lang) = telltale {
            // Unsure, but letters of one alphabet name the language.
            (Some(lang.to_owned()), false)
        } else if p.own(guess) >= 2 {
            // Unsure, but two of the text's words are that language's.
            (Some(guess.to_owned()), false)
        } else if p.foreign >= 2 && p.foreign > p.english {
            // Unsure, but it says "not English" and so do the function words.
            (Some(guess.to_owned()), false)
        } else if p.english == 0
            && p.letters >= 10
            && looks_foreign
            && whichlang_names(sample, guess)
        {
            // Unsure, but a second detector (another method, other
            // training data) names the same language, the text has a
            // foreign word or accents, and no English function word.
            (Some(guess.to_owned()), false)
        } else {
            (None, true)
        };
        LanguageInfo {
            code,
            script: Some(info.script().name().to_owned()),
            confidence: info.confidence(),
            covered,
        }
    }

    /// Text mostly in another script (covered as its code says). Telltale letters
    /// first, then whatlang's best guess even when it is unsure (short
    /// text in a script several languages share): an unsure guess of a
    /// less common Cyrillic language is Russian, the common case.
    fn detect_other_script(&self, sample: &str) -> LanguageInfo {
        let info = self.any.detect(cut(sample, NON_LATIN_SAMPLE_BYTES));
        let script = info.as_ref().map(|i| i.script());
        let guess = info.as_ref().map(|i| i.lang());
        let code = match (telltale::telltale(sample), script, guess) {
            (Some(lang), _, _) => Some(lang),
            (None, Some(whatlang::Script::Cyrillic), Some(_))
                if !info.as_ref().is_some_and(|i| i.is_reliable()) =>
            {
                Some("rus")
            }
            (None, Some(whatlang::Script::Arabic), Some(Lang::Pes | Lang::Urd)) => Some("ara"),
            (None, _, Some(lang)) => Some(lang.code()),
            (None, _, None) => None,
        };
        LanguageInfo {
            code: code.map(str::to_owned),
            script: script.map(|s| s.name().to_owned()),
            confidence: info.as_ref().map_or(0.0, |i| i.confidence()),
            covered: false,
        }
    }
}

/// Whether whichlang names the language `code` (ISO 639-3) too, for the
/// Latin languages both know. Never for English: it is the second opinion
/// that text is *not* English.
fn whichlang_names(text: &str, code: &str) -> bool {
    code != "eng" && whichlang::detect_language(text).three_letter_code() == code
}

/// The first `max` bytes of `text`, cut at a char boundary.
pub(crate) fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
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
    fn languages_with_models_are_covered_and_others_are_not() {
        let en = detect("The quick brown fox jumps over the lazy dog, and then it ran away home.");
        assert_eq!(en.code.as_deref(), Some("eng"));
        assert!(en.covered);
        let fr = detect(
            "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.",
        );
        assert_eq!((fr.code.as_deref(), fr.covered), (Some("fra"), true));
        let ru = detect("Привет");
        assert_eq!(ru.script.as_deref(), Some("Cyrillic"));
        assert_eq!((ru.code.as_deref(), ru.covered), (Some("rus"), true));
        let it = detect("Buongiorno a tutti, sono molto contento di vedervi oggi a casa mia.");
        assert_eq!((it.code.as_deref(), it.covered), (Some("ita"), false));
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
    fn ascii_english_skips_whatlang_and_foreign_words_do_not() {
        let en = detect("you are such an idiot lol");
        assert_eq!((en.code.as_deref(), en.covered), (Some("eng"), true));
        // No accents, but Spanish function words: whatlang is asked.
        let es =
            detect("hola amigo, que tal, como estas, yo estoy muy bien por aqui con mi familia");
        assert_eq!(es.code.as_deref(), Some("spa"), "{es:?}");
        let short_fr = detect("je suis la pour les vacances");
        assert_eq!(short_fr.code.as_deref(), Some("fra"), "{short_fr:?}");
        // One foreign word among English ones stays English.
        let en = detect("I love the pain au chocolat de Paris");
        assert_eq!(en.code.as_deref(), Some("eng"), "{en:?}");
    }

    #[test]
    fn short_latin_text_is_covered_and_long_text_is_sampled() {
        assert!(detect("lol ok").covered);
        let long = "é".repeat(SAMPLE_BYTES); // 2 bytes each: cut lands inside a char
        assert_eq!(cut(&long, SAMPLE_BYTES).len(), SAMPLE_BYTES);
        let odd = format!("a{long}");
        assert_eq!(cut(&odd, SAMPLE_BYTES).len(), SAMPLE_BYTES - 1);
    }

    /// The function-word fast path against whatlang deciding every text,
    /// on the golden corpus's short texts: how often they agree on whether
    /// the models cover the text, and on the language code.
    #[test]
    fn fast_path_agrees_with_whatlang_on_the_golden_corpus() {
        let d = LanguageDetector::default();
        let texts: Vec<String> = exact::tests::golden_texts()
            .into_iter()
            .filter(|t| t.chars().count() <= 280)
            .collect();
        assert!(texts.len() > 2000);
        let (mut same_covered, mut same_code, mut conflict, mut shortcut) = (0, 0, 0, 0);
        let mut differ = Vec::new();
        for t in &texts {
            let (fast, slow) = (d.detect_with(t, true), d.detect_with(t, false));
            same_code += usize::from(fast.code == slow.code);
            // Both name a language and the languages differ (not one unsure).
            conflict +=
                usize::from(fast.code.is_some() && slow.code.is_some() && fast.code != slow.code);
            if fast.covered == slow.covered {
                same_covered += 1;
            } else {
                differ.push((t.as_str(), slow.code.clone(), slow.confidence));
            }
            shortcut += usize::from(fast != slow);
        }
        let pct = |n: usize| 100.0 * n as f64 / texts.len() as f64;
        // The figures BENCHMARKS.md quotes; shown when the assertion fails.
        let report = format!(
            "{} texts: covered agrees {:.2}%, code agrees {:.2}% (conflicting codes {:.2}%), answers differ {:.2}%; covered differs on: {differ:?}",
            texts.len(),
            pct(same_covered),
            pct(same_code),
            pct(conflict),
            pct(shortcut)
        );
        assert!(pct(same_covered) >= 99.0, "{report}");
    }
}
