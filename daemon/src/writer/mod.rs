//! How the hot path writes: intake's new items and the workers' decisions.
//! [`Writer::start`] is the one place that picks how, from the backend:
//!
//! - **SQLite** has one write lock for the whole database. Intake and the
//!   workers each committing on their own would queue on it (busy waits,
//!   the intake p99), so one task, the single writer ([`single`]), commits
//!   both together, one transaction per round.
//! - **PostgreSQL** takes concurrent commits: intake's group commit runs
//!   several writers ([`group_commit`]) and each worker commits its own
//!   batch.
//!
//! Either way the rules are the same: an answer comes after the commit; a
//! failing submission or outcome never fails its neighbours
//! ([`group_commit::commit_group`], [`record::record_batch`]).

pub mod group_commit;
mod held;
mod record;
pub mod single;

use std::sync::Arc;

use crate::store::{Backend, Inserted, NewItem, Outcome, Store, StoreError};
use group_commit::GroupCommit;
pub use record::Decided;
use single::SingleWriter;

/// Intake's group-commit writers on PostgreSQL: enough for commits to overlap.
const POSTGRES_INTAKE_WRITERS: usize = 4;

/// The writes of intake and the workers, by backend.
#[derive(Clone)]
pub enum Writer {
    /// SQLite: one task commits intake and decisions together.
    Single(SingleWriter),
    /// PostgreSQL: intake's group commit; decisions straight to the store.
    Pooled {
        intake: GroupCommit,
        store: Arc<dyn Store>,
    },
}

impl Writer {
    /// The writer `store`'s backend needs (spawns its tasks).
    pub fn start(store: Arc<dyn Store>) -> Self {
        match store.backend() {
            Backend::Sqlite => Writer::Single(SingleWriter::start(store)),
            Backend::Postgres => Writer::Pooled {
                intake: GroupCommit::start(store.clone(), POSTGRES_INTAKE_WRITERS),
                store,
            },
        }
    }

    /// Stores a submission's items together (see
    /// [`Store::insert_items`]); one result per item, in order, after the
    /// commit.
    pub async fn insert(&self, items: Vec<NewItem>) -> Result<Vec<Inserted>, StoreError> {
        match self {
            Writer::Single(single) => single.insert(items).await,
            Writer::Pooled { intake, .. } => intake.submit(items).await,
        }
    }

    /// Records a worker batch's outcomes, in one commit when the store takes
    /// them all; one result per outcome, in order. An outcome the store
    /// refuses fails alone.
    pub async fn record(&self, outcomes: Vec<Outcome>) -> Vec<Result<Decided, StoreError>> {
        match self {
            Writer::Single(single) => single.record(outcomes).await,
            Writer::Pooled { store, .. } => record::record_batch(store.as_ref(), outcomes).await,
        }
    }
}
