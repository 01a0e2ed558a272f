//! Appeals of decided items: what is stored, what a listing covers, and
//! what submitting and deciding one did.

use super::Text;
use crate::event::DecisionEvent;
use chrono::{DateTime, Utc};
use modd_common::{AppealOutcome, ItemStatus, UnknownVariant};

/// An appeal to store. The item's current decision is read in the same
/// transaction, so nothing else about it is passed in.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppeal {
    pub item_id: i64,
    /// Checked for emptiness, length and NUL characters by the caller.
    pub statement: String,
    /// `key:<id>` of the submitting app's key.
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
}

/// A stored appeal with its item's identity and current status.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AppealRecord {
    pub item_id: i64,
    pub source_app: String,
    pub external_id: String,
    #[sqlx(try_from = "Text")]
    pub item_status: ItemStatus,
    #[sqlx(try_from = "Text")]
    pub original_status: ItemStatus,
    pub original_reviewed_by: Option<String>,
    pub statement: Option<String>,
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
    #[sqlx(try_from = "OptionalText")]
    pub outcome: Option<AppealOutcome>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason_code: Option<String>,
    pub note: Option<String>,
}

/// The columns of an [`AppealRecord`], from `appeals a JOIN content_items i`.
pub(crate) const APPEAL_COLUMNS: &str = "a.item_id, a.source_app, i.external_id, \
    i.status AS item_status, a.original_status, a.original_reviewed_by, a.statement, \
    a.submitted_by, a.created_at, a.outcome, a.decided_by, a.decided_at, a.reason_code, a.note";

/// A nullable enum column.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub(crate) struct OptionalText(pub Option<String>);

impl TryFrom<OptionalText> for Option<AppealOutcome> {
    type Error = UnknownVariant;
    fn try_from(t: OptionalText) -> Result<Self, UnknownVariant> {
        t.0.map(|s| s.parse()).transpose()
    }
}

/// Which appeals a listing covers: open (the queue) or decided, item ids
/// above `after_id`, oldest first, at most `limit`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealFilter {
    pub decided: bool,
    pub source_app: Option<String>,
    pub after_id: i64,
    pub limit: i64,
}

impl Default for AppealFilter {
    fn default() -> Self {
        Self {
            decided: false,
            source_app: None,
            after_id: 0,
            limit: 50,
        }
    }
}

/// What submitting an appeal did.
#[derive(Debug, Clone, PartialEq)]
pub enum AppealSubmitted {
    Created(Box<AppealRecord>),
    NotFound,
    /// The item has no final decision yet (pending, flagged or error).
    NotDecided(ItemStatus),
    /// The item already has an appeal (open or decided): nothing changed.
    AlreadyAppealed,
}

/// A reviewer's decision on an open appeal.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealDecision {
    pub item_id: i64,
    pub outcome: AppealOutcome,
    /// The actor (`key:<id> (<person>)`) deciding.
    pub decider: String,
    pub note: Option<String>,
    pub reason_code: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// What deciding an appeal did.
#[derive(Debug, Clone, PartialEq)]
pub enum AppealDecided {
    /// Recorded; the outbox event written with it, for the live feed.
    Decided(Box<DecisionEvent>),
    NotFound,
    AlreadyDecided,
}
