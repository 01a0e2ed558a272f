//! A real `modd` in this process on `127.0.0.1:0`: the daemon's own
//! `Daemon::start` and `serve`, over real HTTP, with the store and the
//! waiters at hand for checks below the API.

use modd::settings::{RawValues, Settings, defaults};
use modd::store::Store;
use modd_common::Role;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

use crate::db::TestDb;
use crate::keys::{KeySpec, insert_key};

/// The rate limit a test daemon gets unless the test sets
/// `MODD_RATE_LIMIT`: tests send many requests with one key or none.
pub const LIFTED_RATE_LIMIT: &str = "1000000/sec";

/// The settings every test daemon starts from: `db`, its own data
/// directory (for the development secret key), auto-migrate, a 10 s
/// shutdown and [`LIFTED_RATE_LIMIT`]; `extra` (`(ENV_NAME, value)`)
/// overrides any of them.
pub fn test_settings(db: &TestDb, data_dir: &Path, extra: &[(&'static str, &str)]) -> Settings {
    let mut raw: RawValues = defaults();
    raw.insert("DATABASE_URL", db.url.clone());
    raw.insert("MODD_BIND", "127.0.0.1:0".into());
    raw.insert("MODD_DATA_DIR", data_dir.display().to_string());
    raw.insert("MODD_AUTO_MIGRATE", "true".into());
    raw.insert("MODD_SHUTDOWN_TIMEOUT_SECS", "10".into());
    raw.insert("MODD_RATE_LIMIT", LIFTED_RATE_LIMIT.into());
    for (k, v) in extra {
        raw.insert(k, (*v).to_owned());
    }
    Settings::from_raw(&raw).expect("valid test settings")
}

/// A running daemon; stopped when dropped (or by [`TestDaemon::shutdown`]).
pub struct TestDaemon {
    pub addr: SocketAddr,
    pub base: String,
    pub store: Arc<dyn Store>,
    /// Requests waiting for decisions, to check they are cleaned up.
    pub waiters: Arc<modd::wait::Waiters>,
    pub queue: Arc<dyn modd::queue::JobQueue>,
    /// A plain HTTP client, for tests whose point is raw HTTP (headers,
    /// malformed bodies, status codes); everything else uses [`Self::client`].
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    _data_dir: tempfile::TempDir,
}

impl TestDaemon {
    /// Starts `modd` on `db` with [`test_settings`] and `extra`.
    pub async fn start(db: &TestDb, extra: &[(&'static str, &str)]) -> Self {
        Self::start_at(db, extra, "127.0.0.1:0").await
    }

    /// The same on a given address, e.g. a restarted daemon on the port
    /// its predecessor had (clients must reconnect to it).
    pub async fn start_at(db: &TestDb, extra: &[(&'static str, &str)], addr: &str) -> Self {
        let data_dir = tempfile::tempdir().expect("tempdir");
        let settings = test_settings(db, data_dir.path(), extra);
        let daemon = modd::Daemon::start(settings).await.expect("daemon starts");
        let store = daemon.state.store.clone();
        let waiters = daemon.state.waiters.clone();
        let queue = daemon.state.queue.clone();
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
            queue,
            http,
            stop: Some(stop),
            task: Some(task),
            _data_dir: data_dir,
        }
    }

    /// Starts two replicas on the same database with the same settings
    /// overrides (give both the same `REDIS_URL` and `MODD_REDIS_PREFIX` to
    /// share the limiter and the invalidation channel).
    pub async fn pair(db: &TestDb, extra: &[(&'static str, &str)]) -> (Self, Self) {
        let a = Self::start(db, extra).await;
        let b = Self::start(db, extra).await;
        (a, b)
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
        insert_key(self.store.as_ref(), spec).await
    }

    /// The typed client (`modctl::client`) for this daemon with `key`.
    pub fn client(&self, key: Option<&str>) -> modctl::client::Client {
        modctl::client::Client::new(&self.base, key.map(str::to_owned)).expect("client")
    }

    /// The typed client with a new key of `role` made for it.
    pub async fn client_as(&self, role: Role) -> modctl::client::Client {
        let key = self.key(role, &[]).await;
        self.client(Some(&key))
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
