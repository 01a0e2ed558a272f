//! Settings of the sentence-encoder stage: where its model files are and
//! the lane that runs it.

use std::path::{Path, PathBuf};

use super::{RawValues, SettingsError, number};

/// How the encoder stage is loaded and run.
#[derive(Debug, Clone, PartialEq)]
pub struct EncoderSettings {
    /// `MODD_ENCODER_DIR`, or `MODD_DATA_DIR/models` (where
    /// `tools/export-models/encoder.py install` puts both files).
    pub dir: PathBuf,
    /// Threads that run the encoder (`MODD_ENCODER_WORKERS`).
    pub workers: usize,
    /// Most texts in one model run (`MODD_ENCODER_BATCH`).
    pub max_batch: usize,
}

pub(super) fn encoder(raw: &RawValues, data_dir: &Path) -> Result<EncoderSettings, SettingsError> {
    let dir = match raw.get("MODD_ENCODER_DIR").map(|s| s.trim()).unwrap_or("") {
        "" => data_dir.join("models"),
        p => PathBuf::from(p),
    };
    Ok(EncoderSettings {
        dir,
        workers: number(raw, "MODD_ENCODER_WORKERS", 1, 256)?,
        max_batch: number(raw, "MODD_ENCODER_BATCH", 1, 256)?,
    })
}

/// Lines for `modd config check`.
pub(super) fn describe(s: &EncoderSettings) -> Vec<(&'static str, String)> {
    vec![
        ("MODD_ENCODER_DIR", s.dir.display().to_string()),
        ("MODD_ENCODER_WORKERS", s.workers.to_string()),
        ("MODD_ENCODER_BATCH", s.max_batch.to_string()),
    ]
}
