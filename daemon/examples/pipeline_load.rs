//! Load driver for the pipeline figures: submits items over HTTP to a
//! running `modd serve`, waits until workers have decided all of them, and
//! reads the timings back from the database, where both ends are recorded:
//! `content_items.created_at` (set when the API accepts) and
//! `decisions.decided_at` (set when a worker stores the decision).
//!
//! ```sh
//! cargo run --release -p modd --example pipeline_load -- \
//!     --url http://127.0.0.1:8000 --key "$KEY" --database-url "$DATABASE_URL" \
//!     --items 20000 --concurrency 64            # as fast as possible
//! cargo run --release -p modd --example pipeline_load -- ... --rate 500 --seconds 20
//! cargo run --release -p modd --example pipeline_load -- ... --accept-only   # no decisions awaited
//! ```
//!
//! `--database-url` may name PostgreSQL or a SQLite file (the embedded
//! default; read while `modd` runs, which WAL allows); the timings come from
//! the store's `decision_timings`, as `modctl bench --decisions-from-database`.
//!
//! Prints one JSON line: items, accept rate, end-to-end items/s (first
//! accept to last stored decision) and accept-to-decision p50/p90/p99/max.
//! With `--accept-only` it prints the accept figures alone and reads
//! nothing back: for a `modd` that runs no workers (`MODD_WORKERS=0`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Args {
    url: String,
    key: String,
    database_url: String,
    items: usize,
    concurrency: usize,
    /// Items per second; 0 = as fast as the API takes them.
    rate: f64,
    /// Measure intake only: do not wait for decisions.
    accept_only: bool,
}

fn parse() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:8000".into(),
        key: String::new(),
        database_url: String::new(),
        items: 10_000,
        concurrency: 64,
        rate: 0.0,
        accept_only: false,
    };
    let mut seconds = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--accept-only" {
            args.accept_only = true;
            continue;
        }
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => args.url = value,
            "--key" => args.key = value,
            "--database-url" => args.database_url = value,
            "--items" => args.items = value.parse().expect("--items N"),
            "--concurrency" => args.concurrency = value.parse().expect("--concurrency N"),
            "--rate" => args.rate = value.parse().expect("--rate N"),
            "--seconds" => seconds = Some(value.parse::<f64>().expect("--seconds N")),
            other => panic!("unknown flag {other}"),
        }
    }
    if let Some(s) = seconds {
        args.items = (args.rate * s) as usize;
    }
    assert!(
        !args.key.is_empty() && !args.database_url.is_empty(),
        "--key and --database-url are required"
    );
    args
}

#[tokio::main]
async fn main() {
    let args = parse();
    let run = format!("load-{}", uuid::Uuid::new_v4().simple());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let (http, next, failed, run) = (http.clone(), next.clone(), failed.clone(), run.clone());
        let url = format!("{}/api/v1/moderation/analyse", args.url);
        let (key, rate, total) = (args.key.clone(), args.rate, args.items);
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return;
                }
                if rate > 0.0 {
                    // Open loop: item i is due at i / rate, whatever the latency.
                    let due = start + Duration::from_secs_f64(i as f64 / rate);
                    tokio::time::sleep_until(due.into()).await;
                }
                let body = serde_json::json!({
                    "external_id": format!("{run}-{i}"),
                    "text": "thanks for the write-up, this was really helpful",
                    "content_type": "comment", "source_app": run,
                });
                let ok = http
                    .post(&url)
                    .header("X-API-KEY", &key)
                    .json(&body)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                if !ok {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let accept_secs = start.elapsed().as_secs_f64();
    let accepted = args.items - failed.load(Ordering::Relaxed);
    let accept_per_sec = (accepted as f64 / accept_secs).round();
    if args.accept_only {
        let report = serde_json::json!({"items": args.items, "accepted": accepted, "accept_per_sec": accept_per_sec});
        println!("{report}");
        return;
    }

    let (latencies, span) = timings(&args.database_url, &run).await;
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p).round() as usize)
            .map_or(0.0, |s| s * 1000.0)
    };
    println!(
        "{}",
        serde_json::json!({
            "items": args.items, "accepted": accepted, "decided": latencies.len(),
            "target_rate": args.rate,
            "accept_per_sec": accept_per_sec,
            "end_to_end_per_sec": (latencies.len() as f64 / span).round(),
            "latency_ms": {"p50": pct(0.50), "p90": pct(0.90), "p99": pct(0.99), "max": pct(1.0)},
        })
    );
}

/// Accept-to-decision seconds of every decided item of `run` (its own
/// `source_app`), sorted, and the span from its first accept to its last
/// decision; waits (up to ten minutes) until none of its items is pending.
async fn timings(database_url: &str, run: &str) -> (Vec<f64>, f64) {
    let store = modd::store::connect(database_url, &modd::store::ConnectOptions::default())
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let t = store.decision_timings(run, 0, i64::MAX).await.unwrap();
        if t.pending == 0 || Instant::now() > deadline {
            let span = match (t.first_accept, t.last_decision) {
                (Some(a), Some(b)) => (b - a).num_microseconds().unwrap_or(0) as f64 / 1e6,
                _ => 0.0,
            };
            return (t.latencies_ms.iter().map(|ms| ms / 1000.0).collect(), span);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
