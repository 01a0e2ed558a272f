//! Row types: what the store reads and writes, as the rest of the daemon
//! sees them, each with the columns its queries select and its decoder.
//!
//! Decoders are generic over the sqlx row type, so one decoder serves both
//! dialects. Every decode failure becomes a `StoreError`, never a panic: a
//! hand-edited row must not take a worker down.

mod apps;
mod attest;
mod items;
mod keys;

pub use apps::*;
pub use attest::*;
pub use items::*;
pub use keys::*;

use crate::{StoreError, StoreResult};
use modd_common::{ItemStatus, ReviewVerdict, StorageMode, Verdict};

/// Pool occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

pub(crate) fn verdict_str(verdict: Verdict) -> &'static str {
    verdict.as_status().as_str()
}

pub(crate) fn parse_verdict(s: &str) -> StoreResult<Verdict> {
    match s {
        "approved" => Ok(Verdict::Approved),
        "flagged" => Ok(Verdict::Flagged),
        "blocked" => Ok(Verdict::Blocked),
        other => Err(bad_value("decisions.verdict", other)),
    }
}

fn bad_value(column: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected value {value:?} in {column}"))
}

/// A reviewer's verdict as the decision verdict it stores.
pub(crate) fn review_verdict(verdict: ReviewVerdict) -> Verdict {
    match verdict {
        ReviewVerdict::Approved => Verdict::Approved,
        ReviewVerdict::Blocked => Verdict::Blocked,
    }
}

pub(crate) fn parse_status(s: &str) -> StoreResult<ItemStatus> {
    s.parse().map_err(|_| bad_value("content_items.status", s))
}

pub(crate) fn parse_mode(s: &str) -> StorageMode {
    // The column has a CHECK constraint; an unknown value can only come from
    // a hand edit, and the safe reading of it is "keep no text".
    s.parse().unwrap_or(StorageMode::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_text_round_trips() {
        for v in [Verdict::Approved, Verdict::Flagged, Verdict::Blocked] {
            assert_eq!(parse_verdict(verdict_str(v)).unwrap(), v);
        }
        assert!(parse_verdict("Approved").is_err());
        assert_eq!(parse_mode("bogus"), StorageMode::None);
    }
}
