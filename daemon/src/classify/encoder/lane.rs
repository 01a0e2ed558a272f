//! The encoder lane: `MODD_ENCODER_WORKERS` dedicated OS threads that run
//! the model, like the image pool (`crate::images::pool`) — never on the
//! async runtime or tokio's blocking pool, so a flood of texts slows the
//! encoder only. Unlike the image pool it batches: a thread takes the
//! first waiting text and every other one already queued (up to
//! `MODD_ENCODER_BATCH`) into one model run, so batches form under load
//! and a lone text never waits for company. Callers wait asynchronously for
//! a slot, so the texts queued in memory are bounded.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use super::model::MiniLm;

/// Texts that may wait, per text a thread runs at once.
const QUEUE_PER_SLOT: usize = 4;

/// One embedding, or why the model failed on the batch.
pub type Embedding = Result<Vec<f32>, String>;

struct Request {
    text: String,
    reply: oneshot::Sender<Embedding>,
    _slot: OwnedSemaphorePermit,
}

/// The lane's threads are gone (only at shutdown, or after a panic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the encoder lane is shut down")]
pub struct LaneClosed;

/// A fixed set of threads batching texts through one model.
pub struct Lane {
    requests: Mutex<mpsc::Sender<Request>>,
    slots: Arc<Semaphore>,
    capacity: usize,
}

impl std::fmt::Debug for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lane")
            .field("capacity", &self.capacity)
            .finish()
    }
}

impl Lane {
    pub fn new(model: Arc<MiniLm>, workers: usize, max_batch: usize) -> Self {
        let (workers, max_batch) = (workers.max(1), max_batch.max(1));
        let (tx, rx) = mpsc::channel::<Request>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers {
            let (rx, model) = (rx.clone(), model.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("modd-encoder-{i}"))
                .spawn(move || run(&rx, &model, max_batch));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start an encoder thread");
            }
        }
        let capacity = workers * max_batch * (1 + QUEUE_PER_SLOT);
        Self {
            requests: Mutex::new(tx),
            slots: Arc::new(Semaphore::new(capacity)),
            capacity,
        }
    }

    /// Texts being embedded or waiting right now.
    pub fn in_flight(&self) -> usize {
        self.capacity - self.slots.available_permits()
    }

    /// Embeds one text; waits (asynchronously) for a slot first.
    pub async fn embed(&self, text: String) -> Result<Embedding, LaneClosed> {
        let slot = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| LaneClosed)?;
        let (reply, answer) = oneshot::channel();
        let request = Request {
            text,
            reply,
            _slot: slot,
        };
        self.requests
            .lock()
            .map_err(|_| LaneClosed)?
            .send(request)
            .map_err(|_| LaneClosed)?;
        answer.await.map_err(|_| LaneClosed)
    }
}

/// One thread: wait for a text, gather what else is queued, run, reply.
fn run(rx: &Mutex<mpsc::Receiver<Request>>, model: &MiniLm, max_batch: usize) {
    loop {
        let batch = {
            // The lock is held only while taking a batch.
            let Ok(rx) = rx.lock() else { return };
            let Ok(first) = rx.recv() else { return };
            let mut batch = vec![first];
            while batch.len() < max_batch {
                match rx.try_recv() {
                    Ok(r) => batch.push(r),
                    Err(_) => break,
                }
            }
            batch
        };
        let started = std::time::Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let ids: Vec<Vec<i64>> = batch.iter().map(|r| model.tokenize(&r.text)).collect();
            model.embed(&ids)
        }));
        let size = batch.len();
        // A panic drops the replies: those callers get LaneClosed, the
        // thread lives on.
        let Ok(result) = result else { continue };
        let outcome = if result.is_ok() { "ok" } else { "error" };
        metrics::histogram!("modd_encoder_batch_seconds", "outcome" => outcome)
            .record(started.elapsed().as_secs_f64());
        metrics::histogram!("modd_encoder_batch_size").record(size as f64);
        match result {
            Ok(embeddings) => {
                for (r, e) in batch.into_iter().zip(embeddings) {
                    let _ = r.reply.send(Ok(e));
                }
            }
            Err(e) => {
                let message = e.to_string();
                for r in batch {
                    let _ = r.reply.send(Err(message.clone()));
                }
            }
        }
    }
}
