//! Group commit for intake: concurrent submissions are gathered into one
//! transaction, and each is answered once its transaction has committed.
//! One commit per group instead of one per request is what lets intake
//! exceed the database's single-row insert rate. A submission's items (one
//! for `analyse`, many for `batch`) always commit together.
//!
//! [`commit_group`] is the rule for one group (a bad submission never fails
//! its neighbours); the single writer ([`super::single`]) applies it too.

use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

use crate::store::{Inserted, NewItem, Store, StoreError};

/// Most submissions in one transaction.
pub(super) const MAX_GROUP: usize = 256;
/// Submissions that may wait for a writer before submitters feel back-pressure.
pub(super) const QUEUE_CAPACITY: usize = 4096;

/// Where one submission's answer goes.
pub(super) type Reply = oneshot::Sender<Result<Vec<Inserted>, StoreError>>;
type Submission = (Vec<NewItem>, Reply);

/// Hands submissions to the group-commit writers.
#[derive(Clone)]
pub struct GroupCommit {
    tx: mpsc::Sender<Submission>,
}

impl GroupCommit {
    /// Starts `writers` writers that commit concurrently (PostgreSQL
    /// overlaps their commits).
    pub fn start(store: Arc<dyn Store>, writers: usize) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        for _ in 0..writers.max(1) {
            tokio::spawn(write_groups(store.clone(), rx.clone()));
        }
        Self { tx }
    }

    /// Stores `items` in one transaction (shared with other submissions);
    /// returns one result per item, in order, after the commit.
    pub async fn submit(&self, items: Vec<NewItem>) -> Result<Vec<Inserted>, StoreError> {
        let (reply, answer) = oneshot::channel();
        let expected = items.len();
        self.tx
            .send((items, reply))
            .await
            .map_err(|_| StoreError::Unavailable("intake is shutting down".into()))?;
        answered(expected, answer).await
    }
}

/// A submission's answer, checked to hold one row per item.
pub(super) async fn answered(
    expected: usize,
    answer: oneshot::Receiver<Result<Vec<Inserted>, StoreError>>,
) -> Result<Vec<Inserted>, StoreError> {
    let inserted = answer
        .await
        .map_err(|_| StoreError::Unavailable("intake writer stopped".into()))??;
    if inserted.len() != expected {
        return Err(StoreError::Other(format!(
            "the store returned {} rows for {expected} items",
            inserted.len()
        )));
    }
    Ok(inserted)
}

async fn write_groups(
    store: Arc<dyn Store>,
    rx: Arc<tokio::sync::Mutex<mpsc::Receiver<Submission>>>,
) {
    let mut group: Vec<Submission> = Vec::with_capacity(MAX_GROUP);
    loop {
        {
            let mut rx = rx.lock().await;
            if rx.recv_many(&mut group, MAX_GROUP).await == 0 {
                return; // every sender dropped: shutting down
            }
        }
        // Moved, not cloned: the hot path allocates nothing per item here.
        let mut items: Vec<NewItem> = Vec::new();
        let mut waiting: Vec<(usize, Reply)> = Vec::with_capacity(group.len());
        for (mut submitted, reply) in group.drain(..) {
            waiting.push((submitted.len(), reply));
            items.append(&mut submitted);
        }
        commit_group(store.as_ref(), items, waiting).await;
    }
}

/// Commits one group (`items` are the submissions of `waiting`, each with
/// its item count, back to back) and answers each submission.
pub(super) async fn commit_group(
    store: &dyn Store,
    items: Vec<NewItem>,
    mut waiting: Vec<(usize, Reply)>,
) {
    match insert_retrying(store, &items).await {
        Ok(results) => {
            let mut results = results.into_iter();
            for (count, reply) in waiting {
                let _ = reply.send(Ok(results.by_ref().take(count).collect()));
            }
        }
        Err(StoreError::Unavailable(cause)) => {
            // Still down after a retry: every submission gets the 503, and
            // no one-by-one retry piles more waits on a database that is away.
            for (_, reply) in waiting {
                let _ = reply.send(Err(StoreError::Unavailable(cause.clone())));
            }
        }
        Err(e) if waiting.len() == 1 => {
            if let Some((_, reply)) = waiting.pop() {
                let _ = reply.send(Err(e));
            }
        }
        Err(e) => {
            // One bad submission must not fail its neighbours: retry each alone.
            tracing::warn!(error = %e, submissions = waiting.len(), "intake group failed; retrying submissions singly");
            let mut items = items.into_iter();
            for (count, reply) in waiting {
                let own: Vec<NewItem> = items.by_ref().take(count).collect();
                let _ = reply.send(store.insert_items(&own).await);
            }
        }
    }
}

/// `insert_items`, tried a second time when the first attempt lost its
/// connection (a database restart ends every open session with 57P01). The
/// insert is idempotent (a repeat of `source_app, external_id` returns the
/// existing row), so a group that did commit before the connection dropped
/// is not stored twice. The pool hands the retry a fresh connection.
async fn insert_retrying(
    store: &dyn Store,
    items: &[NewItem],
) -> Result<Vec<Inserted>, StoreError> {
    match store.insert_items(items).await {
        Err(e) if e.is_unavailable() => {
            tracing::warn!(error = %e, items = items.len(), "intake lost its database connection; retrying once");
            store.insert_items(items).await
        }
        done => done,
    }
}
