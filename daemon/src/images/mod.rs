//! Image moderation: Yahoo's open_nsfw model, run locally with tract on a
//! dedicated thread pool. An image's NSFW probability becomes the
//! `sexual` score (classifier `open_nsfw`, version [`model::MODEL_VERSION`]).
//!
//! | module | owns |
//! |---|---|
//! | [`fetch`] | image bytes from `data:` and http(s) URLs, through the SSRF guard |
//! | [`decode`] | magic-byte check, pixel limit before decoding, RGB pixels |
//! | [`jpeg`] | baseline JPEG decoded exactly as libjpeg-turbo (Pillow) does |
//! | [`resample`] | Pillow's bilinear resize, bit for bit |
//! | [`preprocess`] | the model's input tensor |
//! | [`model`] | loading (sha256-checked) and running the ONNX model |
//! | [`pool`] | the dedicated threads (`MODD_IMAGE_WORKERS`) |
//!
//! The model file is optional: without it `modd` runs, says so at start,
//! and images go to review (or to a remote provider that accepts images).

pub mod decode;
pub mod fetch;
pub mod jpeg;
pub mod model;
pub mod pool;
pub mod preprocess;
pub mod resample;

use std::sync::Arc;

use crate::observe::tally::Tally;
use crate::settings::Settings;
use crate::ssrf::Guard;
use decode::DecodeError;
use fetch::{FetchError, Fetcher};
use modd_common::ImageLaneStats;
use model::{NsfwModel, Prediction};
use pool::ImagePool;

/// Why one image got no score: a per-item error, never a crash.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImageError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("the image model failed: {0}")]
    Model(String),
    #[error("the image model is not installed")]
    Unavailable,
    #[error("the image pool is shut down")]
    Closed,
}

impl ImageError {
    /// A short machine-readable code for API answers.
    pub fn code(&self) -> &'static str {
        match self {
            ImageError::Fetch(FetchError::Refused(_)) => "image_url_refused",
            ImageError::Fetch(FetchError::TooLarge { .. }) => "image_too_large",
            ImageError::Fetch(FetchError::BadUrl(_) | FetchError::BadDataUrl(_)) => "image_invalid",
            ImageError::Fetch(FetchError::NotAnImage { .. }) => "image_not_an_image",
            ImageError::Fetch(_) => "image_fetch_failed",
            ImageError::Decode(DecodeError::TooManyPixels { .. }) => "image_too_many_pixels",
            ImageError::Decode(DecodeError::UnknownFormat) => "image_unsupported_format",
            ImageError::Decode(_) => "image_undecodable",
            ImageError::Model(_) | ImageError::Closed => "image_model_failed",
            ImageError::Unavailable => "image_model_unavailable",
        }
    }
}

/// What `/ready` and the admin facts say about images.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageStatus {
    pub loaded: bool,
    pub path: String,
    pub version: Option<&'static str>,
    /// Why the model is not loaded (missing file, wrong checksum…).
    pub error: Option<String>,
    pub workers: usize,
}

/// Fetches, decodes and scores images.
pub struct ImageClassifier {
    model: Option<Arc<NsfwModel>>,
    status: ImageStatus,
    pool: ImagePool,
    fetcher: Fetcher,
    max_pixels: u64,
    /// Images scored, for the dashboard, recorded with the Prometheus series.
    tally: Tally,
}

impl std::fmt::Debug for ImageClassifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageClassifier")
            .field("status", &self.status)
            .finish()
    }
}

impl ImageClassifier {
    /// Loads the model if the file is there (on a blocking thread: ~150 ms)
    /// and starts the pool. Never fails on a missing or wrong model: that
    /// is logged and reported by `/ready`, and images go to review.
    pub async fn start(settings: &Settings) -> anyhow::Result<Self> {
        let s = &settings.images;
        let path = s.model_path.clone();
        let loaded = tokio::task::spawn_blocking(move || NsfwModel::load(&path))
            .await
            .map_err(|e| anyhow::anyhow!("image model loader: {e}"))?;
        let remote_images = settings.remote.openai.is_some();
        let (model, error) = match loaded {
            Ok(m) => {
                tracing::info!(path = %s.model_path.display(), version = model::MODEL_VERSION, workers = s.workers, "image model loaded");
                (Some(Arc::new(m)), None)
            }
            Err(e) => {
                let goes_to = if remote_images {
                    "the configured remote provider"
                } else {
                    "human review"
                };
                tracing::warn!(error = %e, "image model not loaded: images go to {goes_to}; install it with `tools/export-models/image.py install` or set MODD_IMAGE_MODEL_PATH");
                (None, Some(e.to_string()))
            }
        };
        let guard = Guard {
            allow_private: s.allow_private,
            production: settings.is_production(),
            allowed_hosts: s.allowed_hosts.clone(),
            purpose: crate::ssrf::Purpose::Images,
        };
        let fetcher = Fetcher::new(guard, s.fetch_timeout, s.max_bytes)
            .map_err(|e| anyhow::anyhow!("image HTTP client: {e}"))?;
        Ok(Self::with_parts(model, error, settings, fetcher))
    }

    fn with_parts(
        model: Option<Arc<NsfwModel>>,
        error: Option<String>,
        settings: &Settings,
        fetcher: Fetcher,
    ) -> Self {
        let s = &settings.images;
        Self {
            status: ImageStatus {
                loaded: model.is_some(),
                path: s.model_path.display().to_string(),
                version: model.as_ref().map(|_| model::MODEL_VERSION),
                error,
                workers: s.workers,
            },
            model,
            pool: ImagePool::new(s.workers),
            fetcher,
            tally: Tally::default(),
            max_pixels: s.max_pixels,
        }
    }

    pub fn loaded(&self) -> bool {
        self.model.is_some()
    }

    pub fn status(&self) -> &ImageStatus {
        &self.status
    }

    pub fn max_bytes(&self) -> usize {
        self.fetcher.max_bytes()
    }

    /// Fetches (or decodes the `data:` URL) and scores one image.
    pub async fn score_url(&self, url: &str) -> Result<Prediction, ImageError> {
        if self.model.is_none() {
            return Err(ImageError::Unavailable);
        }
        let bytes = self.fetcher.load(url).await.inspect_err(|e| {
            // Why an image went unscored, for the operator: the error names
            // the host and the kind of address, never the path or the bytes.
            tracing::info!(code = ImageError::Fetch(e.clone()).code(), error = %e, "image not fetched");
        })?;
        self.score_bytes(bytes).await
    }

    /// An image to show a person (the review console): fetched through the
    /// same guard, size limit and timeout as for scoring, and served only
    /// as an accepted format within the pixel limit, with the media type
    /// its bytes show (never the one the remote server claimed). Not
    /// decoded here: the browser does that.
    pub async fn fetch_for_display(
        &self,
        url: &str,
    ) -> Result<(Vec<u8>, &'static str), ImageError> {
        let bytes = self.fetcher.load(url).await.inspect_err(|e| {
            tracing::info!(code = ImageError::Fetch(e.clone()).code(), error = %e, "image not fetched for display");
        })?;
        let (format, _, _) = decode::check(&bytes, self.max_pixels)?;
        Ok((bytes, decode::media_type(format)))
    }

    /// Decodes and scores image bytes on the pool.
    pub async fn score_bytes(&self, bytes: Vec<u8>) -> Result<Prediction, ImageError> {
        let model = self.model.clone().ok_or(ImageError::Unavailable)?;
        if bytes.len() > self.fetcher.max_bytes() {
            return Err(FetchError::TooLarge {
                limit: self.fetcher.max_bytes(),
            }
            .into());
        }
        let max_pixels = self.max_pixels;
        let started = std::time::Instant::now();
        let result = self
            .pool
            .run(move || -> Result<Prediction, ImageError> {
                let rgb = decode::decode_rgb(&bytes, max_pixels)?;
                drop(bytes);
                let tensor = preprocess::tensor(&rgb);
                drop(rgb);
                model
                    .predict(tensor)
                    .map_err(|e| ImageError::Model(e.to_string()))
            })
            .await
            .map_err(|_| ImageError::Closed)?;
        let outcome = if result.is_ok() { "ok" } else { "error" };
        let seconds = started.elapsed().as_secs_f64();
        metrics::histogram!("modd_image_classify_seconds", "outcome" => outcome).record(seconds);
        self.tally.timed(result.is_ok(), seconds);
        result
    }

    /// The lane now (threads busy, images waiting) and since start, for
    /// `GET /api/v1/admin/stats`. A thread takes the next image as soon as
    /// it is free, so the pool's images beyond its threads are the queue.
    pub fn lane_stats(&self) -> ImageLaneStats {
        let workers = self.pool.workers() as u64;
        let in_pool = self.pool.in_flight() as u64;
        let t = self.tally.view();
        ImageLaneStats {
            loaded: self.loaded(),
            workers,
            running: in_pool.min(workers),
            queued: in_pool.saturating_sub(workers),
            scored: t.calls,
            errors: t.errors,
            latency: t.latency,
        }
    }
}
