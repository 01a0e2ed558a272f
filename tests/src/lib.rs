//! Harness for the end-to-end tests: a real `modd` on 127.0.0.1:0 over real
//! HTTP, on a temporary SQLite file or a fresh PostgreSQL database.

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
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut raw: RawValues = defaults();
        raw.insert("DATABASE_URL", db.url.clone());
        raw.insert("MODD_BIND", "127.0.0.1:0".into());
        raw.insert("MODD_DATA_DIR", data_dir.path().display().to_string());
        raw.insert("MODD_AUTO_MIGRATE", "true".into());
        raw.insert("MODD_SHUTDOWN_TIMEOUT_SECS", "10".into());
        for (k, v) in extra {
            raw.insert(k, (*v).to_owned());
        }
        let settings = Settings::from_raw(&raw).expect("valid test settings");
        let daemon = modd::Daemon::start(settings).await.expect("daemon starts");
        let store = daemon.state.store.clone();
        let waiters = daemon.state.waiters.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
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
        let key = ApiKey::generate(KeyEnvironment::Test);
        self.store
            .insert_key(&NewKey {
                name: format!("test-{role}"),
                role,
                key_hash: key.hash().to_vec(),
                prefix: key.display_prefix().to_owned(),
                source_apps: source_apps.iter().map(|s| (*s).to_owned()).collect(),
                rate_limit: None,
                created_by: Some("test".into()),
                created_at: Utc::now(),
                expires_at: None,
            })
            .await
            .expect("insert key");
        key.expose_secret().to_owned()
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
