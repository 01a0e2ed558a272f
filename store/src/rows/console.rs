//! The review console's rows: sign-in sessions and claims on flagged items.

use chrono::{DateTime, Utc};

/// A console session to store. The cookie carries the id; only its
/// SHA-256 is stored, so a copy of the database signs nobody in.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub id_hash: Vec<u8>,
    /// The key the session was exchanged for.
    pub key_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    /// The absolute expiry, however active the session is.
    pub expires_at: DateTime<Utc>,
}

/// A live console session.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ConsoleSession {
    pub key_id: i64,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Who holds a flagged item, and until when.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Claim {
    pub item_id: i64,
    /// The actor (`key:<id> (<person>)`) who opened the item.
    pub holder: String,
    pub claimed_until: DateTime<Utc>,
}

/// A console decision waiting out its undo window.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewHold {
    /// What will be recorded, as [`crate::Store::record_review`] records it.
    pub decision: crate::ReviewDecision,
    /// When it is recorded unless undone first.
    pub commit_at: DateTime<Utc>,
}

/// What holding a decision did.
#[derive(Debug, Clone, PartialEq)]
pub enum HoldOutcome {
    /// Held; the reviewer's claim on the item now lasts past `commit_at`.
    Held,
    /// Nothing changed, for the reason a review would give
    /// (`NotFlagged` also when a decision on the item is already held).
    Refused(crate::ReviewOutcome),
}

/// What undoing a held decision did.
#[derive(Debug, Clone, PartialEq)]
pub enum UndoOutcome {
    /// Dropped before its commit: the item is flagged as before.
    Undone(ReviewHold),
    /// The window has passed: the decision is (or is about to be) recorded.
    TooLate,
    /// The reviewer holds no decision on the item.
    NotHeld,
}
