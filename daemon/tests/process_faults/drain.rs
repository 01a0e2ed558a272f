//! The drain on SIGTERM, timed on the real binary: `/ready` fails at once,
//! requests are served until the drain ends, then the listener closes, a
//! `Prefer: wait` is cut short with the pending item, and the process exits 0.

use modd_common::{ItemStatus, Role};
use std::time::{Duration, Instant};

use super::count;
use super::harness::{eventually, key, open_store, spawn, submit};

const DRAIN: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_fails_ready_at_once_serves_through_the_drain_then_exits_cleanly() {
    let (_dir, url) = modd_testkit::sqlite_temp().await;
    let store = open_store(&url).await;
    let client = key(&*store, Role::Client).await;
    let mut modd = spawn(
        "serve",
        &[
            ("DATABASE_URL", url.clone()),
            // No workers: the awaited item stays pending, so its wait can
            // only end by being cut short.
            ("MODD_WORKERS", "0".to_owned()),
            ("MODD_MAX_WAIT_SECS", "60".to_owned()),
            ("MODD_SHUTDOWN_DRAIN_SECS", DRAIN.as_secs().to_string()),
            ("MODD_SHUTDOWN_TIMEOUT_SECS", "10".to_owned()),
        ],
    )
    .await;
    assert_eq!(modd.get("/ready", None).await.status(), 200);
    let addr = modd.base.trim_start_matches("http://").to_owned();
    // A new connection per request, as a load balancer's probes and new
    // clients make: what is tested is the listener, not a pooled socket.
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let waiting = {
        let (http, base, key) = (fresh.clone(), modd.base.clone(), client.clone());
        tokio::spawn(async move {
            let res = http
                .post(format!("{base}/api/v1/moderation/analyse"))
                .header("X-API-KEY", key)
                .header("Prefer", "wait=60")
                .json(
                    &serde_json::json!({"external_id": "waits", "text": "hello there",
                    "content_type": "comment", "source_app": "forum"}),
                )
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.unwrap())
        })
    };
    let stored = eventually(Duration::from_secs(10), || async {
        (count(&*store, ItemStatus::Pending).await == 1).then_some(())
    })
    .await;
    assert!(
        stored.is_some(),
        "the waiting request's item was never stored"
    );

    let signalled = Instant::now();
    modd.sigterm().await;
    let ready_failed = eventually(Duration::from_secs(2), || async {
        let res = fresh.get(modd.url("/ready")).send().await.ok()?;
        (res.status() == 503).then_some((signalled.elapsed(), res))
    })
    .await;
    let (ready_failed, res) = ready_failed.expect("/ready turns 503 after SIGTERM");
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["status"], "draining", "{report}");

    // Still serving: a new client's item is accepted during the drain.
    let (status, id) = submit(&fresh, &modd.base, &client, "during-drain").await;
    let accepted_at = signalled.elapsed();
    assert_eq!(status, 200);
    assert!(id.is_some());
    assert!(
        accepted_at < DRAIN,
        "accepted after the drain: {accepted_at:?}"
    );

    let closed = eventually(Duration::from_secs(10), || async {
        tokio::net::TcpStream::connect(&addr)
            .await
            .is_err()
            .then(|| signalled.elapsed())
    })
    .await
    .expect("the listener closes after the drain");
    assert!(
        closed >= DRAIN - Duration::from_millis(100)
            && closed < DRAIN + Duration::from_millis(1500),
        "listener closed after {closed:?}, drain {DRAIN:?}"
    );

    let (status, body) = waiting.await.unwrap();
    let answered = signalled.elapsed();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["status"], "pending",
        "cut short with the pending item: {body}"
    );

    let exit = modd.exit_within(Duration::from_secs(10)).await;
    let exited = signalled.elapsed();
    assert!(exit.success(), "exit status {exit}");
    assert!(
        exited < DRAIN + Duration::from_secs(5),
        "exited after {exited:?}"
    );
    assert_eq!(
        count(&*store, ItemStatus::Pending).await,
        2,
        "both items kept"
    );
    eprintln!(
        "drain timings (MODD_SHUTDOWN_DRAIN_SECS={}): /ready 503 after {ready_failed:?}, \
         last accept at {accepted_at:?}, listener closed after {closed:?}, \
         Prefer: wait answered after {answered:?}, exit 0 after {exited:?}",
        DRAIN.as_secs()
    );
}
