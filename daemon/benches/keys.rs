//! Hot paths of every API request: verifying a (cached) key and one rate
//! limiter check, in-process and through Redis.
//! Run: `TEST_REDIS_URL=redis://127.0.0.1:6379 cargo bench -p modd --bench keys`.
//! Criterion's estimates go to stdout; p50/p99 of single operations and
//! ops/s (one caller, and many concurrent callers) to stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use modd::auth::KeyVerifier;
use modd::ratelimit::{LocalLimiter, Quota, RateLimiter, RedisLimiter};
use modd::redis::RedisHandle;
use modd::store::{ConnectOptions, NewKey};
use modd_common::{ApiKey, KeyEnvironment, Role};
use tokio::runtime::Runtime;

/// A quota no bench exhausts: the admitted path is measured.
const OPEN: Quota = Quota {
    interval: Duration::from_micros(1),
    burst: 1_000_000,
};

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    let total: Duration = samples.iter().sum();
    eprintln!(
        "{name}: p50 {:?}, p99 {:?}, {:.0} ops/s one caller ({} samples)",
        at(0.50),
        at(0.99),
        samples.len() as f64 / total.as_secs_f64(),
        samples.len()
    );
}

/// Many concurrent callers on the runtime: total operations per second.
fn concurrent<F, Fut>(rt: &Runtime, name: &str, callers: usize, each: usize, f: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let start = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..callers)
            .map(|_| {
                let f = f.clone();
                tokio::spawn(async move {
                    for _ in 0..each {
                        f().await;
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
    });
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{name}: {:.0} ops/s with {callers} concurrent callers",
        (callers * each) as f64 / secs
    );
}

fn verifier(rt: &Runtime) -> (Arc<KeyVerifier>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/modd.db", dir.path().display());
    let key = ApiKey::generate(KeyEnvironment::Live);
    let verifier = rt.block_on(async {
        let store = modd::store::connect(&url, &ConnectOptions::default())
            .await
            .unwrap();
        store.migrate_up(None).await.unwrap();
        store
            .insert_key(&NewKey {
                name: "bench".into(),
                role: Role::Client,
                key_hash: key.hash().to_vec(),
                prefix: key.display_prefix().into(),
                source_apps: vec![],
                rate_limit: None,
                created_by: None,
                created_at: Utc::now(),
                // Used "now": the background touch stays out of the loop.
                expires_at: None,
                person: None,
                max_age_secs: None,
            })
            .await
            .unwrap();
        // An hour's TTL: this measures the cached path only (in production
        // one lookup per key per second goes to the database).
        let v = Arc::new(KeyVerifier::new(store, Duration::from_secs(3600)));
        v.verify(Some(key.expose_secret())).await.unwrap();
        v
    });
    (verifier, key.expose_secret().to_owned(), dir)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // --- key verification (cached) ---
    let (v, key, _dir) = verifier(&rt);
    c.bench_function("verify_cached_key", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(v.verify(Some(black_box(&key))).await.unwrap()) })
    });
    let samples = rt.block_on(async {
        let mut s = Vec::with_capacity(200_000);
        for _ in 0..200_000 {
            let t = Instant::now();
            black_box(v.verify(Some(&key)).await.unwrap());
            s.push(t.elapsed());
        }
        s
    });
    percentiles("verify_cached_key", samples);
    {
        let (v, key) = (v.clone(), key.clone());
        concurrent(&rt, "verify_cached_key", 64, 20_000, move || {
            let (v, key) = (v.clone(), key.clone());
            async move {
                black_box(v.verify(Some(&key)).await.unwrap());
            }
        });
    }

    // --- in-process limiter ---
    let local = Arc::new(LocalLimiter::new());
    c.bench_function("limiter_check_in_process", |b| {
        b.iter(|| black_box(local.check_now(black_box("key:1"), OPEN)))
    });
    let mut samples = Vec::with_capacity(1_000_000);
    for i in 0..1_000_000u32 {
        let bucket = if i % 2 == 0 { "key:1" } else { "key:2" };
        let t = Instant::now();
        black_box(local.check_now(bucket, OPEN));
        samples.push(t.elapsed());
    }
    percentiles("limiter_check_in_process", samples);
    {
        let local = local.clone();
        concurrent(&rt, "limiter_check_in_process", 64, 50_000, move || {
            let local = local.clone();
            async move {
                black_box(local.check("key:1", OPEN).await.unwrap());
            }
        });
    }

    // --- Redis limiter ---
    let Ok(url) = std::env::var("TEST_REDIS_URL") else {
        eprintln!("TEST_REDIS_URL unset: Redis limiter not measured");
        return;
    };
    let prefix = format!("bench:{}:", uuid::Uuid::new_v4().simple());
    let redis = Arc::new(RedisHandle::new(&url, prefix.clone()).unwrap());
    let limiter = Arc::new(RedisLimiter::new(redis.clone()));
    rt.block_on(limiter.check("key:1", OPEN)).unwrap();
    c.bench_function("limiter_check_redis", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(limiter.check("key:1", OPEN).await.unwrap()) })
    });
    let samples = rt.block_on(async {
        let mut s = Vec::with_capacity(20_000);
        for _ in 0..20_000 {
            let t = Instant::now();
            black_box(limiter.check("key:1", OPEN).await.unwrap());
            s.push(t.elapsed());
        }
        s
    });
    percentiles("limiter_check_redis", samples);
    for callers in [16, 64] {
        let limiter = limiter.clone();
        concurrent(&rt, "limiter_check_redis", callers, 5_000, move || {
            let limiter = limiter.clone();
            async move {
                black_box(limiter.check("key:1", OPEN).await.unwrap());
            }
        });
    }
    rt.block_on(async {
        let mut conn = redis.conn().await.unwrap();
        let _: i64 = redis::cmd("DEL")
            .arg(limiter.key("key:1"))
            .query_async(&mut conn)
            .await
            .unwrap();
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
