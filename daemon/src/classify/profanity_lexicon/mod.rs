//! Profanity in French, Spanish, German, Portuguese and Russian: one
//! lexicon classifier per language, from npm's naughty-words 1.2.0
//! (CC-BY-4.0) as edited by `tools/export-models/lexicon-edits.json` (its
//! sexual, medical and identity words are not swearing; everyday swear
//! words it lacks are added). The English engine has a trained model for
//! profanity; for these languages nothing reachable was trained, and a
//! reviewed word list beats a gap.
//!
//! Each language is its own classifier (`profanity-lexicon-fra`, …) so the
//! coverage table, the calibration file and every score name one language.
//! The raw output is the number of matches `n`; the score is `n / (n + 1)`
//! through that language's Platt scaling, fitted on the dev split of
//! `data/eval` like the ported models'. Each match is a span.

mod matcher;

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;

use super::calibration::{Platt, calibrated, platt, recorded_version};
use super::coverage;
use super::words::Words;
use super::{Category, Classifier, ClassifierOutput, ClassifyError, Content, Scored};
use matcher::{Languages, Lexicon};
use modd_common::Span;

const FILE: &str = include_str!("../../../models/profanity-lexicons.json");

/// sha256 of `daemon/models/profanity-lexicons.json`.
pub const SHA256: &str = "87d73fb2abcd9bdb73c9ddf89c34daca54f0a2e1b4a0b1a2e1778e2541a971c4";

/// The lexicon classifiers' names: this, then the language.
const PREFIX: &str = "profanity-lexicon-";

/// Each lexicon classifier's name and language, read from the coverage
/// table (one row a language), so the two cannot disagree.
fn classifiers() -> impl Iterator<Item = (&'static str, &'static str)> {
    coverage::TABLE
        .iter()
        .filter(|row| row.classifier.starts_with(PREFIX))
        .filter_map(|row| match row.languages {
            coverage::Languages::Only(&[language]) => Some((row.classifier, language)),
            _ => None,
        })
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    format: String,
    version: String,
    languages: std::collections::BTreeMap<String, Entries>,
}

#[derive(Debug, Deserialize)]
struct Entries {
    words: Vec<String>,
    phrases: Vec<Vec<String>>,
    stems: Vec<String>,
}

/// The embedded file, parsed once; `None` only if it were malformed (a
/// test holds it well-formed and matching [`SHA256`]).
fn file() -> Option<&'static LexiconFile> {
    static PARSED: OnceLock<Option<LexiconFile>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            serde_json::from_str::<LexiconFile>(FILE)
                .ok()
                .filter(|f| f.format == "modd-lexicons/v1")
        })
        .as_ref()
}

/// Every language's entries in one [`Lexicon`], built once; language `i`
/// of [`classifiers`] is bit `1 << i`.
fn lexicon() -> &'static Lexicon {
    static BUILT: OnceLock<Lexicon> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut all = Lexicon::default();
        for (i, (_, language)) in classifiers().enumerate() {
            if let Some(e) = file().and_then(|f| f.languages.get(language)) {
                all.add(1 << i, &e.words, &e.phrases, &e.stems);
            }
        }
        all
    })
}

/// The languages (ISO 639-3) whose lexicon finds something in `text`: the
/// language detector's second opinion on short Latin text it cannot name
/// ("Joder, qué desastre" has no function word of any language).
pub fn swearing_languages(text: &str) -> impl Iterator<Item = &'static str> {
    let found = lexicon().languages_in(&Words::of(text));
    classifiers()
        .enumerate()
        .filter(move |(i, _)| found & (1 << i) != 0)
        .map(|(_, (_, language))| language)
}

/// One language's profanity lexicon.
pub struct LexiconClassifier {
    name: &'static str,
    /// Its bit in [`lexicon`].
    language: Languages,
    platt: Option<Platt>,
    /// The file's version, `+platt:…` when calibrated.
    version: String,
}

impl LexiconClassifier {
    /// One classifier per language of the embedded file.
    pub fn embedded() -> Vec<Self> {
        let Some(f) = file() else {
            return Vec::new();
        };
        classifiers()
            .enumerate()
            .filter(|(_, (_, language))| f.languages.contains_key(*language))
            .map(|(i, (name, _))| {
                let platt = platt(name, &f.version, Category::Profanity);
                Self {
                    name,
                    language: 1 << i,
                    platt,
                    version: recorded_version(&f.version, platt.is_some()),
                }
            })
            .collect()
    }
}

impl Classifier for LexiconClassifier {
    fn name(&self) -> &str {
        self.name
    }
    fn version(&self) -> &str {
        &self.version
    }
    fn categories(&self) -> &[Category] {
        &[Category::Profanity]
    }
    fn classify(&self, content: &Content<'_>) -> Result<ClassifierOutput, ClassifyError> {
        let Some(text) = content.text else {
            return Ok(ClassifierOutput::default());
        };
        let found = lexicon().find_in(&Words::of(text), self.language);
        let n = found.len() as f64;
        let one = calibrated(self.platt, 0.5);
        let spans = found
            .iter()
            .map(|m| Span {
                begin: m.begin,
                end: m.end,
                score: one,
                kind: m.kind.as_str().to_owned(),
            })
            .collect();
        Ok(ClassifierOutput {
            raw: vec![(Cow::Borrowed("matches"), n)],
            scores: vec![Scored {
                category: Category::Profanity,
                score: calibrated(self.platt, n / (n + 1.0)),
                spans,
            }],
            image_scored: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::letters;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_shipped_file_matches_its_checksum_and_is_folded() {
        assert_eq!(hex::encode(Sha256::digest(FILE.as_bytes())), SHA256);
        let f = file().unwrap_or_else(|| panic!("the lexicon file does not parse"));
        assert!(f.version.starts_with("naughty-words-1.2.0+edits."));
        let languages: Vec<&str> = classifiers().map(|c| c.1).collect();
        assert_eq!(languages, ["deu", "fra", "por", "rus", "spa"]);
        assert_eq!(
            f.languages.keys().map(String::as_str).collect::<Vec<_>>(),
            languages
        );
        let all = LexiconClassifier::embedded();
        assert_eq!(all.len(), classifiers().count());
        for (name, language) in classifiers() {
            let languages = crate::classify::coverage::languages_of(name);
            assert_eq!(languages.codes(), [language], "{name}");
            assert_ne!(languages, crate::classify::coverage::Languages::Any);
        }
        // Every entry is what the matcher makes of a word of text: folded
        // (the Python tool folds as `fold_into` does) and alphanumeric;
        // stems long enough to be indexed.
        let entries = lexicon().entries();
        for (entry, _) in &entries {
            let mut again = String::new();
            crate::classify::words::fold_into(entry, &mut again);
            assert_eq!(again, *entry, "{entry} is not folded");
            assert!(entry.chars().all(letters::is_alphanumeric), "{entry}");
        }
        for e in f.languages.values() {
            for stem in &e.stems {
                assert!(stem.chars().count() >= matcher::STEM_KEY_CHARS, "{stem}");
            }
        }
        for c in &all {
            let n = entries.iter().filter(|(_, l)| l & c.language != 0).count();
            assert!(n > 40, "{}: only {n} entries", c.name);
            // Fitted by tools/calibrate/fit.py for this file's version.
            assert!(c.platt.is_some(), "{} is not calibrated", c.name);
            assert!(c.version.contains("+platt:"), "{}", c.version);
        }
    }

    fn classify(name: &str, text: &str) -> ClassifierOutput {
        let all = LexiconClassifier::embedded();
        let c = all.iter().find(|c| c.name == name);
        c.and_then(|c| {
            c.classify(&Content {
                text: Some(text),
                image_url: None,
            })
            .ok()
        })
        .unwrap_or_default()
    }

    #[test]
    fn swearing_scores_above_clean_text_in_each_language() {
        for (name, swearing, clean) in [
            (
                "profanity-lexicon-fra",
                "Ferme ta gueule, espèce de connard.",
                "La réunion est déplacée à jeudi.",
            ),
            (
                "profanity-lexicon-spa",
                "Joder, qué puto desastre de mierda.",
                "La reunión se ha movido al jueves.",
            ),
            (
                "profanity-lexicon-deu",
                "So eine verdammte Scheiße.",
                "Das Treffen ist auf Donnerstag verschoben.",
            ),
            (
                "profanity-lexicon-por",
                "Caralho, que merda foi essa?",
                "A reunião foi adiada para quinta-feira.",
            ),
            (
                "profanity-lexicon-rus",
                "Бля, какой пиздец.",
                "Встреча перенесена на четверг.",
            ),
        ] {
            let bad = classify(name, swearing);
            let good = classify(name, clean);
            assert!(bad.raw[0].1 >= 2.0, "{name}: {:?}", bad.raw);
            assert_eq!(good.raw, [(Cow::Borrowed("matches"), 0.0)], "{name}");
            assert!(bad.scores[0].score > 0.5, "{name}: {:?}", bad.scores);
            assert!(good.scores[0].score < 0.2, "{name}: {:?}", good.scores);
            assert_eq!(bad.scores[0].spans.len(), bad.raw[0].1 as usize);
            assert!(good.scores[0].spans.is_empty());
        }
    }

    /// What the edits dropped stays out: sexual-health words, and the
    /// Russian for "what difference does it make".
    #[test]
    fn dropped_entries_do_not_match() {
        let out = classify("profanity-lexicon-por", "Use camisinha e tome uma cerveja.");
        assert_eq!(out.raw[0].1, 0.0);
        let out = classify(
            "profanity-lexicon-rus",
            "Какая разница, я похудела на два кило.",
        );
        assert_eq!(out.raw[0].1, 0.0);
        assert!(classify("profanity-lexicon-fra", "").scores[0].score < 0.2);
    }
}
