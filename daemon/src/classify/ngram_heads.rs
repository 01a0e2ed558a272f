//! Harassment, threats, hate, self-harm, sexual content, violence and
//! illicit activity in French, Spanish, German, Portuguese and Russian: one
//! classifier per language, a logistic regression per category on the
//! text's character n-grams ([`NgramHeadsModel`]). Nothing trained for
//! these languages is reachable (no multilingual classifier or sentence
//! encoder), so `tools/export-models/ngram_heads.py` trains them on the
//! labelled set's train split and calibrates them on its dev split; the
//! test split measures them (BENCHMARKS.md).
//!
//! Each language is its own classifier (`ngram-heads-fra`, …): its row in
//! the coverage table says which categories it scores and for which
//! language. The heads carry their own Platt calibration, so raw outputs
//! and scores are the same numbers (as the encoder's heads).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::models::NgramHeadsModel;
use super::words::Words;
use super::{Category, Classifier, ClassifierOutput, ClassifyError, Content, Scored, coverage};

/// The classifiers' names: this, then the language.
const PREFIX: &str = "ngram-heads-";

/// The exported models, by classifier name (sha256 in `daemon/models/README.md`).
const FILES: &[(&str, &[u8])] = &[
    (
        "ngram-heads-deu",
        include_bytes!("../../models/ngram-heads-deu.bin"),
    ),
    (
        "ngram-heads-fra",
        include_bytes!("../../models/ngram-heads-fra.bin"),
    ),
    (
        "ngram-heads-por",
        include_bytes!("../../models/ngram-heads-por.bin"),
    ),
    (
        "ngram-heads-rus",
        include_bytes!("../../models/ngram-heads-rus.bin"),
    ),
    (
        "ngram-heads-spa",
        include_bytes!("../../models/ngram-heads-spa.bin"),
    ),
];

/// Every coverage row of an n-gram classifier, with its model parsed once.
/// A file that does not parse drops its language (a test holds all five
/// parsing and matching their rows).
fn models() -> &'static [(&'static str, NgramHeadsModel)] {
    static PARSED: OnceLock<Vec<(&'static str, NgramHeadsModel)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        coverage::TABLE
            .iter()
            .filter(|row| row.classifier.starts_with(PREFIX))
            .filter_map(|row| {
                let (_, bytes) = FILES.iter().find(|(name, _)| *name == row.classifier)?;
                Some((row.classifier, NgramHeadsModel::from_bytes(bytes).ok()?))
            })
            .collect()
    })
}

/// The embedded model of `language` (ISO 639-3), for benchmarks and tools.
pub fn embedded(language: &str) -> Option<&'static NgramHeadsModel> {
    models()
        .iter()
        .map(|(_, m)| m)
        .find(|m| m.language() == language)
}

/// One language's heads.
pub struct NgramHeadsClassifier {
    name: &'static str,
    model: &'static NgramHeadsModel,
    categories: Vec<Category>,
}

impl NgramHeadsClassifier {
    /// One classifier per language of the embedded models.
    pub fn embedded() -> Vec<Self> {
        models()
            .iter()
            .map(|(name, model)| Self {
                name,
                model,
                categories: model.categories().collect(),
            })
            .collect()
    }
}

impl Classifier for NgramHeadsClassifier {
    fn name(&self) -> &str {
        self.name
    }
    fn version(&self) -> &str {
        self.model.version()
    }
    fn categories(&self) -> &[Category] {
        &self.categories
    }
    fn classify(&self, content: &Content<'_>) -> Result<ClassifierOutput, ClassifyError> {
        let Some(text) = content.text else {
            return Ok(ClassifierOutput::default());
        };
        let scores = self.model.scores(&Words::of(text));
        Ok(ClassifierOutput {
            raw: self
                .categories
                .iter()
                .zip(&scores)
                .map(|(c, &p)| (Cow::Borrowed(c.as_str()), p))
                .collect(),
            scores: self
                .categories
                .iter()
                .zip(scores)
                .map(|(&c, p)| Scored::new(c, p))
                .collect(),
            image_scored: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// sha256 of each exported file, as `ngram_heads.py` printed it.
    const SHA256: &[(&str, &str)] = &[
        (
            "ngram-heads-deu",
            "cd066663ed20fce985ab78d6f481fc73775880f0eadb592a82513be464d2f438",
        ),
        (
            "ngram-heads-fra",
            "be92e9eb174e7dcb193e1bcad4af41100a4eca8dcc29bf659bbba5029b2e1bc0",
        ),
        (
            "ngram-heads-por",
            "e0ff655a0cafaa8f29b3e3274e242824588633900a4b9594b175b773973e3f74",
        ),
        (
            "ngram-heads-rus",
            "fb06598b060fbaf4ca7bb1e377b32995d06c32edcc0419482ba34301a460b252",
        ),
        (
            "ngram-heads-spa",
            "e34d43c289e48bb28fc27207dff695e414af5f6e0c8c849785007588de490aed",
        ),
    ];

    #[test]
    fn every_row_has_its_pinned_model_for_its_language() {
        let rows: Vec<&str> = coverage::TABLE
            .iter()
            .map(|r| r.classifier)
            .filter(|c| c.starts_with(PREFIX))
            .collect();
        let files: Vec<&str> = FILES.iter().map(|f| f.0).collect();
        assert_eq!(rows, files);
        assert_eq!(models().len(), FILES.len(), "every file parses");
        for ((name, bytes), (pinned, sha)) in FILES.iter().zip(SHA256) {
            assert_eq!(name, pinned);
            assert_eq!(hex::encode(Sha256::digest(bytes)), *sha, "{name}");
        }
        for (name, model) in models() {
            let languages = coverage::languages_of(name);
            assert_eq!(languages.codes(), [model.language()], "{name}");
            assert_eq!(format!("{PREFIX}{}", model.language()), *name);
            assert_eq!(model.version(), format!("{name}-1"));
        }
    }

    /// The trainer's scores of every dev line (and some edge cases), from
    /// the stored weights: the Rust heads give the same numbers.
    #[test]
    fn ngram_heads_parity() {
        #[derive(serde::Deserialize)]
        struct Golden {
            language: String,
            text: String,
            scores: std::collections::BTreeMap<Category, f64>,
        }
        let golden = include_str!("../../models/golden/ngram-heads.jsonl");
        let mut checked = 0;
        for line in golden.lines() {
            let g: Golden = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let model =
                embedded(&g.language).unwrap_or_else(|| panic!("no model for {}", g.language));
            let got = model.scores(&Words::of(&g.text));
            for (category, p) in model.categories().zip(got) {
                let want = g.scores[&category];
                assert!(
                    (p - want).abs() <= 1e-12,
                    "{} {category}: {p} vs {want}: {:?}",
                    g.language,
                    g.text
                );
                checked += 1;
            }
        }
        assert!(checked > 12 * 700, "{checked}");
    }

    #[test]
    fn bad_files_are_errors_never_panics() {
        use crate::classify::models::ModelError;
        let (_, bytes) = FILES[1];
        assert!(matches!(
            NgramHeadsModel::from_bytes(b""),
            Err(ModelError::BadMagic)
        ));
        for len in (0..bytes.len()).step_by(7_919).chain([bytes.len() - 1]) {
            assert!(NgramHeadsModel::from_bytes(&bytes[..len]).is_err(), "{len}");
        }
        for pos in (8..bytes.len()).step_by(5_003) {
            let mut b = bytes.to_vec();
            b[pos] ^= 0xff;
            if let Ok(m) = NgramHeadsModel::from_bytes(&b) {
                let _ = m.scores(&Words::of("tu es un idiot"));
            }
        }
    }

    #[test]
    fn scores_are_probabilities_and_text_without_words_gets_the_intercepts() {
        let c = NgramHeadsClassifier::embedded();
        let fra = c.iter().find(|c| c.name == "ngram-heads-fra");
        let fra = fra.unwrap_or_else(|| panic!("no French heads"));
        let out = |t: &str| {
            fra.classify(&Content {
                text: Some(t),
                image_url: None,
            })
            .unwrap_or_default()
        };
        let threat = out("Je vais te tuer, je sais où tu habites.");
        assert_eq!(threat.scores.len(), 12);
        for s in &threat.scores {
            assert!((0.0..=1.0).contains(&s.score), "{s:?}");
        }
        let raw: Vec<f64> = threat.raw.iter().map(|r| r.1).collect();
        let scores: Vec<f64> = threat.scores.iter().map(|s| s.score).collect();
        assert_eq!(raw, scores);
        let of = |o: &ClassifierOutput, c: Category| {
            o.scores.iter().find(|s| s.category == c).map(|s| s.score)
        };
        let calm = out("La réunion est déplacée à jeudi après-midi, merci de prévenir.");
        assert!(
            of(&threat, Category::HarassmentThreatening)
                > of(&calm, Category::HarassmentThreatening),
            "{threat:?} {calm:?}"
        );
        assert_eq!(
            out("!!! ???")
                .scores
                .iter()
                .map(|s| s.score)
                .collect::<Vec<_>>(),
            out("").scores.iter().map(|s| s.score).collect::<Vec<_>>()
        );
    }
}
