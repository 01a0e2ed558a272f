//! A real `modd` in this process on 127.0.0.1:0, for the commands that talk
//! to the daemon (`keys` through the admin API, `smoke`). The binary under
//! test runs as a child process against it.

use modd::settings::{Settings, defaults};
use modd::store::Store;
use std::sync::Arc;
use tokio::sync::oneshot;

use super::{Run, TestDb, modctl_env};

pub struct Daemon {
    pub url: String,
    pub store: Arc<dyn Store>,
    stop: Option<oneshot::Sender<()>>,
    _data_dir: tempfile::TempDir,
}

impl Daemon {
    /// Starts `modd` on `db` with extra settings.
    pub async fn start(db: &TestDb, extra: &[(&'static str, &str)]) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let mut raw = defaults();
        raw.insert("DATABASE_URL", db.url.clone());
        raw.insert("MODD_DATA_DIR", data_dir.path().display().to_string());
        raw.insert("MODD_AUTO_MIGRATE", "true".into());
        raw.insert("MODD_WORKERS", "0".into());
        for (k, v) in extra {
            raw.insert(k, (*v).to_owned());
        }
        let daemon = modd::Daemon::start(Settings::from_raw(&raw).unwrap())
            .await
            .unwrap();
        let store = daemon.state.store.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(daemon.serve(listener, async move {
            let _ = stopped.await;
        }));
        Self {
            url,
            store,
            stop: Some(stop),
            _data_dir: data_dir,
        }
    }

    /// The first admin key, made the bootstrap way: straight in the database.
    pub async fn bootstrap_admin(&self, db: &TestDb) -> String {
        let run = db
            .modctl(&[
                "--json", "keys", "create", "--name", "root", "--role", "admin",
            ])
            .await;
        run.ok("bootstrap admin key");
        run.json::<modd_common::CreatedKey>().key
    }

    /// Runs `modctl` against this daemon with `admin` as the admin key (if
    /// any) and no database configured, so nothing can silently use one.
    pub async fn modctl(&self, admin: Option<&str>, args: &[&str]) -> Run {
        let mut env = vec![
            ("MODCTL_URL", self.url.as_str()),
            ("DATABASE_URL", "sqlite://./does/not/exist.db"),
        ];
        if let Some(admin) = admin {
            env.push(("MODCTL_ADMIN_KEY", admin));
        }
        modctl_env(args, &env).await
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
