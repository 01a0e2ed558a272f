//! Classification: turns an item's content into category scores (0..1),
//! each tagged with the classifier and model version that produced it.

mod lexicon;
pub mod models;

pub use lexicon::LexiconClassifier;

use modd_common::CategoryScore;

/// What a classifier sees.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    pub text: Option<&'a str>,
    pub image_url: Option<&'a str>,
}

/// A classifier failed; the policy decides what that means (never a silent approve).
#[derive(Debug, thiserror::Error)]
#[error("classifier {classifier} failed: {message}")]
pub struct ClassifyError {
    pub classifier: String,
    pub message: String,
}

/// One source of category scores.
pub trait Classifier: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn version(&self) -> &str;
    fn classify(&self, content: &Content<'_>) -> Result<Vec<CategoryScore>, ClassifyError>;
}

/// Runs every configured classifier over an item.
pub struct Engine {
    classifiers: Vec<Box<dyn Classifier>>,
}

impl Engine {
    pub fn new(classifiers: Vec<Box<dyn Classifier>>) -> Self {
        Self { classifiers }
    }

    /// The embedded default set.
    pub fn builtin() -> Self {
        Self::new(vec![Box::new(LexiconClassifier)])
    }

    /// All scores, or the first failure.
    pub fn classify(&self, content: &Content<'_>) -> Result<Vec<CategoryScore>, ClassifyError> {
        let mut all = Vec::new();
        for c in &self.classifiers {
            all.extend(c.classify(content)?);
        }
        Ok(all)
    }
}
