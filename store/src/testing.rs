//! Fixtures for tests, here and in the crates above (through `modd-testkit`,
//! which turns on the `test-support` feature): rows built in memory, so a
//! unit test of a rule that reads one needs no database.

use chrono::{DateTime, Utc};
use modd_common::Role;

use crate::KeyRecord;

/// A stored key: client key `id` named `forum`, made at `created_at`, bound
/// to no app, with no end in sight. A test sets the fields it is about with
/// struct update syntax (`KeyRecord { expires_at, ..key_record(1, t0) }`).
pub fn key_record(id: i64, created_at: DateTime<Utc>) -> KeyRecord {
    KeyRecord {
        id,
        name: "forum".into(),
        role: Role::Client,
        key_hash: vec![0; 32],
        prefix: "mod_test_x".into(),
        source_apps: vec![],
        rate_limit: None,
        created_by: None,
        created_at,
        expires_at: None,
        last_used_at: None,
        revoked_at: None,
        rotated_from: None,
        person: None,
        rotated_at: None,
        max_age_secs: None,
    }
}
