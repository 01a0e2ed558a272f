//! PostgreSQL restarted (`pg_ctl restart -m fast`) while eight writers
//! submit: no request may answer 500, a 503 carries `Retry-After`, and
//! every item that got a 200 is in the database.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use modd_common::Role;

use super::harness::{key, open_store, spawn};
use super::postgres::PgCluster;
use modd_testkit::ModdProcess;

const WRITERS: usize = 8;
/// Per writer, at most; the run also stops at `RUN_FOR`.
const PER_WRITER: usize = 2_000;
const RUN_FOR: Duration = Duration::from_secs(20);

/// One writer's answers: `(status, external_id, has Retry-After)`.
type Answers = Vec<(u16, String, bool)>;

async fn write(
    api: Arc<ModdProcess>,
    key: String,
    writer: usize,
    done: Arc<AtomicBool>,
) -> Answers {
    let started = Instant::now();
    let mut answers = Vec::new();
    for i in 0..PER_WRITER {
        if done.load(Ordering::Relaxed) || started.elapsed() > RUN_FOR {
            break;
        }
        let external_id = format!("w{writer}-{i}");
        let res = api
            .http
            .post(api.url("/api/v1/moderation/analyse"))
            .header("X-API-KEY", &key)
            .json(&serde_json::json!({
                "external_id": external_id, "text": "a perfectly fine comment",
                "content_type": "comment", "source_app": "forum"
            }))
            .send()
            .await;
        let (status, retry_after) = match res {
            Ok(r) => (r.status().as_u16(), r.headers().contains_key("retry-after")),
            Err(_) => (0, false),
        };
        answers.push((status, external_id, retry_after));
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_under_load_answers_no_500_and_loses_nothing() {
    if std::env::var_os("TEST_DATABASE_URL").is_none() && !modd_testkit::services_required() {
        return; // no PostgreSQL wanted in this run
    }
    let cluster = PgCluster::start();
    let url = cluster.url();
    let store = open_store(&url).await;
    let client = key(&*store, Role::Client).await;
    let api = Arc::new(
        spawn(
            "serve",
            &[
                ("DATABASE_URL", url.clone()),
                // Intake only: the restart is about accepting items.
                ("MODD_WORKERS", "0".to_owned()),
            ],
        )
        .await,
    );
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| tokio::spawn(write(api.clone(), client.clone(), w, done.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.restart_fast();
        cluster
    })
    .await
    .unwrap();
    // Let the writers run on the restarted server for a while.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let still_writing = writers.iter().all(|w| !w.is_finished());
    done.store(true, Ordering::Relaxed);
    let mut answers = Vec::new();
    for w in writers {
        answers.extend(w.await.unwrap());
    }
    assert!(still_writing, "the load ended before the restart did");

    let count = |s: u16| answers.iter().filter(|a| a.0 == s).count();
    eprintln!(
        "{} requests: {} ok, {} unavailable, {} other",
        answers.len(),
        count(200),
        count(503),
        answers.len() - count(200) - count(503)
    );
    let unexpected: Vec<_> = answers
        .iter()
        .filter(|(s, _, _)| !matches!(s, 200 | 503))
        .collect();
    assert!(unexpected.is_empty(), "not 200 or 503: {unexpected:?}");
    assert!(
        answers.iter().all(|(s, _, retry)| *s != 503 || *retry),
        "a 503 without Retry-After"
    );

    // Every accepted item is stored.
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let stored: HashSet<String> = sqlx::query_scalar("SELECT external_id FROM content_items")
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<&String> = answers
        .iter()
        .filter(|(s, id, _)| *s == 200 && !stored.contains(id))
        .map(|(_, id, _)| id)
        .collect();
    assert!(lost.is_empty(), "accepted but not stored: {lost:?}");
    drop(api);
    drop(cluster);
}
