//! Group commit for intake: concurrent `analyse` requests are gathered into
//! one transaction, and each request is answered once its batch has
//! committed. One commit per batch instead of one per request is what lets
//! intake exceed the database's single-row insert rate.

use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

use crate::store::{Inserted, NewItem, Store, StoreError};

/// Most items in one transaction.
const MAX_BATCH: usize = 256;
/// Requests that may wait for a writer before submitters feel back-pressure.
const QUEUE_CAPACITY: usize = 4096;

type Reply = oneshot::Sender<Result<Inserted, StoreError>>;

/// Hands items to the batch writers.
#[derive(Clone)]
pub struct Intake {
    tx: mpsc::Sender<(NewItem, Reply)>,
}

impl Intake {
    /// Starts `writers` batch writers (1 for SQLite, which has one writer
    /// anyway; a few for PostgreSQL so commits overlap).
    pub fn start(store: Arc<dyn Store>, writers: usize) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        for _ in 0..writers.max(1) {
            tokio::spawn(write_batches(store.clone(), rx.clone()));
        }
        Self { tx }
    }

    /// Stores one item; returns after its batch committed.
    pub async fn submit(&self, item: NewItem) -> Result<Inserted, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((item, reply))
            .await
            .map_err(|_| StoreError::Unavailable("intake is shutting down".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Unavailable("intake writer stopped".into()))?
    }
}

async fn write_batches(
    store: Arc<dyn Store>,
    rx: Arc<tokio::sync::Mutex<mpsc::Receiver<(NewItem, Reply)>>>,
) {
    let mut batch: Vec<(NewItem, Reply)> = Vec::with_capacity(MAX_BATCH);
    loop {
        {
            let mut rx = rx.lock().await;
            if rx.recv_many(&mut batch, MAX_BATCH).await == 0 {
                return; // every sender dropped: shutting down
            }
        }
        let (items, replies): (Vec<NewItem>, Vec<Reply>) = batch.drain(..).unzip();
        match store.insert_items(&items).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(Ok(result));
                }
            }
            Err(e) if items.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(e));
                }
            }
            Err(e) => {
                // One bad row must not fail its neighbours: retry one by one.
                tracing::warn!(error = %e, batch = items.len(), "intake batch failed; retrying items singly");
                for (item, reply) in items.into_iter().zip(replies) {
                    let result = store
                        .insert_items(std::slice::from_ref(&item))
                        .await
                        .and_then(|mut r| {
                            r.pop()
                                .ok_or_else(|| StoreError::Other("no row returned".into()))
                        });
                    let _ = reply.send(result);
                }
            }
        }
    }
}
