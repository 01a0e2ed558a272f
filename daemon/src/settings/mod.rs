//! Settings: defaults, then an optional TOML file, then the environment
//! (including `./.env`). Every value is validated once at start; an invalid
//! one stops `modd` with exit code 2 and a message naming the setting.

mod console;
mod encoder;
mod images;
mod keys;
mod mode;
mod outbox;
mod remote;
mod secret;
mod secret_files;
mod serving;

pub use console::ConsoleSettings;
pub use encoder::EncoderSettings;
pub use images::ImageSettings;
pub use keys::KeySettings;
/// The catalogue is data `modctl` reads too, so it lives in `modd-common`.
pub use modd_common::settings::{CATALOG, SettingDoc, env_example, help_table, markdown_table};
pub use mode::Mode;
pub use outbox::{RetentionSettings, WebhookSettings};
pub use remote::{HttpProviderSettings, OpenAiSettings, RemoteSettings};
pub use secret::{SecretKey, secret_key_weakness};
pub use serving::{ServingSettings, TlsPaths};

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Which kind of deployment this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Log line format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

/// A setting that could not be used. `Display` names the setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {message}")]
pub struct SettingsError {
    pub name: String,
    pub message: String,
}

fn invalid(name: &str, message: impl Into<String>) -> SettingsError {
    SettingsError {
        name: name.to_owned(),
        message: message.into(),
    }
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: RedactedUrl,
    pub redis_url: Option<RedactedUrl>,
    pub redis_prefix: String,
    pub bind: SocketAddr,
    pub env: Environment,
    pub secret_key: SecretKey,
    /// Where the key came from: `env`, `config`, or the generated file.
    pub secret_key_source: String,
    /// Former keys that still decrypt what they sealed (key rotation).
    pub secret_key_previous: Vec<SecretKey>,
    pub data_dir: PathBuf,
    pub cors_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub max_text_chars: usize,
    pub workers: usize,
    /// Where `modd worker` serves its health endpoints.
    pub worker_bind: SocketAddr,
    /// Most jobs a worker takes at once.
    pub worker_batch: usize,
    pub max_attempts: u32,
    pub queue_visibility: Duration,
    pub auto_migrate: bool,
    pub db_max_connections: u32,
    pub request_timeout: Duration,
    pub shutdown_timeout: Duration,
    pub log_format: LogFormat,
    pub log_level: String,
    /// Access log: one in this many probe requests is logged; 0 = none.
    pub access_log_probes: u64,
    /// Default limit per key and per client IP.
    pub rate_limit: modd_common::RateLimit,
    /// Burst of the default limit (`None`: the limit's count).
    pub rate_limit_burst: Option<u32>,
    pub rate_limit_on_redis_error: crate::ratelimit::OnRedisError,
    /// Remote providers and the cascade (all off by default).
    pub remote: RemoteSettings,
    /// Longest `Prefer: wait=N` honoured.
    pub max_wait: Duration,
    /// Most items in one `POST /api/v1/moderation/batch`.
    pub batch_max_items: usize,
    /// Most texts in one `POST /api/v1/classify`.
    pub classify_max_texts: usize,
    /// How long a replica trusts its cached copy of an app's policy.
    pub policy_cache: Duration,
    /// How long a replica trusts a verified API key (0: not at all).
    pub key_cache: Duration,
    /// Maximum key age and the warnings apps get before a key stops.
    pub keys: KeySettings,
    /// Model files replacing the embedded ones (same format).
    pub profanity_model: Option<PathBuf>,
    pub hatesonar_model: Option<PathBuf>,
    pub webhooks: WebhookSettings,
    pub retention: RetentionSettings,
    /// Image moderation: model file, pool, fetch limits.
    pub images: ImageSettings,
    /// The sentence-encoder stage: model directory, lane.
    pub encoder: EncoderSettings,
    /// Drain, trusted proxies, TLS.
    pub serving: ServingSettings,
    /// Console sessions and undo.
    pub console: ConsoleSettings,
}

/// A URL whose password never appears in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl(String);

impl RedactedUrl {
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }
    /// The real URL, for connecting only.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The URL with any password replaced by `***`. A URL that is not one
    /// URL (a Redis Cluster's seed list) is redacted by its userinfo.
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut u) if u.password().is_some() => {
                let _ = u.set_password(Some("***"));
                u.to_string()
            }
            Ok(_) => self.0.clone(),
            Err(_) => redact_userinfo(&self.0),
        }
    }
}

/// `scheme://user:***@rest` for `scheme://user:password@rest`.
fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((auth, hosts)) => match auth.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{hosts}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

impl std::fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.redacted())
    }
}

impl std::fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Raw values by environment name, before parsing.
pub type RawValues = BTreeMap<&'static str, String>;

impl Settings {
    /// Reads `./.env` (without overriding the real environment), the TOML file
    /// if given, and the process environment.
    pub fn load(config_file: Option<&Path>) -> Result<Self, SettingsError> {
        let raw = load_raw(config_file)?;
        // Set explicitly: in the environment, or in the file (a value other
        // than the default).
        let given = |name: &str| {
            std::env::var_os(name).is_some()
                || CATALOG
                    .iter()
                    .any(|d| d.env == name && raw.get(name).is_some_and(|v| v != d.default))
        };
        let mut resolved = raw.clone();
        secret_files::resolve(&mut resolved, given)?;
        Self::from_raw(&resolved)
    }

    /// Parses and validates raw values; generates the development secret key if needed.
    pub fn from_raw(raw: &RawValues) -> Result<Self, SettingsError> {
        let get = |name: &str| raw.get(name).map(String::as_str).unwrap_or("");
        let env = match get("MODD_ENV") {
            "development" | "dev" | "" => Environment::Development,
            "production" | "prod" => Environment::Production,
            other => {
                return Err(invalid(
                    "MODD_ENV",
                    format!("expected development or production, got {other:?}"),
                ));
            }
        };
        let database_url = get("DATABASE_URL").to_owned();
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "DATABASE_URL",
                "must start with sqlite: or postgres://",
            ));
        }
        let redis_url = match get("REDIS_URL") {
            "" => None,
            u => {
                crate::redis::Target::parse(u).map_err(|e| invalid("REDIS_URL", e))?;
                Some(RedactedUrl::new(u))
            }
        };
        let bind = get("MODD_BIND").parse::<SocketAddr>().map_err(|_| {
            invalid(
                "MODD_BIND",
                "expected HOST:PORT with a numeric host, e.g. 127.0.0.1:8000",
            )
        })?;
        let worker_bind = get("MODD_WORKER_BIND").parse::<SocketAddr>().map_err(|_| {
            invalid(
                "MODD_WORKER_BIND",
                "expected HOST:PORT with a numeric host, e.g. 127.0.0.1:8001",
            )
        })?;
        let data_dir = PathBuf::from(get("MODD_DATA_DIR"));
        let image_settings = images::images(raw, &data_dir)?;
        let encoder_settings = encoder::encoder(raw, &data_dir)?;
        let cors_origins: Vec<String> = get("MODD_CORS_ORIGINS")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        for o in &cors_origins {
            if o != "*"
                && url::Url::parse(o)
                    .map(|u| u.origin().ascii_serialization() != *o)
                    .unwrap_or(true)
            {
                return Err(invalid(
                    "MODD_CORS_ORIGINS",
                    format!("{o:?} is not an origin like https://app.example.com"),
                ));
            }
        }
        if env == Environment::Production && cors_origins.iter().any(|o| o == "*") {
            return Err(invalid(
                "MODD_CORS_ORIGINS",
                "a wildcard origin is refused in production; list the allowed origins",
            ));
        }
        let (secret_key, secret_key_source) = match get("SECRET_KEY") {
            "" if env == Environment::Production => {
                return Err(invalid(
                    "SECRET_KEY",
                    "required in production (32+ random characters, e.g. `openssl rand -base64 48`)",
                ));
            }
            "" => secret::load_or_generate(&data_dir).map_err(|e| invalid("SECRET_KEY", e))?,
            value => (
                SecretKey::new(value),
                "environment or config file".to_owned(),
            ),
        };
        if env == Environment::Production
            && let Some(why) = secret_key_weakness(secret_key.expose())
        {
            return Err(invalid(
                "SECRET_KEY",
                format!("too weak for production: {why}"),
            ));
        }
        let secret_key_previous = secret::previous_keys(get("SECRET_KEY_PREVIOUS"));
        let log_format = match get("MODD_LOG_FORMAT") {
            "" if env == Environment::Production => LogFormat::Json,
            "" | "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => {
                return Err(invalid(
                    "MODD_LOG_FORMAT",
                    format!("expected json or pretty, got {other:?}"),
                ));
            }
        };
        Ok(Settings {
            database_url: RedactedUrl::new(database_url),
            redis_url,
            redis_prefix: get("MODD_REDIS_PREFIX").to_owned(),
            bind,
            env,
            secret_key,
            secret_key_source,
            secret_key_previous,
            data_dir,
            cors_origins,
            max_body_bytes: number(raw, "MODD_MAX_BODY_BYTES", 1, 64 << 20)?,
            max_text_chars: number(raw, "MODD_MAX_TEXT_CHARS", 1, 1 << 20)?,
            workers: number(raw, "MODD_WORKERS", 0, 1024)?,
            worker_bind,
            worker_batch: number(raw, "MODD_WORKER_BATCH", 1, 1000)?,
            max_attempts: number(raw, "MODD_MAX_ATTEMPTS", 1, 100)?,
            queue_visibility: Duration::from_secs(number(
                raw,
                "MODD_QUEUE_VISIBILITY_SECS",
                1,
                86_400,
            )?),
            auto_migrate: boolean(raw, "MODD_AUTO_MIGRATE")?,
            db_max_connections: number(raw, "MODD_DB_MAX_CONNECTIONS", 1, 10_000)?,
            request_timeout: Duration::from_secs(number(
                raw,
                "MODD_REQUEST_TIMEOUT_SECS",
                1,
                3600,
            )?),
            shutdown_timeout: Duration::from_secs(number(
                raw,
                "MODD_SHUTDOWN_TIMEOUT_SECS",
                0,
                3600,
            )?),
            log_format,
            log_level: get("MODD_LOG_LEVEL").to_owned(),
            access_log_probes: number(raw, "MODD_ACCESS_LOG_PROBES", 0, 1_000_000)?,
            rate_limit: get("MODD_RATE_LIMIT")
                .parse()
                .map_err(|e: String| invalid("MODD_RATE_LIMIT", e))?,
            rate_limit_burst: match get("MODD_RATE_LIMIT_BURST").trim() {
                "" => None,
                _ => Some(number(raw, "MODD_RATE_LIMIT_BURST", 1, 1_000_000)?),
            },
            rate_limit_on_redis_error: get("MODD_RATE_LIMIT_ON_REDIS_ERROR")
                .parse()
                .map_err(|e: String| invalid("MODD_RATE_LIMIT_ON_REDIS_ERROR", e))?,
            remote: RemoteSettings::from_raw(raw)?,
            max_wait: Duration::from_secs(number(raw, "MODD_MAX_WAIT_SECS", 0, 300)?),
            batch_max_items: number(raw, "MODD_BATCH_MAX_ITEMS", 1, 100_000)?,
            classify_max_texts: number(raw, "MODD_CLASSIFY_MAX_TEXTS", 1, 100_000)?,
            policy_cache: Duration::from_secs(number(raw, "MODD_POLICY_CACHE_SECS", 0, 3600)?),
            key_cache: Duration::from_millis(number(raw, "MODD_KEY_CACHE_MS", 0, 60_000)?),
            keys: keys::keys(raw)?,
            profanity_model: Some(get("MODD_PROFANITY_MODEL"))
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            hatesonar_model: Some(get("MODD_HATESONAR_MODEL"))
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
            webhooks: outbox::webhooks(raw)?,
            retention: outbox::retention(raw)?,
            images: image_settings,
            encoder: encoder_settings,
            serving: serving::serving(raw)?,
            console: console::console(raw)?,
        })
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// `(name, value)` pairs for `modd config check`, secrets redacted.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DATABASE_URL", self.database_url.redacted()),
            (
                "REDIS_URL",
                self.redis_url
                    .as_ref()
                    .map_or("(unset: in-process)".into(), |u| u.redacted()),
            ),
            ("MODD_REDIS_PREFIX", self.redis_prefix.clone()),
            ("MODD_BIND", self.bind.to_string()),
            ("MODD_ENV", format!("{:?}", self.env).to_lowercase()),
            (
                "SECRET_KEY",
                format!(
                    "(redacted, {} characters, from {})",
                    self.secret_key.expose().chars().count(),
                    self.secret_key_source
                ),
            ),
            (
                "SECRET_KEY_PREVIOUS",
                format!("(redacted, {} keys)", self.secret_key_previous.len()),
            ),
            ("MODD_DATA_DIR", self.data_dir.display().to_string()),
            (
                "MODD_CORS_ORIGINS",
                if self.cors_origins.is_empty() {
                    "(none)".into()
                } else {
                    self.cors_origins.join(",")
                },
            ),
            ("MODD_MAX_BODY_BYTES", self.max_body_bytes.to_string()),
            ("MODD_MAX_TEXT_CHARS", self.max_text_chars.to_string()),
            ("MODD_WORKERS", self.workers.to_string()),
            ("MODD_WORKER_BIND", self.worker_bind.to_string()),
            ("MODD_WORKER_BATCH", self.worker_batch.to_string()),
            ("MODD_MAX_ATTEMPTS", self.max_attempts.to_string()),
            (
                "MODD_QUEUE_VISIBILITY_SECS",
                self.queue_visibility.as_secs().to_string(),
            ),
            ("MODD_AUTO_MIGRATE", self.auto_migrate.to_string()),
            (
                "MODD_DB_MAX_CONNECTIONS",
                self.db_max_connections.to_string(),
            ),
            (
                "MODD_REQUEST_TIMEOUT_SECS",
                self.request_timeout.as_secs().to_string(),
            ),
            (
                "MODD_SHUTDOWN_TIMEOUT_SECS",
                self.shutdown_timeout.as_secs().to_string(),
            ),
            (
                "MODD_LOG_FORMAT",
                format!("{:?}", self.log_format).to_lowercase(),
            ),
            ("MODD_LOG_LEVEL", self.log_level.clone()),
            ("MODD_ACCESS_LOG_PROBES", self.access_log_probes.to_string()),
            ("MODD_RATE_LIMIT", self.rate_limit.to_string()),
            (
                "MODD_RATE_LIMIT_BURST",
                self.rate_limit_burst.map_or(
                    format!("{} (the limit's count)", self.rate_limit.count),
                    |b| b.to_string(),
                ),
            ),
            (
                "MODD_RATE_LIMIT_ON_REDIS_ERROR",
                self.rate_limit_on_redis_error.as_str().to_owned(),
            ),
            ("MODD_MAX_WAIT_SECS", self.max_wait.as_secs().to_string()),
            ("MODD_BATCH_MAX_ITEMS", self.batch_max_items.to_string()),
            (
                "MODD_CLASSIFY_MAX_TEXTS",
                self.classify_max_texts.to_string(),
            ),
            (
                "MODD_POLICY_CACHE_SECS",
                self.policy_cache.as_secs().to_string(),
            ),
            ("MODD_KEY_CACHE_MS", self.key_cache.as_millis().to_string()),
            (
                "MODD_PROFANITY_MODEL",
                self.profanity_model
                    .as_ref()
                    .map_or("(embedded)".into(), |p| p.display().to_string()),
            ),
            (
                "MODD_HATESONAR_MODEL",
                self.hatesonar_model
                    .as_ref()
                    .map_or("(embedded)".into(), |p| p.display().to_string()),
            ),
        ]
        .into_iter()
        .chain(self.remote.describe())
        .chain(outbox::describe(&self.webhooks, &self.retention))
        .chain(images::describe(&self.images))
        .chain(encoder::describe(&self.encoder))
        .chain(serving::describe(&self.serving))
        .chain(keys::describe(&self.keys))
        .chain(console::describe(&self.console))
        .collect()
    }
}

/// The raw values `Settings::load` validates: defaults, `./.env` (without
/// overriding the real environment), the TOML file if given, the process
/// environment. Nothing is validated or created here, so a probe such as
/// `modd healthcheck` can read one value without the daemon's side effects.
pub fn load_raw(config_file: Option<&Path>) -> Result<RawValues, SettingsError> {
    let _ = dotenvy::dotenv();
    let mut raw = defaults();
    if let Some(path) = config_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| invalid("--config", format!("cannot read {}: {e}", path.display())))?;
        merge_toml(&mut raw, &text)?;
    }
    merge_env(&mut raw, |name| std::env::var(name).ok());
    Ok(raw)
}

/// Every setting at its default.
pub fn defaults() -> RawValues {
    CATALOG
        .iter()
        .map(|d| (d.env, d.default.to_owned()))
        .collect()
}

/// Overlays values from the environment (`lookup` is `std::env::var` in production code).
pub fn merge_env(raw: &mut RawValues, lookup: impl Fn(&str) -> Option<String>) {
    for d in CATALOG {
        if let Some(v) = lookup(d.env) {
            raw.insert(d.env, v);
        }
    }
}

/// Overlays a TOML file; unknown keys are an error, so typos are caught.
pub fn merge_toml(raw: &mut RawValues, text: &str) -> Result<(), SettingsError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| invalid("--config", format!("not valid TOML: {e}")))?;
    for (key, value) in table {
        let Some(d) = CATALOG.iter().find(|d| d.toml == key) else {
            return Err(invalid("--config", format!("unknown setting {key:?}")));
        };
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(","),
            other => return Err(invalid(d.env, format!("unsupported TOML value {other}"))),
        };
        raw.insert(d.env, text);
    }
    Ok(())
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    raw: &RawValues,
    name: &str,
    min: T,
    max: T,
) -> Result<T, SettingsError> {
    let text = raw.get(name).map(String::as_str).unwrap_or("");
    let value: T = text
        .trim()
        .parse()
        .map_err(|_| invalid(name, format!("expected a whole number, got {text:?}")))?;
    if value < min || value > max {
        return Err(invalid(name, format!("must be between {min} and {max}")));
    }
    Ok(value)
}

fn boolean(raw: &RawValues, name: &str) -> Result<bool, SettingsError> {
    match raw
        .get(name)
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off" | "") | None => Ok(false),
        Some(other) => Err(invalid(
            name,
            format!("expected true or false, got {other:?}"),
        )),
    }
}

#[cfg(test)]
mod tests;
