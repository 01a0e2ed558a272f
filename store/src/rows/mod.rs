//! Row types: what the store reads and writes, as the rest of the daemon
//! sees them, each with the columns its queries select.
//!
//! Rows decode with `#[derive(sqlx::FromRow)]`, generic over the database,
//! so one decoder serves both dialects. Every decode failure becomes a
//! `StoreError`, never a panic: a hand-edited row must not take a worker down.

mod appeals;
mod apps;
mod attest;
mod console;
mod items;
mod keys;

pub use appeals::*;
pub use apps::*;
pub use attest::*;
pub use console::*;
pub use items::*;
pub use keys::*;

use modd_common::{ItemStatus, ReviewVerdict, Role, StorageMode, UnknownVariant, Verdict};

/// Pool occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

/// A text column that names an enum's variant (status, verdict, role,
/// storage mode): read as text, then parsed by the field's `TryFrom`.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct Text(pub String);

macro_rules! parse_text {
    ($($t:ty),*) => {$(
        impl TryFrom<Text> for $t {
            type Error = UnknownVariant;
            fn try_from(t: Text) -> Result<Self, UnknownVariant> {
                t.0.parse()
            }
        }
    )*};
}
parse_text!(ItemStatus, Role);

impl TryFrom<Text> for Verdict {
    type Error = UnknownVariant;
    fn try_from(t: Text) -> Result<Self, UnknownVariant> {
        [Verdict::Approved, Verdict::Flagged, Verdict::Blocked]
            .into_iter()
            .find(|v| v.as_status().as_str() == t.0)
            .ok_or(UnknownVariant(t.0))
    }
}

/// The column has a CHECK constraint; an unknown value can only come from a
/// hand edit, and the safe reading of it is "keep no text".
impl From<Text> for StorageMode {
    fn from(t: Text) -> Self {
        t.0.parse().unwrap_or(StorageMode::None)
    }
}

/// A reviewer's verdict as the decision verdict it stores.
pub(crate) fn review_verdict(verdict: ReviewVerdict) -> Verdict {
    match verdict {
        ReviewVerdict::Approved => Verdict::Approved,
        ReviewVerdict::Blocked => Verdict::Blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_columns_parse_strictly_but_storage_mode_fails_safe() {
        for v in [Verdict::Approved, Verdict::Flagged, Verdict::Blocked] {
            let text = Text(v.as_status().as_str().to_owned());
            assert_eq!(Verdict::try_from(text).unwrap(), v);
        }
        assert!(Verdict::try_from(Text("Approved".into())).is_err());
        assert!(ItemStatus::try_from(Text("gone".into())).is_err());
        assert_eq!(StorageMode::from(Text("bogus".into())), StorageMode::None);
    }
}
