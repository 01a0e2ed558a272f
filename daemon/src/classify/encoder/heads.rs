//! The category heads on the sentence embedding: one logistic regression per
//! category with its Platt calibration, trained and exported by
//! `tools/export-models/encoder.py train` (fitted on the labelled set's
//! `train` split, calibrated on `dev`, never on `test`). The file is small
//! and compiled in; its sha256 is pinned so the recorded model version
//! names exactly the heads that scored.

use std::sync::LazyLock;

use modd_common::Category;
use serde::Deserialize;

use super::model::{DIM, MODEL_SHA256, TOKENIZER_SHA256};
use crate::classify::calibration::sigmoid;

/// `daemon/models/encoder-heads.json`, as exported.
pub const HEADS_JSON: &str = include_str!("../../../models/encoder-heads.json");
/// Its sha256 (also in `encoder-heads.json.sha256`; a test checks both).
pub const HEADS_SHA256: &str = "9cd3b0bd5b1f3f2c55d421176cdd6f32ed737b48d7be19a347af75089614e93c";

#[derive(Debug, Deserialize)]
struct HeadsFile {
    format: String,
    encoder: EncoderMeta,
    heads: Vec<Head>,
}

#[derive(Debug, Deserialize)]
struct EncoderMeta {
    model_sha256: String,
    tokenizer_sha256: String,
    max_tokens: usize,
}

/// One category's head: `sigmoid(platt_a * (weights · x + bias) + platt_b)`.
#[derive(Debug, Deserialize)]
pub struct Head {
    pub category: Category,
    weights: Vec<f64>,
    bias: f64,
    platt_a: f64,
    platt_b: f64,
}

impl Head {
    /// The calibrated probability for one embedding.
    pub fn score(&self, embedding: &[f32]) -> f64 {
        let z: f64 = self
            .weights
            .iter()
            .zip(embedding)
            .map(|(w, &x)| w * f64::from(x))
            .sum::<f64>()
            + self.bias;
        sigmoid(self.platt_a * z + self.platt_b)
    }
}

/// Every head, and the tokenizer length they were trained with.
#[derive(Debug)]
pub struct Heads {
    pub heads: Vec<Head>,
    pub max_tokens: usize,
}

impl Heads {
    /// Parses and checks an exported heads file.
    pub fn parse(json: &str) -> Result<Self, String> {
        let file: HeadsFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if file.format != "modd-encoder-heads/1" {
            return Err(format!("unknown heads format {:?}", file.format));
        }
        if file.encoder.model_sha256 != MODEL_SHA256
            || file.encoder.tokenizer_sha256 != TOKENIZER_SHA256
        {
            return Err("the heads were trained on another encoder".into());
        }
        if let Some(h) = file.heads.iter().find(|h| h.weights.len() != DIM) {
            return Err(format!(
                "head {} has {} weights",
                h.category,
                h.weights.len()
            ));
        }
        Ok(Self {
            heads: file.heads,
            max_tokens: file.encoder.max_tokens,
        })
    }

    /// The compiled-in heads.
    pub fn embedded() -> &'static Heads {
        static HEADS: LazyLock<Heads> = LazyLock::new(|| {
            // A test parses the compiled-in file, so this cannot fail in a
            // released binary.
            Heads::parse(HEADS_JSON).expect("daemon/models/encoder-heads.json is valid")
        });
        &HEADS
    }

    /// The categories with a head, in file order.
    pub fn categories(&self) -> Vec<Category> {
        self.heads.iter().map(|h| h.category).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_compiled_in_heads_are_the_pinned_export() {
        assert_eq!(hex::encode(Sha256::digest(HEADS_JSON)), HEADS_SHA256);
        let sidecar = include_str!("../../../models/encoder-heads.json.sha256");
        assert!(sidecar.starts_with(HEADS_SHA256), "{sidecar}");
        let heads = Heads::parse(HEADS_JSON).expect("parses");
        assert_eq!(heads.heads.len(), 12);
        assert_eq!(heads.max_tokens, 128);
    }
}
