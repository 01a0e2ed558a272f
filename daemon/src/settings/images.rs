//! Settings of image moderation: the model file, the worker pool, and the
//! limits applied to fetched or uploaded images.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{RawValues, SettingsError, boolean, invalid, number};

/// How images are fetched, decoded and classified.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSettings {
    /// `MODD_IMAGE_MODEL_PATH`, or `MODD_DATA_DIR/models/open-nsfw.onnx`.
    pub model_path: PathBuf,
    /// Threads that decode and classify images (`MODD_IMAGE_WORKERS`).
    pub workers: usize,
    /// Largest image accepted, fetched or inline (bytes).
    pub max_bytes: usize,
    /// Body limit of the routes that take inline images (base64 or multipart).
    pub max_body_bytes: usize,
    /// Largest width x height decoded (checked on the header, before decoding).
    pub max_pixels: u64,
    /// Connect plus download time of one image URL.
    pub fetch_timeout: Duration,
    /// Allow image URLs on loopback/private addresses (tests, local development).
    pub allow_private: bool,
    /// In production, `allow_private` applies only to these hosts.
    pub allowed_hosts: Vec<String>,
}

pub(super) fn images(raw: &RawValues, data_dir: &Path) -> Result<ImageSettings, SettingsError> {
    let get = |k: &str| raw.get(k).map(String::as_str).unwrap_or("").trim();
    let model_path = match get("MODD_IMAGE_MODEL_PATH") {
        // Where `tools/export-models/image.py install` puts it.
        "" => data_dir.join("models").join("open-nsfw.onnx"),
        p => PathBuf::from(p),
    };
    let allowed_hosts: Vec<String> = get("MODD_IMAGE_ALLOWED_HOSTS")
        .split(',')
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if let Some(bad) = allowed_hosts
        .iter()
        .find(|h| h.contains(['/', ':', '@', ' ']))
    {
        return Err(invalid(
            "MODD_IMAGE_ALLOWED_HOSTS",
            format!("{bad:?} is not a host name (list names, without scheme or port)"),
        ));
    }
    Ok(ImageSettings {
        model_path,
        workers: number(raw, "MODD_IMAGE_WORKERS", 1, 256)?,
        max_bytes: number(raw, "MODD_IMAGE_MAX_BYTES", 1024, 256 * 1024 * 1024)?,
        max_body_bytes: number(raw, "MODD_IMAGE_MAX_BODY_BYTES", 1024, 1024 * 1024 * 1024)?,
        max_pixels: number(raw, "MODD_IMAGE_MAX_PIXELS", 1, 1_000_000_000)?,
        fetch_timeout: Duration::from_secs(number(raw, "MODD_IMAGE_FETCH_TIMEOUT_SECS", 1, 300)?),
        allow_private: boolean(raw, "MODD_IMAGE_ALLOW_PRIVATE")?,
        allowed_hosts,
    })
}

/// Lines for `modd config check`.
pub(super) fn describe(s: &ImageSettings) -> Vec<(&'static str, String)> {
    vec![
        ("MODD_IMAGE_MODEL_PATH", s.model_path.display().to_string()),
        ("MODD_IMAGE_WORKERS", s.workers.to_string()),
        ("MODD_IMAGE_MAX_BYTES", s.max_bytes.to_string()),
        ("MODD_IMAGE_MAX_BODY_BYTES", s.max_body_bytes.to_string()),
        ("MODD_IMAGE_MAX_PIXELS", s.max_pixels.to_string()),
        (
            "MODD_IMAGE_FETCH_TIMEOUT_SECS",
            s.fetch_timeout.as_secs().to_string(),
        ),
        ("MODD_IMAGE_ALLOW_PRIVATE", s.allow_private.to_string()),
        ("MODD_IMAGE_ALLOWED_HOSTS", s.allowed_hosts.join(",")),
    ]
}
