//! What the fault tests add to the test kit: this crate's `modd` binary,
//! the settings every process of one deployment shares, keys without a rate
//! limit in the way, and a submit that reports the status code (0 for a
//! refused connection) rather than failing, since which answers a client
//! sees under faults is the point.

use modd_common::Role;
use modd_testkit::{KeySpec, ModdProcess, RedisPrefix, insert_key};

pub use modd_testkit::{RedisServer, eventually, open_store};

/// One setting for a `modd` process.
pub type Env = Vec<(&'static str, String)>;

/// `modd <command>` (the binary Cargo built for these tests) with `env`;
/// returns once `/health` answers.
pub async fn spawn(command: &str, env: &[(&str, String)]) -> ModdProcess {
    ModdProcess::spawn(env!("CARGO_BIN_EXE_modd"), command, env).await
}

/// The settings every process of a deployment on the database at `db` and
/// the Redis (server or cluster) of `redis` shares, with `workers` workers
/// per process and a short visibility timeout (a job held by a dead worker
/// comes back within seconds), then `extra`.
pub fn deployment_env(
    db: &str,
    redis: &RedisPrefix,
    workers: usize,
    extra: &[(&'static str, &str)],
) -> Env {
    let mut env = vec![
        ("DATABASE_URL", db.to_owned()),
        ("REDIS_URL", redis.url.clone()),
        ("MODD_REDIS_PREFIX", redis.prefix.clone()),
        ("MODD_QUEUE_VISIBILITY_SECS", "3".to_owned()),
        ("MODD_WORKERS", workers.to_string()),
    ];
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    env
}

/// `env` for an API replica of that deployment: no workers of its own, as
/// the deployment docs run `modd serve` beside `modd worker`.
pub fn api_only(env: &[(&'static str, String)]) -> Env {
    let mut env = env.to_vec();
    env.push(("MODD_WORKERS", "0".to_owned()));
    env
}

/// Creates a key straight in the store, as `modctl keys create` does.
pub async fn key(store: &dyn modd::store::Store, role: Role) -> String {
    let spec = KeySpec {
        role,
        rate_limit: Some(modd_testkit::daemon::LIFTED_RATE_LIMIT),
        ..KeySpec::default()
    };
    insert_key(store, spec).await.1
}

/// Submits one item; returns the HTTP status and the id when accepted.
pub async fn submit(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    external_id: &str,
) -> (u16, Option<i64>) {
    let res = http
        .post(format!("{base}/api/v1/moderation/analyse"))
        .header("X-API-KEY", key)
        .json(&serde_json::json!({
            "external_id": external_id, "text": "a perfectly fine comment",
            "content_type": "comment", "source_app": "forum"
        }))
        .send()
        .await;
    match res {
        Ok(res) => {
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            (status, body["id"].as_i64())
        }
        Err(_) => (0, None),
    }
}

/// The sum of `metric` over `processes` (e.g. decisions over every worker).
pub async fn metric_total(processes: &[&ModdProcess], metric: &str) -> f64 {
    let mut total = 0.0;
    for p in processes {
        total += p.metric_sum(metric).await;
    }
    total
}
