//! The catalogue of every setting `modd` reads: one row each, so `--help`,
//! `.env.example`, `modd config check`, `modctl verify` and the documentation's
//! table cannot drift apart. Parsing the values is the daemon's (`modd::settings`).

/// One documented setting.
#[derive(Debug, Clone, Copy)]
pub struct SettingDoc {
    /// Environment variable name.
    pub env: &'static str,
    /// Key in the optional TOML file.
    pub toml: &'static str,
    /// Default value as text; empty means unset.
    pub default: &'static str,
    /// Whether the value is a secret (redacted when shown).
    pub secret: bool,
    pub help: &'static str,
}

const fn s(
    env: &'static str,
    toml: &'static str,
    default: &'static str,
    help: &'static str,
) -> SettingDoc {
    SettingDoc {
        env,
        toml,
        default,
        secret: false,
        help,
    }
}

/// Every setting `modd` reads.
pub const CATALOG: &[SettingDoc] = &[
    SettingDoc {
        env: "DATABASE_URL",
        toml: "database_url",
        default: "sqlite://./data/modd.db",
        secret: true,
        help: "Database: sqlite://PATH (directory created) or postgres://USER@HOST/DB. Passwords are redacted when shown.",
    },
    s(
        "DATABASE_URL_FILE",
        "database_url_file",
        "",
        "File holding DATABASE_URL (a container or systemd secret); trailing newline trimmed; not with DATABASE_URL.",
    ),
    SettingDoc {
        env: "REDIS_URL",
        toml: "redis_url",
        default: "",
        secret: true,
        help: "Redis for the shared queue, rate limits and key revocation: redis://HOST:PORT, or a Redis Cluster as redis+cluster://HOST:PORT,HOST:PORT,… (seed nodes; rediss+cluster:// for TLS); unset = in-process.",
    },
    s(
        "REDIS_URL_FILE",
        "redis_url_file",
        "",
        "File holding REDIS_URL; trailing newline trimmed; not with REDIS_URL.",
    ),
    s(
        "MODD_REDIS_PREFIX",
        "redis_prefix",
        "modd:",
        "Prefix of every Redis key, so deployments (or tests) can share one server.",
    ),
    s(
        "MODD_BIND",
        "bind",
        "127.0.0.1:8000",
        "Address the HTTP API listens on.",
    ),
    s(
        "MODD_ENV",
        "env",
        "development",
        "development | production. Production refuses weak secrets and wildcard CORS and sends HSTS.",
    ),
    SettingDoc {
        env: "SECRET_KEY",
        toml: "secret_key",
        default: "",
        secret: true,
        help: "Server secret (32+ random characters). Outside production a missing one is generated once into MODD_DATA_DIR/secret_key.",
    },
    s(
        "SECRET_KEY_FILE",
        "secret_key_file",
        "",
        "File holding SECRET_KEY; trailing newline trimmed; not with SECRET_KEY.",
    ),
    SettingDoc {
        env: "SECRET_KEY_PREVIOUS",
        toml: "secret_key_previous",
        default: "",
        secret: true,
        help: "Comma-separated former SECRET_KEYs: they still decrypt stored webhook secrets while SECRET_KEY encrypts (key rotation; see `modctl secrets rotate`).",
    },
    s(
        "SECRET_KEY_PREVIOUS_FILE",
        "secret_key_previous_file",
        "",
        "File holding SECRET_KEY_PREVIOUS; trailing newline trimmed; not with SECRET_KEY_PREVIOUS.",
    ),
    s(
        "MODD_DATA_DIR",
        "data_dir",
        "./data",
        "Directory for generated state such as the development secret key.",
    ),
    s(
        "MODD_CORS_ORIGINS",
        "cors_origins",
        "",
        "Comma-separated origins allowed by CORS; empty = no cross-origin access; * is refused in production.",
    ),
    s(
        "MODD_MAX_BODY_BYTES",
        "max_body_bytes",
        "65536",
        "Largest accepted request body in bytes (larger: 413).",
    ),
    s(
        "MODD_MAX_TEXT_CHARS",
        "max_text_chars",
        "20000",
        "Longest accepted text in characters (longer: 422).",
    ),
    s(
        "MODD_WORKERS",
        "workers",
        "2",
        "In-process moderation workers; 0 runs the API only.",
    ),
    s(
        "MODD_WORKER_BATCH",
        "worker_batch",
        "64",
        "Most jobs a worker takes at once: their items are loaded in one query and decided in one transaction. A lone job is never held back to fill a batch; 1 decides item by item.",
    ),
    s(
        "MODD_WORKER_BIND",
        "worker_bind",
        "127.0.0.1:8001",
        "Address `modd worker` serves /health, /ready and /metrics on.",
    ),
    s(
        "MODD_MAX_ATTEMPTS",
        "max_attempts",
        "5",
        "Attempts per job (with exponential backoff and jitter) before it is dead-lettered and its item marked error.",
    ),
    s(
        "MODD_QUEUE_VISIBILITY_SECS",
        "queue_visibility_secs",
        "30",
        "A job a worker holds this long without finishing is given to another worker (its holder is presumed dead).",
    ),
    s(
        "MODD_AUTO_MIGRATE",
        "auto_migrate",
        "false",
        "Apply pending PostgreSQL migrations at start (SQLite always migrates).",
    ),
    s(
        "MODD_DB_MAX_CONNECTIONS",
        "db_max_connections",
        "16",
        "Database connection pool size.",
    ),
    s(
        "MODD_REQUEST_TIMEOUT_SECS",
        "request_timeout_secs",
        "30",
        "Requests running longer are answered 408.",
    ),
    s(
        "MODD_SHUTDOWN_TIMEOUT_SECS",
        "shutdown_timeout_secs",
        "30",
        "After the drain, how long to wait for in-flight requests and jobs before exiting anyway (their items are retried after restart).",
    ),
    s(
        "MODD_SHUTDOWN_DRAIN_SECS",
        "shutdown_drain_secs",
        "5",
        "On SIGTERM/SIGINT, how long /ready answers 503 while requests are still served, so load balancers stop sending first; then the listener closes.",
    ),
    s(
        "MODD_TRUSTED_PROXIES",
        "trusted_proxies",
        "",
        "Comma-separated CIDRs of reverse proxies; only a request from one of them has its client address read from MODD_FORWARDED_HEADER (right-most untrusted hop). Empty = the TCP peer is the client.",
    ),
    s(
        "MODD_FORWARDED_HEADER",
        "forwarded_header",
        "x-forwarded-for",
        "x-forwarded-for | forwarded: the one header the trusted proxies set (the other is ignored, so a client cannot forge it).",
    ),
    s(
        "MODD_TLS_CERT",
        "tls_cert",
        "",
        "PEM certificate chain to serve HTTPS with (with MODD_TLS_KEY); reloaded on SIGHUP or when the file changes. Unset = plain HTTP.",
    ),
    s(
        "MODD_TLS_KEY",
        "tls_key",
        "",
        "PEM private key of MODD_TLS_CERT (PKCS#8, PKCS#1 or SEC1).",
    ),
    s(
        "MODD_RATE_LIMIT",
        "rate_limit",
        "30/min",
        "Default rate limit per API key (and per client IP for requests without a valid key): N/sec, N/min or N/hour. A key's own limit overrides it.",
    ),
    s(
        "MODD_RATE_LIMIT_BURST",
        "rate_limit_burst",
        "",
        "How many requests of the default limit may come at once; empty = the limit's count (30 for 30/min).",
    ),
    s(
        "MODD_RATE_LIMIT_ON_REDIS_ERROR",
        "rate_limit_on_redis_error",
        "local",
        "When Redis is unreachable: local (limit in-process per replica, log a warning) | open (admit all) | closed (refuse API requests with 503).",
    ),
    s(
        "MODD_MAX_WAIT_SECS",
        "max_wait_secs",
        "10",
        "Longest Prefer: wait=N (or ?wait=N) honoured on analyse; longer requests are capped; 0 disables waiting.",
    ),
    s(
        "MODD_BATCH_MAX_ITEMS",
        "batch_max_items",
        "500",
        "Most items in one POST /api/v1/moderation/batch (more: 422). The body limit applies too.",
    ),
    s(
        "MODD_CLASSIFY_MAX_TEXTS",
        "classify_max_texts",
        "256",
        "Most texts in one POST /api/v1/classify (more: 422).",
    ),
    s(
        "MODD_POLICY_CACHE_SECS",
        "policy_cache_secs",
        "5",
        "How long a replica caches an app's policy; a change reaches other replicas within this time.",
    ),
    s(
        "MODD_KEY_CACHE_MS",
        "key_cache_ms",
        "1000",
        "How long a replica trusts a verified API key before reading it again; without Redis, a revocation reaches other replicas within this time. 0 reads the key on every request.",
    ),
    s(
        "MODD_KEY_MAX_AGE",
        "key_max_age",
        "",
        "Keys older than this (e.g. 90d) are due for rotation: `modctl verify` and `modctl top` report them. A key's own maximum (`modctl keys set-max-age`) overrides it. Empty: no maximum.",
    ),
    s(
        "MODD_KEY_EXPIRE_AFTER_MAX_AGE",
        "key_expire_after_max_age",
        "",
        "With a maximum key age: a key this long past it (e.g. 14d; 0 at once) stops working, refused with 401 like an expired key; until then its responses carry `Deprecation` and `Sunset`. Empty: keys past their maximum are only reported.",
    ),
    s(
        "MODD_KEY_EXPIRY_NOTICE",
        "key_expiry_notice",
        "14d",
        "Responses to a key that expires within this time carry `Deprecation` and `Sunset` headers (as during a rotation's grace), and its apps get a `key.expiring` webhook event. 0: only during a rotation's grace.",
    ),
    s(
        "MODD_KEY_DOCS_URL",
        "key_docs_url",
        "",
        "The page named by `Link: <URL>; rel=\"deprecation\"` on responses to an ending key, e.g. your copy of the key-rotation docs. Empty: no link.",
    ),
    s(
        "MODD_CONSOLE_SESSION_IDLE",
        "console_session_idle",
        "30m",
        "A review console session unused this long ends (1m to 1d; a number and s, m, h or d).",
    ),
    s(
        "MODD_CONSOLE_SESSION_MAX",
        "console_session_max",
        "12h",
        "A review console session ends this long after sign-in, however active (5m to 30d).",
    ),
    s(
        "MODD_CONSOLE_UNDO",
        "console_undo",
        "10s",
        "How long a decision made in the review console can be undone by its reviewer before it is recorded (and its webhook sent): 0 to 60s; 0 records at once.",
    ),
    s(
        "MODD_PROFANITY_MODEL",
        "profanity_model",
        "",
        "A profanity-check/v1 model file to use instead of the embedded alt-profanity-check model.",
    ),
    s(
        "MODD_HATESONAR_MODEL",
        "hatesonar_model",
        "",
        "A hatesonar/v1 model file to use instead of the embedded hatesonar model.",
    ),
    s(
        "MODD_LOG_FORMAT",
        "log_format",
        "",
        "json | pretty; default json in production, pretty otherwise.",
    ),
    s(
        "MODD_OPENAI_BASE_URL",
        "openai_base_url",
        "",
        "OpenAI-compatible moderation provider, e.g. https://api.openai.com/v1 (POST /moderations is appended); unset = not used.",
    ),
    SettingDoc {
        env: "MODD_OPENAI_API_KEY",
        toml: "openai_api_key",
        default: "",
        secret: true,
        help: "Bearer key for MODD_OPENAI_BASE_URL; optional for self-hosted servers.",
    },
    s(
        "MODD_OPENAI_API_KEY_FILE",
        "openai_api_key_file",
        "",
        "File holding MODD_OPENAI_API_KEY; trailing newline trimmed; not with MODD_OPENAI_API_KEY.",
    ),
    s(
        "MODD_OPENAI_MODEL",
        "openai_model",
        "omni-moderation-latest",
        "Model name sent to the OpenAI-compatible provider.",
    ),
    s(
        "MODD_OPENAI_CATEGORIES",
        "openai_categories",
        "",
        "Comma-separated taxonomy categories to take from the OpenAI provider; empty = all it returns.",
    ),
    s(
        "MODD_HTTP_PROVIDER_URL",
        "http_provider_url",
        "",
        "Generic in-house model: POST {\"text\"} -> {\"categories\":{name:score}}; unset = not used.",
    ),
    SettingDoc {
        env: "MODD_HTTP_PROVIDER_API_KEY",
        toml: "http_provider_api_key",
        default: "",
        secret: true,
        help: "Optional bearer key for MODD_HTTP_PROVIDER_URL.",
    },
    s(
        "MODD_HTTP_PROVIDER_API_KEY_FILE",
        "http_provider_api_key_file",
        "",
        "File holding MODD_HTTP_PROVIDER_API_KEY; trailing newline trimmed; not with MODD_HTTP_PROVIDER_API_KEY.",
    ),
    s(
        "MODD_HTTP_PROVIDER_CATEGORIES",
        "http_provider_categories",
        "",
        "Comma-separated categories the HTTP provider returns (required with MODD_HTTP_PROVIDER_URL).",
    ),
    s(
        "MODD_REMOTE_TIMEOUT_MS",
        "remote_timeout_ms",
        "2000",
        "Timeout of one call to a remote provider.",
    ),
    s(
        "MODD_REMOTE_RETRIES",
        "remote_retries",
        "2",
        "Retries after a failed provider call (timeout, 5xx, 429, malformed body), with exponential backoff.",
    ),
    s(
        "MODD_REMOTE_BACKOFF_MS",
        "remote_backoff_ms",
        "200",
        "First backoff between provider retries; doubles each time, with jitter.",
    ),
    s(
        "MODD_REMOTE_MAX_BACKOFF_MS",
        "remote_max_backoff_ms",
        "5000",
        "Longest wait between retries; a 429 Retry-After longer than this fails the call instead of holding it.",
    ),
    s(
        "MODD_REMOTE_CONCURRENCY",
        "remote_concurrency",
        "16",
        "Most calls in flight to one provider; more wait (up to the timeout) for a slot.",
    ),
    s(
        "MODD_REMOTE_BREAKER_FAILURES",
        "remote_breaker_failures",
        "5",
        "Consecutive failed calls that open a provider's circuit breaker.",
    ),
    s(
        "MODD_REMOTE_BREAKER_COOLDOWN_SECS",
        "remote_breaker_cooldown_secs",
        "30",
        "How long an open breaker fails calls fast before letting one probe through.",
    ),
    s(
        "MODD_REMOTE_UNCERTAIN_BAND",
        "remote_uncertain_band",
        "",
        "LOW,HIGH: a local score in [LOW, HIGH) is re-checked by a provider covering that category; empty = only uncovered categories go remote.",
    ),
    s(
        "MODD_LOG_LEVEL",
        "log_level",
        "info",
        "Log filter (tracing EnvFilter syntax), e.g. info or modd=debug.",
    ),
    s(
        "MODD_ACCESS_LOG_PROBES",
        "access_log_probes",
        "0",
        "Access log: log one in N requests to /health, /ready and /metrics; 0 = none. (The access log itself is the `modd::access` target at info.)",
    ),
    s(
        "MODD_WEBHOOK_ALLOW_PRIVATE",
        "webhook_allow_private",
        "false",
        "Allow webhooks to loopback/private/link-local addresses (tests, local development). In production only for hosts also in MODD_WEBHOOK_ALLOWED_HOSTS.",
    ),
    s(
        "MODD_WEBHOOK_ALLOWED_HOSTS",
        "webhook_allowed_hosts",
        "",
        "Comma-separated host names that may resolve to private addresses in production (with MODD_WEBHOOK_ALLOW_PRIVATE=true).",
    ),
    s(
        "MODD_WEBHOOK_TIMEOUT_SECS",
        "webhook_timeout_secs",
        "10",
        "Time for one webhook attempt, connect to response.",
    ),
    s(
        "MODD_WEBHOOK_MAX_ATTEMPTS",
        "webhook_max_attempts",
        "10",
        "Attempts per webhook event before it is dead-lettered (replay with modctl webhooks replay).",
    ),
    s(
        "MODD_WEBHOOK_RETRY_BASE_MS",
        "webhook_retry_base_ms",
        "5000",
        "First webhook retry delay; each next one is 4x longer, capped at 8 h (default: about 24 h in all).",
    ),
    s(
        "MODD_WEBHOOK_CONCURRENCY",
        "webhook_concurrency",
        "16",
        "Webhook deliveries in flight per process.",
    ),
    s(
        "MODD_RETENTION_DAYS",
        "retention_days",
        "90",
        "Days content items are kept, unless their app sets its own retention.",
    ),
    s(
        "MODD_RETENTION_SWEEP_SECS",
        "retention_sweep_secs",
        "300",
        "Pause between retention sweeps, and between the sweeps that send `key.expiring` webhook events.",
    ),
    s(
        "MODD_ENCODER_DIR",
        "encoder_dir",
        "",
        "Directory of the MiniLM sentence encoder's two files (tools/export-models/encoder.py install); empty = MODD_DATA_DIR/models. Missing: the encoder's categories are not scored locally.",
    ),
    s(
        "MODD_ENCODER_WORKERS",
        "encoder_workers",
        "1",
        "Threads that run the sentence encoder; texts never run it on the API threads.",
    ),
    s(
        "MODD_ENCODER_BATCH",
        "encoder_batch",
        "16",
        "Most texts the encoder runs together (texts already waiting are batched; a lone text never waits).",
    ),
    s(
        "MODD_IMAGE_MODEL_PATH",
        "image_model_path",
        "",
        "The open_nsfw model file (tools/export-models/image.py install); empty = MODD_DATA_DIR/models/open-nsfw.onnx. Missing: images go to review (or to a remote provider that accepts images).",
    ),
    s(
        "MODD_IMAGE_WORKERS",
        "image_workers",
        "1",
        "Threads that decode and classify images (~45 ms each on one core); images never run on the API or text threads.",
    ),
    s(
        "MODD_IMAGE_MAX_BYTES",
        "image_max_bytes",
        "10485760",
        "Largest image accepted, fetched or inline (bytes).",
    ),
    s(
        "MODD_IMAGE_MAX_BODY_BYTES",
        "image_max_body_bytes",
        "16777216",
        "Body limit of the routes that take inline images (analyse, batch incl. multipart, classify, /v1/moderations); other routes keep MODD_MAX_BODY_BYTES.",
    ),
    s(
        "MODD_IMAGE_MAX_PIXELS",
        "image_max_pixels",
        "40000000",
        "Largest width x height decoded; checked on the header before decoding (decompression bombs).",
    ),
    s(
        "MODD_IMAGE_FETCH_TIMEOUT_SECS",
        "image_fetch_timeout_secs",
        "10",
        "Time to fetch one image_url, connect to last byte.",
    ),
    s(
        "MODD_IMAGE_ALLOW_PRIVATE",
        "image_allow_private",
        "false",
        "Allow image_url on loopback/private/link-local addresses (tests, local development). In production only for hosts also in MODD_IMAGE_ALLOWED_HOSTS.",
    ),
    s(
        "MODD_IMAGE_ALLOWED_HOSTS",
        "image_allowed_hosts",
        "",
        "Comma-separated host names whose images may resolve to private addresses in production (with MODD_IMAGE_ALLOW_PRIVATE=true).",
    ),
];

/// The env-var table appended to `modd --help`.
pub fn help_table() -> String {
    let mut out = String::from(
        "Environment (also read from ./.env; a --config TOML file uses the lower-case keys):\n",
    );
    for d in CATALOG {
        let default = if d.default.is_empty() {
            String::new()
        } else {
            format!(" [default: {}]", d.default)
        };
        out.push_str(&format!("  {:<28} {}{}\n", d.env, d.help, default));
    }
    out
}

/// The settings table of `docs/src/operating/configuration.md` (between its
/// `settings` markers), generated from the catalogue; `daemon/tests/docs`
/// keeps the page in sync.
pub fn markdown_table() -> String {
    let mut out = String::from("| variable | default | meaning |\n|---|---|---|\n");
    for d in CATALOG {
        let default = if d.default.is_empty() {
            "—".to_owned()
        } else {
            format!("`{}`", d.default)
        };
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            d.env,
            default,
            d.help.replace('|', "\\|")
        ));
    }
    out
}

/// The text of `.env.example`, generated from the catalogue.
pub fn env_example() -> String {
    let mut out = String::from(
        "# Every setting modd reads, with its default. Copy to .env and edit.\n# Generated from common/src/settings.rs; a test keeps this file in sync.\n",
    );
    for d in CATALOG {
        out.push_str(&format!("\n# {}\n", d.help));
        if d.default.is_empty() {
            out.push_str(&format!("# {}=\n", d.env));
        } else {
            out.push_str(&format!("# {}={}\n", d.env, d.default));
        }
    }
    out
}
