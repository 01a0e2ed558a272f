//! A minimal word-list classifier: the placeholder until the ported models
//! land. It scores `profanity` by the share of listed words.

use modd_common::CategoryScore;

use super::{Classifier, ClassifyError, Content};

const WORDS: &[&str] = &[
    "fuck", "fucking", "shit", "bitch", "bastard", "asshole", "cunt", "dick", "idiot", "moron",
    "stupid",
];

/// Scores profanity from a short built-in word list.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexiconClassifier;

impl Classifier for LexiconClassifier {
    fn name(&self) -> &'static str {
        "builtin-lexicon"
    }

    fn version(&self) -> &str {
        "0.1"
    }

    fn classify(&self, content: &Content<'_>) -> Result<Vec<CategoryScore>, ClassifyError> {
        let Some(text) = content.text else {
            return Ok(Vec::new());
        };
        let hits = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)))
            .count();
        // One listed word is already strong evidence; more saturate towards 1.
        let score = 1.0 - 0.1f64.powi(hits.min(16) as i32);
        Ok(vec![CategoryScore {
            category: "profanity".into(),
            score,
            classifier: self.name().into(),
            model_version: self.version().into(),
        }])
    }
}
