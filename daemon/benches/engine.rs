//! The whole local engine (language detection, both ported models, the PII
//! and spam detectors, mapping into the taxonomy) on the same strings as
//! `benches/models.rs`: the golden corpus's short texts and its 64 KiB
//! text. Also each stage alone, tail latency, and a policy decision.
//! Run: `cargo bench -p modd --bench engine`. Percentiles go to stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use modd::classify::detect::{PiiDetector, SpamDetector};
use modd::classify::language::LanguageDetector;
use modd::classify::normalize::normalize;
use modd::classify::{Classifier, ClassifyOptions, Content, Engine};
use modd::policy::Policy;

const SHORT_MAX_CHARS: usize = 280;

fn corpus() -> (Vec<String>, String) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl");
    let data = std::fs::read_to_string(path).expect("golden file");
    let texts: Vec<String> = data
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("record");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect();
    let long = texts
        .iter()
        .find(|t| t.len() == 64 * 1024)
        .expect("64 KiB text")
        .clone();
    let short = texts
        .into_iter()
        .filter(|t| t.chars().count() <= SHORT_MAX_CHARS)
        .collect();
    (short, long)
}

fn content(t: &str) -> Content<'_> {
    Content {
        text: Some(t),
        image_url: None,
    }
}

fn percentiles(name: &str, runs: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort_unstable();
    let at = |q: f64| times[((runs as f64 * q) as usize).min(runs - 1)];
    eprintln!(
        "{name}: p50 {:?} p99 {:?} max {:?} ({runs} runs)",
        at(0.5),
        at(0.99),
        times[runs - 1]
    );
}

fn bench(c: &mut Criterion) {
    let (short, long) = corpus();
    let engine = Engine::builtin();
    let opts = ClassifyOptions::default();
    let policy = Policy::builtin("bench");
    // Warm the lazily loaded models outside the measurements.
    black_box(engine.classify_local(&content("warm up"), opts));

    let mut g = c.benchmark_group("engine-short");
    g.throughput(Throughput::Elements(short.len() as u64));
    g.bench_function("whole engine", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| {
                    engine
                        .classify_local(&content(black_box(t)), opts)
                        .runs
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("whole engine + policy", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| {
                    let c = engine.classify_local(&content(black_box(t)), opts);
                    policy.decide(&c, "comment").verdict as usize
                })
                .sum::<usize>()
        })
    });
    // The stages one by one: normalisation, then language detection on
    // its folded form, then the fast stage on both, prepared beforehand.
    g.bench_function("normalisation", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| normalize(black_box(t)).folded.text().len())
                .sum::<usize>()
        })
    });
    let normalized: Vec<_> = short.iter().map(|t| normalize(t)).collect();
    let languages: Vec<_> = normalized
        .iter()
        .map(|n| engine.detect_language(n))
        .collect();
    g.bench_function("fast stage", |b| {
        b.iter(|| {
            short
                .iter()
                .zip(&normalized)
                .zip(&languages)
                .map(|((t, n), l)| {
                    engine
                        .fast_stage(&content(black_box(t)), Some(n), Some(l.clone()), opts)
                        .runs
                        .len()
                })
                .sum::<usize>()
        })
    });
    let lang = LanguageDetector::default();
    g.bench_function("language", |b| {
        b.iter(|| {
            short
                .iter()
                .filter(|t| lang.detect(black_box(t)).covered)
                .count()
        })
    });
    g.bench_function("pii", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| {
                    PiiDetector
                        .classify(&content(black_box(t)))
                        .unwrap()
                        .scores
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("spam", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| {
                    SpamDetector
                        .classify(&content(black_box(t)))
                        .unwrap()
                        .scores
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("engine-64KiB");
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("whole engine", |b| {
        b.iter(|| engine.classify_local(&content(black_box(&long)), opts))
    });
    g.finish();

    percentiles("engine 64KiB", 2000, || {
        black_box(engine.classify_local(&content(&long), opts));
    });
    let mut i = 0;
    percentiles("engine short (one text)", 200_000, || {
        let t = &short[i % short.len()];
        i += 1;
        black_box(engine.classify_local(&content(t), opts));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
