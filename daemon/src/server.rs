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
use crate::pipeline::Pipeline;
use crate::policy::Policies;

use crate::queue::{JobQueue, LocalQueue, QueueOptions, RedisStreamQueue, spawn_reconciler};
use crate::ratelimit::{GuardedLimiter, LocalLimiter, RateLimiter, RedisLimiter};
use crate::redis::RedisHandle;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::{self, Backend, ConnectOptions, Store, StoreError};
use crate::wait::Waiters;
use crate::worker::heartbeat::{Registry, spawn_publisher};
use crate::worker::{WorkerContext, spawn_workers};

/// How long a verified key is trusted before it is checked again.
const KEY_CACHE_TTL: Duration = Duration::from_secs(1);
/// How often the reconciler looks for pending items with no job.
const RECONCILE_EVERY: Duration = Duration::from_secs(5);
/// Most ids the in-process queue holds; the reconciler feeds the rest.
const LOCAL_QUEUE_CAPACITY: usize = 100_000;

/// What a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `modd serve`: the API, plus workers unless `MODD_WORKERS=0`.
    Serve,
    /// `modd worker`: workers only, with `/health`, `/ready`, `/metrics`.
    Worker,
}

impl Mode {
    /// The name in `modd_build_info{mode}` and the stats snapshot.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Serve => "serve",
            Mode::Worker => "worker",
        }
    }
}

/// Opens the database and brings its schema to what this binary expects:
/// SQLite migrates on start; PostgreSQL only with `MODD_AUTO_MIGRATE=true`.
pub async fn open_store(settings: &Settings) -> Result<Arc<dyn Store>, StoreError> {
    let options = ConnectOptions {
        max_connections: settings.db_max_connections,
        ..ConnectOptions::default()
    };
    let store = store::connect(settings.database_url.expose(), &options).await?;
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
    Ok(store)
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
        let metrics = crate::metrics::handle();
        let settings = Arc::new(settings);
        let store = open_store(&settings).await?;
        let shutdown = CancellationToken::new();
        let writers = if store.backend() == Backend::Sqlite {
            1
        } else {
            4
        };
        let intake = Intake::start(store.clone(), writers);
        let redis = match &settings.redis_url {
            Some(url) => Some(Arc::new(
                RedisHandle::new(url.expose(), settings.redis_prefix.clone())
                    .map_err(|e| anyhow::anyhow!("REDIS_URL: {}", crate::redis::describe(&e)))?,
            )),
            None => None,
        };
        let images = Arc::new(crate::images::ImageClassifier::start(&settings).await?);
        let engine = Arc::new(crate::classify::remote::attach(
            Engine::from_settings(&settings)?.with_images(images),
            &settings.remote,
        )?);
        let policies = Arc::new(Policies::new(store.clone(), settings.policy_cache));
        let waiters = Arc::new(Waiters::default());
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
        let heartbeats = Arc::new(Registry::new(redis.clone()));
        let stats = Arc::new(crate::stats::Recorder::default());
        let mut tasks = Vec::new();
        let (pipeline, pipeline_tasks) = Pipeline::start(
            &settings,
            store.clone(),
            redis.clone(),
            stats.clone(),
            &shutdown,
        )?;
        tasks.extend(pipeline_tasks);
        let workers = if settings.workers > 0 {
            let ctx = Arc::new(WorkerContext {
                store: store.clone(),
                queue: queue.clone(),
                engine: engine.clone(),
                policies: policies.clone(),
                waiters: waiters.clone(),
                max_attempts: settings.max_attempts,
                registry: heartbeats.clone(),
                jobs_done: Default::default(),
                alive: Default::default(),
                feed: pipeline.feed.clone(),
                image_lane: Arc::new(tokio::sync::Semaphore::new(
                    settings.images.workers * crate::worker::IMAGE_LANE_PER_THREAD,
                )),
                stats: stats.clone(),
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
        let keys = Arc::new(KeyVerifier::new(store.clone(), KEY_CACHE_TTL));
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
        let state = AppState {
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
            pipeline,
        };
        if let Some(redis) = &state.redis {
            tasks.push(crate::stats::publish::spawn_publisher(
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

    /// Serves HTTP on `listener` until `signal` resolves, then drains:
    /// in-flight requests finish, workers finish their current job.
    pub async fn serve(
        self,
        listener: TcpListener,
        signal: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let timeout = self.state.settings.shutdown_timeout;
        let app = match self.mode {
            Mode::Serve => crate::http::router(self.state.clone()),
            Mode::Worker => crate::http::worker_router(self.state.clone()),
        };
        let stop = self.shutdown.clone();
        tracing::info!(addr = %listener.local_addr()?, "listening");
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            signal.await;
            tracing::info!("shutting down: finishing in-flight requests and jobs");
            stop.cancel();
        })
        .await?;
        self.stop(timeout).await;
        Ok(())
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

/// Resolves on SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
