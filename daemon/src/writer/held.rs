//! Worker batches waiting for the single writer, taken in slices. A round
//! that also carries intake takes only a bounded slice of the outcomes
//! (see [`super::single`]), so a batch may be committed over several
//! rounds; it is answered, whole and in order, once its last outcome has
//! committed. Outcomes are taken first in, first out, so batches complete
//! in the order they arrived.

use std::collections::VecDeque;
use tokio::sync::oneshot;

use super::record::Decided;
use crate::store::{Outcome, StoreError};

/// Where a batch's answer goes: one result per outcome, in order.
pub(super) type RecordReply = oneshot::Sender<Vec<Result<Decided, StoreError>>>;

/// One worker batch: what is still to commit and what has been answered.
struct Batch {
    waiting: VecDeque<Outcome>,
    results: Vec<Result<Decided, StoreError>>,
    size: usize,
    reply: RecordReply,
}

/// The batches not yet answered, oldest first.
#[derive(Default)]
pub(super) struct Held {
    batches: VecDeque<Batch>,
}

/// A slice of outcomes taken for one round: the outcomes, and how many of
/// them belong to each of the oldest batches (from the front).
pub(super) struct Slice {
    pub(super) outcomes: Vec<Outcome>,
    counts: Vec<usize>,
}

impl Held {
    pub(super) fn push(&mut self, outcomes: Vec<Outcome>, reply: RecordReply) {
        let size = outcomes.len();
        self.batches.push_back(Batch {
            waiting: outcomes.into(),
            results: Vec::with_capacity(size),
            size,
            reply,
        });
    }

    /// Outcomes not yet taken.
    pub(super) fn waiting(&self) -> usize {
        self.batches.iter().map(|b| b.waiting.len()).sum()
    }

    /// Takes at most `limit` outcomes, oldest first.
    pub(super) fn take(&mut self, limit: usize) -> Slice {
        let mut slice = Slice {
            outcomes: Vec::new(),
            counts: Vec::new(),
        };
        for batch in &mut self.batches {
            let room = limit - slice.outcomes.len();
            if room == 0 {
                break;
            }
            let n = room.min(batch.waiting.len());
            slice.outcomes.extend(batch.waiting.drain(..n));
            slice.counts.push(n);
        }
        slice
    }

    /// Files a slice's results (one per outcome, in slice order) with their
    /// batches and answers every batch that is now complete.
    pub(super) fn answer(&mut self, slice: Slice, results: Vec<Result<Decided, StoreError>>) {
        let mut results = results.into_iter();
        for (batch, n) in self.batches.iter_mut().zip(slice.counts) {
            batch.results.extend(results.by_ref().take(n));
        }
        while self
            .batches
            .front()
            .is_some_and(|b| b.waiting.is_empty() && b.results.len() == b.size)
        {
            if let Some(done) = self.batches.pop_front() {
                let _ = done.reply.send(done.results);
            }
        }
    }
}
