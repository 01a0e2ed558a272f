//! How content comes in. [`Intake::take`] is the one path for `analyse`,
//! `batch` and the multipart upload: it checks each request, stores the
//! valid ones through the [`Writer`] (group commit) and, once they are
//! committed, enqueues the new ones. [`wait`] is the wait for a
//! decision that `Prefer: wait=N` asks for.

pub mod wait;

use modd_common::AnalyseRequest;
use std::sync::Arc;
use tracing::Instrument;

use crate::observe::traces::{self, TraceParent};
use crate::queue::JobQueue;
use crate::store::{Inserted, NewItem, StoreError};
use crate::validate;
use crate::writer::Writer;

/// Why one request was not taken in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    /// The body breaks a rule (shape, limits, image).
    #[error("{0}")]
    Invalid(String),
    /// The API key may not submit for that `source_app`.
    #[error("this API key is not allowed for that source_app")]
    AppNotAllowed,
}

/// The limits a request is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most characters of `text` (`MODD_MAX_TEXT_CHARS`).
    pub max_text_chars: usize,
    /// Most bytes of an inline or uploaded image (`MODD_IMAGE_MAX_BYTES`).
    pub max_image_bytes: usize,
}

/// Checks, stores and enqueues submitted content.
#[derive(Clone)]
pub struct Intake {
    writer: Writer,
    queue: Arc<dyn JobQueue>,
    limits: Limits,
}

impl Intake {
    /// Intake that stores through `writer` (shared with the workers).
    pub fn new(writer: Writer, queue: Arc<dyn JobQueue>, limits: Limits) -> Self {
        Self {
            writer,
            queue,
            limits,
        }
    }

    /// Takes `requests` in: each is checked (`may_use_app` says whether the
    /// caller may submit for an app), the valid ones are stored together in
    /// one transaction, and the new ones are enqueued after the commit. The
    /// answer has one entry per request, in order. `Err` only when the
    /// store failed: then nothing of this call was stored.
    pub async fn take(
        &self,
        requests: Vec<AnalyseRequest>,
        may_use_app: impl Fn(&str) -> bool,
    ) -> Result<Vec<Result<Inserted, Rejected>>, StoreError> {
        // The valid items move to the writer; each request keeps only
        // whether it was valid.
        let mut valid: Vec<NewItem> = Vec::with_capacity(requests.len());
        let checked: Vec<Result<(), Rejected>> = requests
            .into_iter()
            .map(|req| self.check(req, &may_use_app).map(|item| valid.push(item)))
            .collect();
        let inserted = if valid.is_empty() {
            Vec::new()
        } else {
            let span = traces::span(|| tracing::info_span!("intake.commit", items = valid.len()));
            self.writer.insert(valid).instrument(span).await?
        };
        self.enqueue_created(&inserted).await;
        // `insert` answers one row per item, so every valid request finds its row.
        let mut rows = inserted.into_iter();
        let mut answers = Vec::with_capacity(checked.len());
        for c in checked {
            answers.push(match c {
                Ok(_) => Ok(rows
                    .next()
                    .ok_or_else(|| StoreError::Other("the store returned too few rows".into()))?),
                Err(rejected) => Err(rejected),
            });
        }
        Ok(answers)
    }

    /// [`Intake::take`] for one request.
    pub async fn take_one(
        &self,
        request: AnalyseRequest,
        may_use_app: impl Fn(&str) -> bool,
    ) -> Result<Result<Inserted, Rejected>, StoreError> {
        self.take(vec![request], may_use_app)
            .await?
            .pop()
            .ok_or_else(|| StoreError::Other("the intake answered nothing".into()))
    }

    /// Shape, limits, the image and the key's right to the app; the item
    /// as it will be stored.
    fn check(
        &self,
        req: AnalyseRequest,
        may_use_app: &impl Fn(&str) -> bool,
    ) -> Result<NewItem, Rejected> {
        let invalid = |e: validate::Invalid| Rejected::Invalid(e.to_string());
        validate::analyse(&req, self.limits.max_text_chars).map_err(invalid)?;
        let image_url = validate::image_of(&req, self.limits.max_image_bytes).map_err(invalid)?;
        if !may_use_app(&req.source_app) {
            return Err(Rejected::AppNotAllowed);
        }
        Ok(NewItem {
            source_app: req.source_app,
            external_id: req.external_id,
            content_type: req.content_type,
            text: req.text.filter(|t| !t.is_empty()),
            image_url,
            created_at: chrono::Utc::now(),
        })
    }

    /// The rows are committed: a failed enqueue only delays the items until
    /// the reconciler finds them.
    async fn enqueue_created(&self, inserted: &[Inserted]) {
        let ids: Vec<i64> = inserted
            .iter()
            .filter(|i| i.created)
            .map(|i| i.item.id)
            .collect();
        if ids.is_empty() {
            return;
        }
        metrics::counter!("modd_items_accepted_total").increment(ids.len() as u64);
        // The jobs carry this span's context: the worker's span is its child.
        let span = traces::span(|| {
            tracing::info_span!(
                "queue.enqueue",
                items = ids.len(),
                queue = self.queue.kind()
            )
        });
        let trace = TraceParent::of(&span);
        let enqueued = self.queue.enqueue_traced(&ids, trace.as_ref());
        if let Err(e) = enqueued.instrument(span).await {
            tracing::warn!(items = ids.len(), error = %e, "enqueue failed; the reconciler will pick the items up");
        }
    }
}

#[cfg(test)]
mod tests;
