//! The encoder stage: all-MiniLM-L6-v2 embeds each text (on its own lane
//! of threads, batched) and one calibrated head per category turns the
//! embedding into scores for `harassment`, `hate`, `self_harm`, `sexual`,
//! `violence`, `illicit` and their subcategories (classifier
//! [`CLASSIFIER`], version [`MODEL_VERSION`]). The model is English-only:
//! the engine runs it on covered (English) text unless the policy says
//! `score_anyway`.
//!
//! | module | owns |
//! |---|---|
//! | [`tokenizer`] | BERT WordPiece, ported from the model's `tokenizer.json` |
//! | [`model`] | loading (sha256-checked) and running the ONNX model, pooling |
//! | [`graph`] | the one rewrite of the model's graph that makes it fast in tract |
//! | [`heads`] | the compiled-in trained and calibrated heads |
//! | [`lane`] | the dedicated, batching, bounded threads |
//!
//! The model files are optional, like the image model's: without them
//! `modd` runs, says so at start and in `/ready`, and these categories are
//! left to the other classifiers and the remote stage.

pub mod graph;
pub mod heads;
pub mod lane;
pub mod model;
pub mod tokenizer;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use heads::Heads;
use lane::Lane;
use model::MiniLm;

use super::{ClassifierOutput, Scored};
use crate::settings::EncoderSettings;

/// Recorded as the classifier name.
pub const CLASSIFIER: &str = "minilm-heads";
/// Recorded with every score: the model package and the heads' hash prefix.
pub const MODEL_VERSION: &str = "minilm-l6-v2-int8-1.0.0+heads.9cd3b0bd";
/// The one language the model and heads were trained on (ISO 639-3).
pub const LANGUAGES: &[&str] = &["eng"];

/// What `/ready` and the logs say about the encoder.
#[derive(Debug, Clone, PartialEq)]
pub struct EncoderStatus {
    pub loaded: bool,
    pub dir: PathBuf,
    /// Why it is not loaded (missing file, wrong checksum…).
    pub error: Option<String>,
    pub workers: usize,
    pub max_batch: usize,
}

/// The loaded model with its lane, or the reason there is none.
pub struct TextEncoder {
    lane: Option<Lane>,
    heads: &'static Heads,
    status: EncoderStatus,
}

impl std::fmt::Debug for TextEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextEncoder")
            .field("status", &self.status)
            .finish()
    }
}

impl TextEncoder {
    /// Loads the model if its files are there (on a blocking thread) and
    /// starts the lane. Never fails on missing or wrong files: that is
    /// logged and reported by `/ready`.
    pub async fn start(settings: &EncoderSettings) -> anyhow::Result<Self> {
        let heads = Heads::embedded();
        let (dir, max_tokens) = (settings.dir.clone(), heads.max_tokens);
        let loaded = tokio::task::spawn_blocking(move || MiniLm::load(&dir, max_tokens))
            .await
            .map_err(|e| anyhow::anyhow!("encoder loader: {e}"))?;
        let (model, error) = match loaded {
            Ok(m) => {
                tracing::info!(dir = %settings.dir.display(), version = MODEL_VERSION, workers = settings.workers, batch = settings.max_batch, "sentence encoder loaded");
                (Some(Arc::new(m)), None)
            }
            Err(e) => {
                tracing::warn!(error = %e, "sentence encoder not loaded: its categories are not scored locally; install it with `tools/export-models/encoder.py install` or set MODD_ENCODER_DIR");
                (None, Some(e.to_string()))
            }
        };
        Ok(Self {
            lane: model.map(|m| Lane::new(m, settings.workers, settings.max_batch)),
            heads,
            status: EncoderStatus {
                loaded: error.is_none(),
                dir: settings.dir.clone(),
                error,
                workers: settings.workers,
                max_batch: settings.max_batch,
            },
        })
    }

    pub fn loaded(&self) -> bool {
        self.lane.is_some()
    }

    pub fn status(&self) -> &EncoderStatus {
        &self.status
    }

    /// Texts in the lane right now.
    pub fn in_flight(&self) -> usize {
        self.lane.as_ref().map_or(0, Lane::in_flight)
    }

    /// Embeds one text on the lane and scores it with every head. `Err` is
    /// a message for a gap; it never contains the text.
    pub async fn score(&self, text: &str) -> Result<ClassifierOutput, String> {
        let lane = self.lane.as_ref().ok_or("the encoder is not installed")?;
        let embedding = lane
            .embed(text.to_owned())
            .await
            .map_err(|e| e.to_string())??;
        Ok(self.output(&embedding))
    }

    /// Every head's calibrated score: raw and mapped are the same numbers.
    pub fn output(&self, embedding: &[f32]) -> ClassifierOutput {
        let scores: Vec<Scored> = self
            .heads
            .heads
            .iter()
            .map(|h| Scored::new(h.category, h.score(embedding).clamp(0.0, 1.0)))
            .collect();
        ClassifierOutput {
            raw: scores
                .iter()
                .map(|s| (Cow::Borrowed(s.category.as_str()), s.score))
                .collect(),
            scores,
            image_scored: false,
        }
    }
}
