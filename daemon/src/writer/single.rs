//! The single writer (SQLite): one task commits intake's submissions and
//! the workers' outcome batches together, one transaction per round.
//! SQLite lets one transaction write at a time; with one writer nobody
//! waits on its lock, and a round costs one commit (one WAL write) whatever
//! mix of items and decisions it holds.
//!
//! A round is whatever is waiting when the writer is free (up to
//! [`MAX_GROUP`] submissions): a lone request is committed at once, and
//! under load rounds grow. Intake comes first: every accept waits for its
//! round, and an outcome costs the round several rows (status, scores,
//! decision, outbox) where a new item costs one, so a round that carries
//! intake takes at most [`OUTCOMES_BESIDE_INTAKE`] outcomes and the rest of
//! the worker batches wait for the next rounds ([`held`](super::held));
//! a round without intake takes every outcome waiting. Each request is
//! answered after the round that completes it commits. When the store
//! refuses a mixed round, intake and decisions are committed apart by their
//! own rules ([`commit_group`], [`record_batch`]), so a bad item or outcome
//! fails only itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

use super::group_commit::{MAX_GROUP, QUEUE_CAPACITY, Reply, answered, commit_group};
use super::held::{Held, RecordReply};
use super::record::{Decided, decided, failed, record_batch};
use crate::store::{Inserted, NewItem, Outcome, RoundWritten, Store, StoreError};

/// Most outcomes a round takes when it also carries intake: enough that
/// decisions keep moving under any intake load, few enough that the
/// round, which every accept in it waits for, stays short.
pub const OUTCOMES_BESIDE_INTAKE: usize = 16;

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
    let mut held = Held::default();
    let mut open = true;
    while open || held.waiting() > 0 {
        if held.waiting() == 0 {
            // Nothing owed: sleep until someone asks.
            open = rx.recv_many(&mut requests, MAX_GROUP).await > 0;
        } else if open {
            // Outcomes owed: take what else is there without waiting.
            while requests.len() < MAX_GROUP {
                match rx.try_recv() {
                    Ok(request) => requests.push(request),
                    Err(mpsc::error::TryRecvError::Empty) => break,
                    Err(mpsc::error::TryRecvError::Disconnected) => {
                        open = false;
                        break;
                    }
                }
            }
        }
        let round = Round::gather(requests.drain(..), &mut held);
        if round.is_empty() {
            continue;
        }
        metrics::counter!("modd_writer_rounds_total", "content" => round.content()).increment(1);
        if round.content() == "both" {
            mixed.fetch_add(1, Ordering::Relaxed);
        }
        round.commit(store.as_ref(), &mut held).await;
    }
}

/// One round: the submissions' items back to back (moved, not cloned),
/// each submission with its count, and a slice of the held outcomes.
struct Round {
    items: Vec<NewItem>,
    submissions: Vec<(usize, Reply)>,
    outcomes: super::held::Slice,
}

impl Round {
    /// Takes the new submissions whole and files the new outcome batches
    /// behind the held ones; then takes the outcomes this round has room for.
    fn gather(requests: impl Iterator<Item = Request>, held: &mut Held) -> Self {
        let (mut items, mut submissions) = (Vec::new(), Vec::new());
        for request in requests {
            match request {
                Request::Insert(mut new, reply) => {
                    submissions.push((new.len(), reply));
                    items.append(&mut new);
                }
                Request::Record(outcomes, reply) => held.push(outcomes, reply),
            }
        }
        let room = if submissions.is_empty() {
            usize::MAX
        } else {
            OUTCOMES_BESIDE_INTAKE
        };
        let outcomes = held.take(room);
        Round {
            items,
            submissions,
            outcomes,
        }
    }

    fn is_empty(&self) -> bool {
        self.submissions.is_empty() && self.outcomes.outcomes.is_empty()
    }

    /// What the round holds, as the `content` label of its metric.
    fn content(&self) -> &'static str {
        match (
            self.submissions.is_empty(),
            self.outcomes.outcomes.is_empty(),
        ) {
            (false, false) => "both",
            (false, true) => "items",
            _ => "outcomes",
        }
    }

    async fn commit(self, store: &dyn Store, held: &mut Held) {
        let Round {
            items,
            submissions,
            mut outcomes,
        } = self;
        let decisions = std::mem::take(&mut outcomes.outcomes);
        if decisions.is_empty() {
            return commit_group(store, items, submissions).await;
        }
        if submissions.is_empty() {
            return held.answer(outcomes, record_batch(store, decisions).await);
        }
        match commit_retrying(store, &items, &decisions).await {
            Ok(RoundWritten { inserted, events }) => {
                let mut inserted = inserted.into_iter();
                for (count, reply) in submissions {
                    let _ = reply.send(Ok(inserted.by_ref().take(count).collect()));
                }
                held.answer(outcomes, decided(decisions, events));
            }
            Err(e) if e.is_unavailable() => {
                for (_, reply) in submissions {
                    let _ = reply.send(Err(e.clone()));
                }
                held.answer(outcomes, failed(decisions.len(), &e));
            }
            Err(e) => {
                tracing::warn!(error = %e, items = items.len(), outcomes = decisions.len(), "write round refused; committing intake and decisions apart");
                commit_group(store, items, submissions).await;
                held.answer(outcomes, record_batch(store, decisions).await);
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
