//! `GET /api/v1/admin/facts`: the facts `modctl verify` judges a deployment
//! by (configuration, database catalogs, Redis settings, queue retries).
//! Facts only: the secret key appears as a strength verdict and no URL,
//! password or key value is ever part of the answer.

use axum::extract::State;
use modd_common::{
    DbFactsView, ErrorBody, FactsView, ImageFactsView, QueueFactsView, RedisFactsView,
    ServingFactsView,
};
use std::time::{Duration, Instant};

use crate::http::auth::Observer;
use crate::http::error::ApiError;
use crate::settings::{Environment, secret_key_weakness};
use crate::state::AppState;

/// How long any one Redis question may take: a slow Redis must not hang verify.
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// Configuration and dependency facts for `modctl verify` (never secret values).
#[utoipa::path(get, path = "/api/v1/admin/facts", tag = "admin", security(("api_key" = [])),
    responses((status = 200, body = FactsView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn facts(
    State(state): State<AppState>,
    _observer: Observer,
) -> Result<axum::Json<FactsView>, ApiError> {
    let s = &state.settings;
    let weakness = secret_key_weakness(s.secret_key.expose());
    // A schema newer than this binary (a rolling deploy) has nothing
    // pending for it, and its migration list would name versions this
    // binary does not know, which the store refuses to list.
    let pending_migrations = match state.schema {
        crate::serve::schema_skew::Skew::NewerCompatible { .. } => 0,
        crate::serve::schema_skew::Skew::Known => state
            .store
            .migration_status()
            .await?
            .iter()
            .filter(|m| m.applied_at.is_none())
            .count(),
    };
    let catalog = state.store.catalog_facts().await?;
    let pool = state.store.pool_stats();
    let redis = match (&state.redis, &s.redis_url) {
        (Some(handle), Some(url)) => Some(redis_facts(handle, url.expose()).await),
        _ => None,
    };
    Ok(axum::Json(FactsView {
        environment: match s.env {
            Environment::Development => "development",
            Environment::Production => "production",
        }
        .into(),
        log_level: s.log_level.clone(),
        secret_key_strong: weakness.is_none(),
        secret_key_weakness: weakness,
        cors_origins: s.cors_origins.clone(),
        database: DbFactsView {
            backend: state.store.backend().as_str().into(),
            pending_migrations,
            pool_max: pool.max,
            pool_size: pool.size,
            superuser: catalog.superuser,
            unindexed_foreign_keys: catalog.unindexed_foreign_keys,
            archive_mode: catalog.archive_mode,
        },
        redis,
        queue: QueueFactsView {
            kind: state.queue.kind().into(),
            max_attempts: s.max_attempts,
            workers_configured: state.worker_count,
        },
        images: image_facts(&state),
        serving: ServingFactsView {
            tls: s.serving.tls.is_some(),
            trusted_proxies: s.serving.trusted_proxies.ranges().len(),
            drain_secs: s.serving.drain.as_secs(),
        },
    }))
}

fn image_facts(state: &AppState) -> ImageFactsView {
    match state.engine.images() {
        Some(images) => {
            let s = images.status();
            ImageFactsView {
                model_loaded: s.loaded,
                model_version: s.version.map(str::to_owned),
                model_error: s.error.clone(),
                workers: s.workers,
            }
        }
        None => ImageFactsView::default(),
    }
}

async fn redis_facts(handle: &crate::redis::RedisHandle, url: &str) -> RedisFactsView {
    let mut view = RedisFactsView {
        reachable: false,
        error: None,
        ping_ms: None,
        aof_enabled: None,
        rdb_save: None,
        maxmemory_policy: None,
        auth_required: None,
        used_memory_bytes: None,
        maxmemory_bytes: None,
    };
    let mut conn = match tokio::time::timeout(REDIS_TIMEOUT, handle.conn()).await {
        Ok(Ok(conn)) => conn,
        Ok(Err(e)) => {
            view.error = Some(format!("unreachable: {}", crate::redis::describe(&e)));
            return view;
        }
        Err(_) => {
            view.error = Some("no connection within 2 s".into());
            return view;
        }
    };
    let start = Instant::now();
    let ping_cmd = redis::cmd("PING");
    let ping = ping_cmd.query_async::<String>(&mut conn);
    match tokio::time::timeout(REDIS_TIMEOUT, ping).await {
        Ok(Ok(_)) => {
            view.reachable = true;
            view.ping_ms = Some(start.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(Err(e)) => {
            view.error = Some(format!("PING failed: {}", crate::redis::describe(&e)));
            return view;
        }
        Err(_) => {
            view.error = Some("no PING answer within 2 s".into());
            return view;
        }
    }
    // CONFIG may be renamed away on managed Redis: then the fact is unknown.
    view.aof_enabled = config_get(&mut conn, "appendonly")
        .await
        .map(|v| v == "yes");
    view.rdb_save = config_get(&mut conn, "save").await;
    view.maxmemory_policy = config_get(&mut conn, "maxmemory-policy").await;
    let info = handle.info(&mut conn, "memory");
    if let Ok(Ok(infos)) = tokio::time::timeout(REDIS_TIMEOUT, info).await {
        view.used_memory_bytes = crate::redis::info_total(&infos, "used_memory");
        view.maxmemory_bytes = crate::redis::info_total(&infos, "maxmemory");
    }
    // On a cluster, the first seed speaks for the nodes' shared settings.
    if let Ok(target) = crate::redis::Target::parse(url) {
        view.auth_required = auth_required(target.first_url()).await;
    }
    view
}

async fn config_get(conn: &mut crate::redis::RedisConn, name: &str) -> Option<String> {
    let mut cmd = redis::cmd("CONFIG");
    cmd.arg("GET").arg(name);
    let q = cmd.query_async::<Vec<String>>(conn);
    match tokio::time::timeout(REDIS_TIMEOUT, q).await {
        Ok(Ok(pair)) => pair.into_iter().nth(1),
        _ => None,
    }
}

/// Connects to the same host and port without credentials: NOAUTH (or
/// WRONGPASS) means the server requires authentication.
async fn auth_required(url: &str) -> Option<bool> {
    let mut anon = url::Url::parse(url).ok()?;
    anon.set_username("").ok()?;
    anon.set_password(None).ok()?;
    let client = redis::Client::open(anon.as_str()).ok()?;
    let attempt = async {
        let mut conn = client.get_multiplexed_async_connection().await?;
        redis::cmd("PING").query_async::<String>(&mut conn).await
    };
    match tokio::time::timeout(REDIS_TIMEOUT, attempt).await {
        Ok(Ok(_)) => Some(false),
        Ok(Err(e)) if matches!(e.code(), Some("NOAUTH" | "WRONGPASS")) => Some(true),
        Ok(Err(e)) if e.to_string().contains("NOAUTH") => Some(true),
        _ => None,
    }
}
