//! Start-up and shutdown: open the store, migrate (or refuse to start),
//! start intake, queue, workers and reconciler, serve HTTP, and on a signal
//! finish in-flight requests and jobs before exiting.

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::auth::KeyVerifier;
use crate::classify::Engine;
use crate::intake::Intake;
use crate::outbox::Outbox;
use crate::policy::Policies;

use crate::intake::wait::Waiters;
use crate::queue::{JobQueue, LocalQueue, QueueOptions, RedisStreamQueue, spawn_reconciler};
use crate::ratelimit::{GuardedLimiter, LocalLimiter, RateLimiter, RedisLimiter};
use crate::redis::RedisHandle;
use crate::serve::drain;
use crate::serve::schema_skew::{self, Skew};
use crate::serve::tls::{self, CertStore, Incoming};
use crate::settings::{Mode, Settings};
use crate::state::{AppState, Shared};
use crate::store::{self, Backend, ConnectOptions, Store, StoreError};
use crate::worker::heartbeat::{Registry, spawn_publisher};
use crate::worker::{WorkerContext, spawn_workers};
use crate::writer::Writer;

/// How often the reconciler looks for pending items with no job.
const RECONCILE_EVERY: Duration = Duration::from_secs(5);
/// Most ids the in-process queue holds; the reconciler feeds the rest.
const LOCAL_QUEUE_CAPACITY: usize = 100_000;

/// Opens the database and brings its schema to what this binary expects:
/// SQLite migrates on start; PostgreSQL only with `MODD_AUTO_MIGRATE=true`.
pub async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    let store = connect_store(settings).await?;
    bring_schema_up(store.as_ref(), settings).await?;
    Ok(store)
}

async fn bring_schema_up(store: &dyn Store, settings: &Settings) -> Result<(), StoreError> {
    let pending = store
        .migration_status()
        .await?
        .iter()
        .filter(|m| m.applied_at.is_none())
        .count();
    if pending > 0 {
        if store.backend() == Backend::Sqlite || settings.auto_migrate {
            let applied = store.migrate_up(None).await?;
            tracing::info!(applied = applied.len(), "migrations applied");
        } else {
            return Err(StoreError::PendingMigrations(pending));
        }
    }
    Ok(())
}

fn store_options(settings: &Settings) -> ConnectOptions {
    ConnectOptions {
        max_connections: settings.db_max_connections,
        ..ConnectOptions::default()
    }
}

async fn connect_store(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    store::connect(settings.database_url.expose(), &store_options(settings)).await
}

/// Opens the database as [`open_store`] does, unless its schema is newer
/// than this binary (a rolling deploy): then it starts only when every
/// newer migration is compatible with it, and migrates nothing.
async fn open_store_checking_skew(settings: &Settings) -> anyhow::Result<(Arc<dyn Store>, Skew)> {
    let store = connect_store(settings).await?;
    let skew = schema_skew::inspect(settings.database_url.expose()).await?;
    match skew.describe() {
        Some(what) => tracing::warn!("{what}"),
        None => bring_schema_up(store.as_ref(), settings).await?,
    }
    Ok((store, skew))
}

/// A running daemon: its state and the handles needed to stop it.
pub struct Daemon {
    pub state: AppState,
    mode: Mode,
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Daemon {
    /// `modd serve`: builds everything but the HTTP listener.
    pub async fn start(settings: Settings) -> anyhow::Result<Self> {
        Self::start_mode(settings, Mode::Serve).await
    }

    pub async fn start_mode(settings: Settings, mode: Mode) -> anyhow::Result<Self> {
        if mode == Mode::Worker && settings.workers == 0 {
            anyhow::bail!("`modd worker` with MODD_WORKERS=0 has nothing to do");
        }
        // The recorder first: workers may decide pending items as soon as
        // they start, and a counter bumped before it exists is lost (the
        // restart test once saw 29 of 30 decisions counted).
        let metrics = crate::observe::metrics::handle();
        let settings = Arc::new(settings);
        let (store, schema) = open_store_checking_skew(&settings).await?;
        let shutdown = CancellationToken::new();
        let redis = match &settings.redis_url {
            Some(url) => Some(Arc::new(
                RedisHandle::new(url.expose(), settings.redis_prefix.clone())
                    .map_err(|e| anyhow::anyhow!("REDIS_URL: {}", crate::redis::describe(&e)))?,
            )),
            None => None,
        };
        let images = Arc::new(crate::images::ImageClassifier::start(&settings).await?);
        let encoder =
            Arc::new(crate::classify::encoder::TextEncoder::start(&settings.encoder).await?);
        let engine = Arc::new(crate::classify::remote::attach(
            Engine::from_settings(&settings)?
                .with_images(images)
                .with_encoder(encoder),
            &settings.remote,
        )?);
        let policies = Arc::new(Policies::new(store.clone(), settings.policy_cache));
        let drain = Arc::new(drain::Drain::new(
            settings.serving.drain,
            settings.shutdown_timeout,
        ));
        let waiters = Arc::new(Waiters::with_cutoff(drain.closing()));
        let options = QueueOptions {
            visibility_timeout: settings.queue_visibility,
            ..QueueOptions::default()
        };
        let queue: Arc<dyn JobQueue> = match &redis {
            Some(redis) => Arc::new(RedisStreamQueue::new(redis.clone(), options)),
            None => {
                if mode == Mode::Worker {
                    tracing::warn!(
                        "without REDIS_URL, `modd worker` finds work only through the reconciler, and separate worker processes may repeat each other's work (harmlessly: one decision per item)"
                    );
                }
                // A process without workers keeps nothing in memory: the
                // processes with workers find its items in the database.
                let capacity = if settings.workers > 0 {
                    LOCAL_QUEUE_CAPACITY
                } else {
                    0
                };
                Arc::new(LocalQueue::with_options(options, capacity))
            }
        };
        // Intake and the workers share one writer: on SQLite, one task.
        let writer = Writer::start(store.clone());
        let intake = Intake::new(
            writer.clone(),
            queue.clone(),
            crate::intake::Limits {
                max_text_chars: settings.max_text_chars,
                max_image_bytes: settings.images.max_bytes,
            },
        );
        let heartbeats = Arc::new(Registry::new(redis.clone()));
        let stats = Arc::new(crate::observe::Recorder::default());
        let mut tasks = Vec::new();
        let (outbox, outbox_tasks) = Outbox::start(
            &settings,
            store.clone(),
            redis.clone(),
            stats.clone(),
            &shutdown,
        )?;
        tasks.extend(outbox_tasks);
        let workers = if settings.workers > 0 {
            let ctx = Arc::new(WorkerContext {
                store: store.clone(),
                writer,
                queue: queue.clone(),
                engine: engine.clone(),
                policies: policies.clone(),
                waiters: waiters.clone(),
                max_attempts: settings.max_attempts,
                registry: heartbeats.clone(),
                jobs_done: Default::default(),
                alive: Default::default(),
                feed: outbox.feed.clone(),
                image_lane: Arc::new(tokio::sync::Semaphore::new(
                    settings.images.workers * crate::worker::IMAGE_LANE_PER_THREAD,
                )),
                stats: stats.clone(),
                batch_max: settings.worker_batch,
            });
            tasks.extend(spawn_workers(
                ctx.clone(),
                settings.workers,
                shutdown.clone(),
            ));
            tasks.push(spawn_reconciler(
                store.clone(),
                queue.clone(),
                RECONCILE_EVERY,
                shutdown.clone(),
            ));
            tasks.push(spawn_publisher(heartbeats.clone(), shutdown.clone()));
            Some(ctx)
        } else {
            None
        };
        let keys = Arc::new(
            KeyVerifier::new(store.clone(), settings.key_cache)
                .with_lifetime(settings.keys.clone()),
        );
        let limiter: Arc<dyn RateLimiter> = match &redis {
            Some(redis) => {
                tasks.push(crate::auth::spawn_invalidation_listener(
                    redis.clone(),
                    keys.clone(),
                    shutdown.clone(),
                ));
                Arc::new(GuardedLimiter::new(
                    RedisLimiter::new(redis.clone()),
                    settings.rate_limit_on_redis_error,
                ))
            }
            None => Arc::new(LocalLimiter::new()),
        };
        let state = AppState::new(Shared {
            keys,
            limiter,
            metrics,
            worker_count: settings.workers,
            settings,
            store,
            queue,
            intake,
            workers,
            redis,
            engine,
            policies,
            waiters,
            heartbeats,
            started_at: Instant::now(),
            mode,
            stats,
            item_counts: Default::default(),
            outbox,
            drain,
            schema,
        });
        // Console decisions held for undo are recorded by any replica that serves.
        if mode == Mode::Serve {
            tasks.push(crate::review::undo::spawn_committer(
                state.clone(),
                shutdown.clone(),
            ));
        }
        if let Some(redis) = &state.redis {
            tasks.push(crate::observe::stats::publish::spawn_publisher(
                state.clone(),
                redis.clone(),
                shutdown.clone(),
            ));
        }
        Ok(Self {
            state,
            mode,
            shutdown,
            tasks,
        })
    }

    /// Serves HTTP (or HTTPS, with `MODD_TLS_CERT`) on `listener` until
    /// `signal` resolves, then drains (see [`drain`]): `/ready` fails
    /// at once, the listener closes after `MODD_SHUTDOWN_DRAIN_SECS`, then
    /// in-flight requests and jobs get `MODD_SHUTDOWN_TIMEOUT_SECS` to finish.
    pub async fn serve(
        mut self,
        listener: TcpListener,
        signal: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let app = match self.mode {
            Mode::Serve => crate::http::router(self.state.clone()),
            Mode::Worker => crate::http::worker_router(self.state.clone()),
        };
        let addr = listener.local_addr()?;
        let incoming = match &self.state.settings.serving.tls {
            None => Incoming::Plain(listener),
            Some(paths) => {
                let certs = Arc::new(CertStore::open(paths.clone()).map_err(anyhow::Error::msg)?);
                let config = tls::server_config(certs.clone())?;
                self.tasks
                    .push(tls::spawn_reloader(certs, self.shutdown.clone()));
                Incoming::tls(listener, config)?
            }
        };
        self.serve_on(incoming, app, addr, signal).await
    }

    async fn serve_on(
        self,
        incoming: Incoming,
        app: axum::Router,
        addr: std::net::SocketAddr,
        signal: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let tls = matches!(incoming, Incoming::Tls(_));
        tracing::info!(%addr, tls, "listening");
        let background = drain::Background {
            stop: self.shutdown,
            tasks: self.tasks,
        };
        drain::serve(incoming, app, self.state.drain.clone(), background, signal).await
    }

    /// Stops background work, waiting at most `timeout` for current jobs.
    pub async fn stop(self, timeout: Duration) {
        self.shutdown.cancel();
        let all = futures::future::join_all(self.tasks);
        if tokio::time::timeout(timeout, all).await.is_err() {
            tracing::warn!(
                "shutdown timeout reached with work still running; it will be retried after restart"
            );
        }
    }

    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }
}

/// Resolves on SIGTERM or SIGINT. The handlers are installed when this is
/// called, not when the future is first polled: `main` calls it before the
/// listener binds, so a SIGTERM that comes as soon as the port opens still
/// drains and exits 0 instead of killing the process.
#[cfg(unix)]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    let term = signal(SignalKind::terminate()).ok();
    let int = signal(SignalKind::interrupt()).ok();
    async fn recv(s: Option<Signal>) {
        match s {
            Some(mut s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
    async move {
        tokio::select! { _ = recv(term) => {}, _ = recv(int) => {} }
    }
}

/// Resolves on Ctrl-C (no SIGTERM off Unix).
#[cfg(not(unix))]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
