//! The single writer (SQLite): one task commits intake's submissions and
//! the workers' outcome batches together, one transaction per round.
//! SQLite lets one transaction write at a time; with one writer nobody
//! waits on its lock, and a round costs one commit (one WAL sync) whatever
//! mix of items and decisions it holds.
//!
//! A round is whatever is waiting when the writer is free (up to
//! [`MAX_GROUP`] requests): a lone request is committed at once, and under
//! load rounds grow. Each request is answered after its round commits.
//! When the store refuses a mixed round, intake and decisions are committed
//! apart by their own rules ([`commit_group`], [`record_batch`]), so a bad
//! item or outcome fails only itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

use super::group_commit::{MAX_GROUP, QUEUE_CAPACITY, Reply, answered, commit_group};
use super::record::{Decided, decided, failed, record_batch};
use crate::store::{Inserted, NewItem, Outcome, RoundWritten, Store, StoreError};

type RecordReply = oneshot::Sender<Vec<Result<Decided, StoreError>>>;

/// What the writer is asked to commit.
enum Request {
    /// An intake submission: its items commit together.
    Insert(Vec<NewItem>, Reply),
    /// A worker's batch of outcomes.
    Record(Vec<Outcome>, RecordReply),
}

/// Hands intake submissions and outcome batches to the one writer task.
#[derive(Clone)]
pub struct SingleWriter {
    tx: mpsc::Sender<Request>,
    mixed: Arc<AtomicU64>,
}

impl SingleWriter {
    /// Spawns the writer task; it stops when every handle is dropped.
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let mixed = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(store, rx, mixed.clone()));
        Self { tx, mixed }
    }

    /// Rounds so far that committed items and outcomes in one transaction.
    pub fn mixed_rounds(&self) -> u64 {
        self.mixed.load(Ordering::Relaxed)
    }

    /// See [`super::Writer::insert`].
    pub async fn insert(&self, items: Vec<NewItem>) -> Result<Vec<Inserted>, StoreError> {
        let (reply, answer) = oneshot::channel();
        let expected = items.len();
        self.tx
            .send(Request::Insert(items, reply))
            .await
            .map_err(|_| StoreError::Unavailable("intake is shutting down".into()))?;
        answered(expected, answer).await
    }

    /// See [`super::Writer::record`].
    pub async fn record(&self, outcomes: Vec<Outcome>) -> Vec<Result<Decided, StoreError>> {
        let n = outcomes.len();
        if n == 0 {
            return Vec::new();
        }
        let stopped = || StoreError::Unavailable("the database writer stopped".into());
        let (reply, answer) = oneshot::channel();
        if self
            .tx
            .send(Request::Record(outcomes, reply))
            .await
            .is_err()
        {
            return failed(n, &stopped());
        }
        match answer.await {
            Ok(results) if results.len() == n => results,
            Ok(results) => failed(
                n,
                &StoreError::Other(format!("{} results for {n} outcomes", results.len())),
            ),
            Err(_) => failed(n, &stopped()),
        }
    }
}

async fn run(store: Arc<dyn Store>, mut rx: mpsc::Receiver<Request>, mixed: Arc<AtomicU64>) {
    let mut requests: Vec<Request> = Vec::with_capacity(MAX_GROUP);
    while rx.recv_many(&mut requests, MAX_GROUP).await > 0 {
        let round = Round::gather(requests.drain(..));
        metrics::counter!("modd_writer_rounds_total", "content" => round.content()).increment(1);
        if round.content() == "both" {
            mixed.fetch_add(1, Ordering::Relaxed);
        }
        round.commit(store.as_ref()).await;
    }
}

/// One round's requests, their items and outcomes back to back (moved, not
/// cloned), each request with its count.
#[derive(Default)]
struct Round {
    items: Vec<NewItem>,
    submissions: Vec<(usize, Reply)>,
    outcomes: Vec<Outcome>,
    batches: Vec<(usize, RecordReply)>,
}

impl Round {
    fn gather(requests: impl Iterator<Item = Request>) -> Self {
        let mut round = Round::default();
        for request in requests {
            match request {
                Request::Insert(mut items, reply) => {
                    round.submissions.push((items.len(), reply));
                    round.items.append(&mut items);
                }
                Request::Record(mut outcomes, reply) => {
                    round.batches.push((outcomes.len(), reply));
                    round.outcomes.append(&mut outcomes);
                }
            }
        }
        round
    }

    /// What the round holds, as the `content` label of its metric.
    fn content(&self) -> &'static str {
        match (self.submissions.is_empty(), self.batches.is_empty()) {
            (false, false) => "both",
            (false, true) => "items",
            _ => "outcomes",
        }
    }

    async fn commit(self, store: &dyn Store) {
        let Round {
            items,
            submissions,
            outcomes,
            batches,
        } = self;
        if batches.is_empty() {
            return commit_group(store, items, submissions).await;
        }
        if submissions.is_empty() {
            return answer_batches(batches, record_batch(store, outcomes).await);
        }
        match commit_retrying(store, &items, &outcomes).await {
            Ok(RoundWritten { inserted, events }) => {
                let mut inserted = inserted.into_iter();
                for (count, reply) in submissions {
                    let _ = reply.send(Ok(inserted.by_ref().take(count).collect()));
                }
                answer_batches(batches, decided(outcomes, events));
            }
            Err(e) if e.is_unavailable() => {
                for (_, reply) in submissions {
                    let _ = reply.send(Err(e.clone()));
                }
                answer_batches(batches, failed(outcomes.len(), &e));
            }
            Err(e) => {
                tracing::warn!(error = %e, items = items.len(), outcomes = outcomes.len(), "write round refused; committing intake and decisions apart");
                commit_group(store, items, submissions).await;
                answer_batches(batches, record_batch(store, outcomes).await);
            }
        }
    }
}

/// `commit_round`, tried a second time when the database was unavailable:
/// both halves are idempotent (an existing key returns its row, a decided
/// item is left alone), so a round that did commit is not applied twice.
async fn commit_retrying(
    store: &dyn Store,
    items: &[NewItem],
    outcomes: &[Outcome],
) -> Result<RoundWritten, StoreError> {
    match store.commit_round(items, outcomes).await {
        Err(e) if e.is_unavailable() => {
            tracing::warn!(error = %e, "write round lost the database; retrying once");
            store.commit_round(items, outcomes).await
        }
        done => done,
    }
}

/// Hands each batch its share of `results` (in round order).
fn answer_batches(batches: Vec<(usize, RecordReply)>, results: Vec<Result<Decided, StoreError>>) {
    let mut results = results.into_iter();
    for (count, reply) in batches {
        let _ = reply.send(results.by_ref().take(count).collect());
    }
}
