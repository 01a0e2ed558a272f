//! Items per status for the `modd_items` gauge. Counting every status is a
//! full scan of `content_items` (160–280 ms at a million rows on
//! PostgreSQL), and every Prometheus server scrapes every replica. The
//! statuses that wait (pending, flagged, error) have few rows and are
//! counted live by their index; the settled ones (approved, blocked) only
//! grow, and come from a full count at most [`SETTLED_MAX_AGE`] old.

use modd_common::ItemStatus;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

use crate::store::{Store, StoreResult};

/// How old the settled statuses' counts may be: a dashboard's resolution,
/// so a large table is scanned a few times an hour, not on every scrape.
pub const SETTLED_MAX_AGE: Duration = Duration::from_secs(60);

/// The statuses counted on every call.
const WAITING: [ItemStatus; 3] = [ItemStatus::Pending, ItemStatus::Flagged, ItemStatus::Error];

/// The last full count, shared by the replica's callers.
#[derive(Default)]
pub struct ItemCounts {
    /// Held while a full count runs, so concurrent scrapes wait for one
    /// scan instead of starting their own.
    settled: Mutex<Option<(Instant, BTreeMap<ItemStatus, i64>)>>,
}

impl ItemCounts {
    /// Every status's count: live for the waiting ones, at most
    /// `max_age` old for the settled ones.
    pub async fn current(
        &self,
        store: &dyn Store,
        max_age: Duration,
    ) -> StoreResult<BTreeMap<ItemStatus, i64>> {
        let mut counts = {
            let mut settled = self.settled.lock().await;
            match &*settled {
                Some((at, counts)) if at.elapsed() <= max_age => counts.clone(),
                _ => {
                    let counts = store.count_by_status().await?;
                    *settled = Some((Instant::now(), counts.clone()));
                    counts
                }
            }
        };
        counts.extend(waiting(store).await?);
        Ok(counts)
    }
}

/// The waiting statuses' counts, live (each reads only its own rows).
pub async fn waiting(store: &dyn Store) -> StoreResult<BTreeMap<ItemStatus, i64>> {
    let counts =
        futures::future::try_join_all(WAITING.map(|status| store.count_status(status))).await?;
    Ok(WAITING.into_iter().zip(counts).collect())
}
