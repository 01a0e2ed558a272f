//! Attestations: a person's confirmation of a manual `modctl verify` item.

use chrono::{DateTime, Utc};

/// An attestation to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttestation {
    /// The manual check confirmed, e.g. `manual.load-test`.
    pub check_id: String,
    /// The person who confirms it.
    pub attested_by: String,
    /// What they confirmed, for the record.
    pub note: String,
    pub at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The key that recorded it, for the audit log.
    pub actor: String,
}

/// A stored attestation.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Attestation {
    pub id: i64,
    pub check_id: String,
    pub attested_by: String,
    pub note: String,
    pub at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub actor: String,
}
