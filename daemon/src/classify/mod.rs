//! Classification: turns an item's content into category scores (0..1) of
//! the one taxonomy ([`Category`]), each tagged with the classifier and
//! model version that produced it, plus what could not be scored ([`Gap`]).
//!
//! | module | owns |
//! |---|---|
//! | [`engine`] | [`Engine`]: normalisation, language detection, every classifier, the encoder and image stages, the remote hook |
//! | [`encoder`] | the MiniLM sentence encoder and its calibrated category heads (own lane, batched) |
//! | [`normalize`] | the clean and folded forms of a text against evasion, with spans mapped back |
//! | [`local`] | the ported models as [`Classifier`]s and their category mapping |
//! | [`coverage`] | which classifier covers which category in which languages (the one table) |
//! | [`calibration`] | Platt scaling of the ported models' category scores (fitted on the dev split) |
//! | [`detect`] | PII and spam detectors (no model; scores with spans) |
//! | [`language`] | language detection and which languages the models cover |
//! | [`letters`] | `is_alphabetic` as a bit test (the standard library's table search is the slow part of short texts) |
//! | [`models`] | bit-exact ports of alt-profanity-check, hatesonar and toxicityclassifier (Russian) |

pub mod calibration;
pub mod coverage;
pub mod detect;
pub mod encoder;
pub mod engine;
pub mod language;
pub mod letters;
pub mod local;
pub mod models;
pub mod ngram_heads;
pub mod normalize;
pub mod profanity_lexicon;
pub mod remote;
pub mod words;

pub use engine::{Classification, ClassifierRun, ClassifyOptions, Engine, RemoteStage};
pub use modd_common::{Category, Gap, LanguageInfo, Span};
pub use normalize::TextForm;

use std::borrow::Cow;

/// What a classifier sees.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    pub text: Option<&'a str>,
    pub image_url: Option<&'a str>,
}

/// A classifier failed; the policy decides what that means (never a silent approve).
#[derive(Debug, Clone, thiserror::Error)]
#[error("classifier {classifier} failed: {message}")]
pub struct ClassifyError {
    pub classifier: String,
    /// Never contains the content.
    pub message: String,
}

/// One category score of one classifier, with the spans that justify it
/// (detectors) or none (models).
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub category: Category,
    pub score: f64,
    pub spans: Vec<Span>,
}

impl Scored {
    pub fn new(category: Category, score: f64) -> Self {
        Self {
            category,
            score,
            spans: Vec::new(),
        }
    }
}

/// What one classifier returns for one content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassifierOutput {
    /// The classifier's own outputs, before mapping to the taxonomy (for the
    /// ported models exactly the original packages' probabilities).
    pub raw: Vec<(Cow<'static, str>, f64)>,
    /// Mapped scores; a category appears at most once.
    pub scores: Vec<Scored>,
    /// Whether the image (if any) was looked at. The [`Classifier`]s are
    /// text-only; images are scored by the engine's image stage (open_nsfw,
    /// `crate::images`) or a remote provider; an image nobody scored
    /// becomes [`Gap::ImageUnscored`].
    pub image_scored: bool,
}

/// One local (synchronous, CPU-only) source of category scores. Remote
/// providers plug in through [`RemoteStage`] instead, because they await.
pub trait Classifier: Send + Sync + 'static {
    /// Stable name recorded with every score, e.g. `alt-profanity-check`.
    fn name(&self) -> &str;
    /// Model version recorded with every score.
    fn version(&self) -> &str;
    /// The categories this classifier can score.
    fn categories(&self) -> &[Category];
    /// True for models trained on particular languages (the engine skips
    /// them on text in other languages unless the policy says otherwise);
    /// false for language-independent detectors. Which languages: the
    /// [`coverage`] table, the one place that says.
    fn language_bound(&self) -> bool {
        coverage::languages_of(self.name()) != coverage::Languages::Any
    }
    /// Which form of the text [`Self::classify`] is given: models read the
    /// folded form (evasion undone), detectors the clean one (digits and
    /// `@` intact). Spans are returned in chars of that form; the engine
    /// maps them back to the original text.
    fn reads(&self) -> TextForm {
        TextForm::Folded
    }
    fn classify(&self, content: &Content<'_>) -> Result<ClassifierOutput, ClassifyError>;
}
