//! `GET /api/v1/admin/facts`: what a deployment is configured and connected
//! to, as facts `modctl verify` judges. Never a secret value: the secret key
//! appears only as a strength verdict, URLs not at all.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FactsView {
    /// `development` or `production`.
    pub environment: String,
    pub log_level: String,
    /// Whether `SECRET_KEY` passes the strength check.
    pub secret_key_strong: bool,
    /// Why it does not (never the value).
    pub secret_key_weakness: Option<String>,
    pub cors_origins: Vec<String>,
    pub database: DbFactsView,
    /// `None` when no Redis is configured.
    pub redis: Option<RedisFactsView>,
    pub queue: QueueFactsView,
    /// Image moderation (a daemon without it reports the default: not loaded).
    #[serde(default)]
    pub images: ImageFactsView,
    /// How the listener faces the network (a daemon without these reports
    /// the default: plain HTTP, no trusted proxy).
    #[serde(default)]
    pub serving: ServingFactsView,
}

/// TLS and trusted proxies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServingFactsView {
    /// Whether modd terminates TLS itself (`MODD_TLS_CERT`).
    pub tls: bool,
    /// How many ranges `MODD_TRUSTED_PROXIES` lists.
    pub trusted_proxies: usize,
    /// `MODD_SHUTDOWN_DRAIN_SECS`.
    pub drain_secs: u64,
}

/// The local image model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImageFactsView {
    /// Whether the open_nsfw model is loaded (else images go to review or a remote provider).
    pub model_loaded: bool,
    /// The model version recorded with image scores.
    pub model_version: Option<String>,
    /// Why the model is not loaded (missing file, checksum…); never a secret.
    pub model_error: Option<String>,
    /// `MODD_IMAGE_WORKERS`.
    pub workers: usize,
}

/// The database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DbFactsView {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Migrations this binary knows that are not applied.
    pub pending_migrations: usize,
    pub pool_max: u32,
    pub pool_size: u32,
    /// PostgreSQL: whether the connecting role is a superuser (`None` on SQLite).
    pub superuser: Option<bool>,
    /// Foreign keys without an index starting with their columns, as
    /// `table(column, ...)`.
    pub unindexed_foreign_keys: Vec<String>,
    /// PostgreSQL `archive_mode` (`on`, `off`, `always`); `None` on SQLite.
    pub archive_mode: Option<String>,
}

/// Redis, as seen from the daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RedisFactsView {
    pub reachable: bool,
    /// Why it is not, when not.
    pub error: Option<String>,
    pub ping_ms: Option<f64>,
    /// `CONFIG GET appendonly` is `yes`.
    pub aof_enabled: Option<bool>,
    /// `CONFIG GET save` (empty: RDB snapshots off).
    pub rdb_save: Option<String>,
    pub maxmemory_policy: Option<String>,
    /// An unauthenticated connection was refused with NOAUTH (`None`: could not tell).
    pub auth_required: Option<bool>,
    pub used_memory_bytes: Option<u64>,
    /// 0: no limit.
    pub maxmemory_bytes: Option<u64>,
}

/// The job queue's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueueFactsView {
    /// `local` or `redis`.
    pub kind: String,
    /// Attempts before a job goes to the dead-letter queue.
    pub max_attempts: u32,
    /// Workers this process runs.
    pub workers_configured: usize,
}
