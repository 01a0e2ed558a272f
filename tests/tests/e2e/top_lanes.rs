//! `modctl top --once` with a `viewer` key against two real replicas
//! sharing a database and Redis, one remote provider down: the Providers
//! panel shows the breaker that opened (on one replica of two) and the
//! error ratio, the Images panel the image lane, and the JSON snapshot
//! carries both per replica.

use modd_common::compat::openai::{ModerationInput, ModerationRequest};
use modd_common::{Role, StatsView};
use modd_testkit::{Db, RedisPrefix, TestDaemon, TestDb, eventually};
use std::process::{Command, Output};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

modd_testkit::on_both_backends!(top_shows_providers_and_the_image_lane_to_a_viewer);

fn modctl(base: &str, key: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(args)
        .env("MODCTL_URL", base)
        .env("MODCTL_ADMIN_KEY", key)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run modctl")
}

async fn top_shows_providers_and_the_image_lane_to_a_viewer(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(redis) = RedisPrefix::new() else {
        return;
    };
    let down = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&down)
        .await;
    let base = format!("{}/v1", down.uri());
    let mut settings = redis.settings().to_vec();
    settings.extend([
        ("MODD_OPENAI_BASE_URL", base.as_str()),
        ("MODD_REMOTE_RETRIES", "0"),
        ("MODD_REMOTE_BREAKER_FAILURES", "2"),
        ("MODD_REMOTE_BREAKER_COOLDOWN_SECS", "600"),
        ("MODD_WORKERS", "0"),
    ]);
    let (a, b) = TestDaemon::pair(&db, &settings).await;
    let client = a.key(Role::Client, &[]).await;
    // Three calls through replica A: two failures open its breaker, the
    // third fails fast. B never calls out: its breaker stays closed.
    for _ in 0..3 {
        let req = ModerationRequest::new(ModerationInput::Text("hello there".into()));
        a.client(Some(&client))
            .openai_moderations(&req)
            .await
            .unwrap();
    }
    let viewer = a.key(Role::Viewer, &[]).await;
    let url = a.base.clone();
    // B publishes its snapshot every second: wait until A's answer has both.
    let json = eventually(Duration::from_secs(15), || {
        let (url, viewer) = (url.clone(), viewer.clone());
        async move {
            let out = tokio::task::spawn_blocking(move || {
                modctl(&url, &viewer, &["top", "--once", "--json"])
            })
            .await
            .ok()?;
            assert!(out.status.success(), "{out:?}");
            let stats: StatsView = serde_json::from_slice(&out.stdout).ok()?;
            (stats.replicas.len() == 2).then_some(stats)
        }
    })
    .await
    .expect("both replicas in the snapshot");
    let breakers: Vec<(&str, u64, u64)> = json
        .replicas
        .iter()
        .map(|r| {
            let p = r.providers.first().expect("openai on every replica");
            assert_eq!(p.name, "openai");
            (p.breaker.as_str(), p.calls, p.errors)
        })
        .collect();
    assert!(breakers.contains(&("open", 3, 3)), "{breakers:?}");
    assert!(breakers.contains(&("closed", 0, 0)), "{breakers:?}");
    assert!(json.replicas.iter().all(|r| r.images.is_some()));
    assert_eq!(down.received_requests().await.unwrap().len(), 2);

    let screen = tokio::task::spawn_blocking(move || {
        modctl(&url, &viewer, &["top", "--once", "--interval", "300ms"])
    })
    .await
    .unwrap();
    assert!(screen.status.success(), "{screen:?}");
    let text = String::from_utf8_lossy(&screen.stdout);
    for panel in ["Providers", "Images", "Queue", "Resources"] {
        assert!(text.contains(panel), "{panel} missing:\n{text}");
    }
    let openai = text
        .lines()
        .find(|l| l.contains("│openai"))
        .unwrap_or_else(|| panic!("no openai line:\n{text}"));
    assert!(openai.contains("open 1/2!"), "{openai}");
    assert!(text.contains("busy 0/"), "{text}");
    a.shutdown().await;
    b.shutdown().await;
}
