//! Harness for the end-to-end tests: a real `modd` on 127.0.0.1:0 over real
//! HTTP, on a temporary SQLite file or a fresh PostgreSQL database.

pub mod log_capture;

use chrono::Utc;
use modd::settings::{RawValues, Settings, defaults};
use modd::store::{NewKey, Store};
use modd_common::{ApiKey, KeyEnvironment, Role};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A database for one test, removed when dropped.
pub struct TestDb {
    pub url: String,
    _sqlite_dir: Option<tempfile::TempDir>,
    _postgres: Option<modd::testing::PgTestDb>,
}

impl TestDb {
    /// A database someone else owns and removes (e.g. the same test
    /// database reached as another role).
    pub fn borrowed(url: String) -> Self {
        Self {
            url,
            _sqlite_dir: None,
            _postgres: None,
        }
    }

    /// `None` when PostgreSQL is not configured (`TEST_DATABASE_URL` unset)
    /// and services are not required.
    pub async fn new(db: Db) -> Option<Self> {
        match db {
            Db::Sqlite => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}/modd.db", dir.path().display());
                Some(Self {
                    url,
                    _sqlite_dir: Some(dir),
                    _postgres: None,
                })
            }
            Db::Postgres => {
                let pg = modd::testing::postgres_fresh().await?;
                Some(Self {
                    url: pg.url().to_owned(),
                    _sqlite_dir: None,
                    _postgres: Some(pg),
                })
            }
        }
    }
}

/// What [`TestDaemon::key_with`] creates.
#[derive(Debug, Clone)]
pub struct KeySpec<'a> {
    pub role: Role,
    pub source_apps: &'a [&'a str],
    pub rate_limit: Option<&'a str>,
    pub expires_at: Option<chrono::DateTime<Utc>>,
}

impl Default for KeySpec<'_> {
    fn default() -> Self {
        Self {
            role: Role::Client,
            source_apps: &[],
            rate_limit: None,
            expires_at: None,
        }
    }
}

/// A Redis key prefix of its own for one test; its keys are deleted on drop.
pub struct RedisPrefix {
    pub url: String,
    pub prefix: String,
}

impl RedisPrefix {
    /// `None` when `TEST_REDIS_URL` is unset (panics if services are required).
    pub fn new() -> Option<Self> {
        let url = modd::testing::redis_url()?;
        Some(Self {
            url,
            prefix: format!("test:{}:", uuid::Uuid::new_v4().simple()),
        })
    }

    /// The settings that put a daemon on this Redis and prefix.
    pub fn settings(&self) -> [(&'static str, &str); 2] {
        [
            ("REDIS_URL", &self.url),
            ("MODD_REDIS_PREFIX", &self.prefix),
        ]
    }
}

impl Drop for RedisPrefix {
    fn drop(&mut self) {
        // SCAN + DEL on a plain connection: Drop cannot await.
        let Ok(client) = redis::Client::open(self.url.as_str()) else {
            return;
        };
        let Ok(mut conn) = client.get_connection() else {
            return;
        };
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{}*", self.prefix))
            .query(&mut conn)
            .unwrap_or_default();
        if !keys.is_empty() {
            let _: Result<i64, _> = redis::cmd("DEL").arg(keys).query(&mut conn);
        }
    }
}

/// A running daemon.
pub struct TestDaemon {
    pub addr: SocketAddr,
    pub base: String,
    pub store: Arc<dyn Store>,
    /// Requests waiting for decisions, to check they are cleaned up.
    pub waiters: Arc<modd::wait::Waiters>,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _data_dir: tempfile::TempDir,
}

impl TestDaemon {
    /// Starts `modd` on `db` with extra settings (`(ENV_NAME, value)`).
    pub async fn start(db: &TestDb, extra: &[(&'static str, &str)]) -> Self {
        Self::start_at(db, extra, "127.0.0.1:0").await
    }

    /// The same on a given address, e.g. a restarted daemon on the port
    /// its predecessor had (clients must reconnect to it).
    pub async fn start_at(db: &TestDb, extra: &[(&'static str, &str)], addr: &str) -> Self {
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut raw: RawValues = defaults();
        raw.insert("DATABASE_URL", db.url.clone());
        raw.insert("MODD_BIND", "127.0.0.1:0".into());
        raw.insert("MODD_DATA_DIR", data_dir.path().display().to_string());
        raw.insert("MODD_AUTO_MIGRATE", "true".into());
        raw.insert("MODD_SHUTDOWN_TIMEOUT_SECS", "10".into());
        // Tests send many requests with one key or none; the ones about rate
        // limits set MODD_RATE_LIMIT themselves.
        raw.insert("MODD_RATE_LIMIT", "1000000/sec".into());
        for (k, v) in extra {
            raw.insert(k, (*v).to_owned());
        }
        let settings = Settings::from_raw(&raw).expect("valid test settings");
        let daemon = modd::Daemon::start(settings).await.expect("daemon starts");
        let store = daemon.state.store.clone();
        let waiters = daemon.state.waiters.clone();
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(daemon.serve(listener, async move {
            let _ = stopped.await;
        }));
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Self {
            addr,
            base: format!("http://{addr}"),
            store,
            waiters,
            http,
            stop: Some(stop),
            task: Some(task),
            _data_dir: data_dir,
        }
    }

    /// Creates a key straight in the store, as `modctl keys create` does.
    pub async fn key(&self, role: Role, source_apps: &[&str]) -> String {
        self.key_with(KeySpec {
            role,
            source_apps,
            ..KeySpec::default()
        })
        .await
        .1
    }

    /// Creates a key with more settings; returns its id and secret.
    pub async fn key_with(&self, spec: KeySpec<'_>) -> (i64, String) {
        let key = ApiKey::generate(KeyEnvironment::Test);
        let record = self
            .store
            .insert_key(&NewKey {
                name: format!("test-{}", spec.role),
                role: spec.role,
                key_hash: key.hash().to_vec(),
                prefix: key.display_prefix().to_owned(),
                source_apps: spec.source_apps.iter().map(|s| (*s).to_owned()).collect(),
                rate_limit: spec.rate_limit.map(str::to_owned),
                created_by: Some("test".into()),
                created_at: Utc::now(),
                expires_at: spec.expires_at,
            })
            .await
            .expect("insert key");
        (record.id, key.expose_secret().to_owned())
    }

    /// Starts a second replica on the same database with the same settings
    /// overrides (give both the same `REDIS_URL` and `MODD_REDIS_PREFIX` to
    /// share the limiter and the invalidation channel).
    pub async fn pair(db: &TestDb, extra: &[(&'static str, &str)]) -> (Self, Self) {
        let a = Self::start(db, extra).await;
        let b = Self::start(db, extra).await;
        (a, b)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// SIGTERM-equivalent: stop accepting, drain, wait for the server to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("server task")
                .expect("server ran cleanly");
        }
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Polls `f` until it returns `Some`, for at most `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
