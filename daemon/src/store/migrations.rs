//! Embedded, reversible migrations and their runner. (Skeleton: to be implemented.)

use chrono::{DateTime, Utc};

/// One migration: SQL to apply and SQL to revert.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub up: &'static str,
    pub down: &'static str,
}

/// A migration and whether it is applied.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MigrationState {
    pub version: i64,
    pub name: String,
    pub applied_at: Option<DateTime<Utc>>,
}

pub static MIGRATIONS_SQLITE: &[Migration] = &[];
pub static MIGRATIONS_POSTGRES: &[Migration] = &[];
