//! What the fault tests add to the test kit: this crate's `modd` binary,
//! keys without a rate limit in the way, and a submit that reports the
//! status code (0 for a refused connection) rather than failing, since
//! which answers a client sees under faults is the point.

use modd_common::Role;
use modd_testkit::{KeySpec, ModdProcess, insert_key};

pub use modd_testkit::{RedisServer, eventually, open_store};

/// `modd <command>` (the binary Cargo built for these tests) with `env`;
/// returns once `/health` answers.
pub async fn spawn(command: &str, env: &[(&str, String)]) -> ModdProcess {
    ModdProcess::spawn(env!("CARGO_BIN_EXE_modd"), command, env).await
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
