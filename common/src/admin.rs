//! Request and response bodies of the admin API (`/api/v1/admin/…`).
//!
//! Durations and rate limits travel as the same text `modctl` accepts on its
//! command line (`90d`, `30/min`, see [`crate::limits`]), so a value that
//! works in one place works in the other.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{CreatedKey, KeyEnvironment, KeyInfo, Role};

/// `POST /api/v1/admin/keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateKeyRequest {
    /// Who uses the key, e.g. `forum-prod`.
    pub name: String,
    pub role: Role,
    /// Apps the key may submit and read for; empty means any app.
    #[serde(default)]
    pub source_apps: Vec<String>,
    /// The key's own limit, `N/sec`, `N/min` or `N/hour`; default: the server's.
    #[serde(default)]
    pub rate_limit: Option<String>,
    /// Lifetime such as `90d` (units s, m, h, d, w); default: no expiry.
    #[serde(default)]
    pub expires_in: Option<String>,
    /// `live` or `test`; default: `live` when the server runs in production.
    #[serde(default)]
    pub environment: Option<KeyEnvironment>,
    /// The person the key belongs to (required for `reviewer` keys): their
    /// decisions and audit entries record it.
    #[serde(default)]
    pub person: Option<String>,
    /// This key's maximum age such as `30d`, over the server's
    /// `MODD_KEY_MAX_AGE`; default: the server's.
    #[serde(default)]
    pub max_age: Option<String>,
}

/// `POST /api/v1/admin/keys/{id}/rotate`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateKeyRequest {
    /// How long the old secret keeps working, e.g. `24h`, or `0` to stop it
    /// at once. Default `24h`.
    #[serde(default)]
    pub grace: Option<String>,
}

/// `POST /api/v1/admin/keys/{id}/extend-grace`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendGraceRequest {
    /// How much longer the rotated-out key keeps working, e.g. `12h`.
    pub by: String,
}

/// `PUT /api/v1/admin/keys/{id}/max-age`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetMaxAgeRequest {
    /// The key's own maximum age, e.g. `30d`; `null` to follow the
    /// server's `MODD_KEY_MAX_AGE` again.
    pub max_age: Option<String>,
}

/// The answer to a rotation: the old key (with the end of its grace period
/// as `revoked_at`) and the new one, whose secret is shown only here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RotatedKey {
    pub old: KeyInfo,
    pub new: CreatedKey,
}

/// One line of the audit log, `GET /api/v1/admin/audit`. `actor` is
/// `key:<id>`, or `key:<id> (<person>)` for a key that names its person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    /// What was done in detail; never content or a secret.
    pub detail: serde_json::Value,
}

/// `POST /api/v1/admin/attestations`: a person confirms a manual item of
/// `modctl verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestRequest {
    /// The manual check, e.g. `manual.load-test`.
    pub check_id: String,
    /// The person who confirms it.
    pub by: String,
    /// What was confirmed, for the record.
    pub note: String,
    /// How long the confirmation holds, e.g. `30d`; default 30 days.
    #[serde(default)]
    pub expires_in: Option<String>,
}

/// A recorded attestation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttestationView {
    pub id: i64,
    pub check_id: String,
    pub attested_by: String,
    pub note: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The key that recorded it.
    pub actor: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_request_defaults_and_refuses_unknown_fields() {
        let r: CreateKeyRequest =
            serde_json::from_str(r#"{"name":"forum","role":"client"}"#).unwrap();
        assert!(r.source_apps.is_empty() && r.rate_limit.is_none() && r.environment.is_none());
        let r: CreateKeyRequest =
            serde_json::from_str(r#"{"name":"a","role":"admin","environment":"live"}"#).unwrap();
        assert_eq!(r.environment, Some(KeyEnvironment::Live));
        assert!(
            serde_json::from_str::<CreateKeyRequest>(r#"{"name":"a","role":"admin","x":1}"#)
                .is_err()
        );
    }
}
