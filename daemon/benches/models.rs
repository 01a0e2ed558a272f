//! Throughput and latency of the embedded models, on the same strings
//! `tools/export-models/bench_python.py` feeds the original packages:
//! the golden corpus's short texts (<= 280 chars) and its 64 KiB text; the
//! Russian model on the short Russian lines of its own golden corpus, with
//! the profanity model on the same texts as the in-run reference; the
//! French n-gram heads on the labelled set's French lines, with the same
//! reference.
//! Run: `cargo bench -p modd --bench models`. Percentiles and memory are
//! printed to stderr, criterion's own estimates to stdout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use modd::classify::models::{HateSonarModel, ProfanityModel, RuToxicityModel};
use modd::classify::ngram_heads;
use modd::classify::words::Words;

const SHORT_MAX_CHARS: usize = 280;

fn corpus() -> (Vec<String>, String) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl");
    let data = std::fs::read_to_string(path).expect("golden file");
    let texts: Vec<String> = data
        .lines()
        .skip(1) // metadata
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

/// The short texts of the Russian golden corpus that are mostly Cyrillic
/// (what the engine hands the Russian model).
fn russian_corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/golden/toxicity-ru.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("golden file");
    data.lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("record");
            v["text"].as_str().expect("text").to_owned()
        })
        .filter(|t| {
            let n = t.chars().count();
            let cyrillic = t.chars().filter(|c| ('а'..='я').contains(c)).count();
            n <= SHORT_MAX_CHARS && cyrillic * 2 > n
        })
        .collect()
}

/// The French lines of the labelled set (what the French heads are given).
fn french_corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/eval/fr.jsonl");
    let data = std::fs::read_to_string(path).expect("labelled French lines");
    data.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("record");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect()
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn report_memory() {
    let before = rss_kib();
    let t = Instant::now();
    let p = ProfanityModel::embedded();
    let t_p = t.elapsed();
    let mid = rss_kib();
    let t = Instant::now();
    let h = HateSonarModel::embedded();
    let t_h = t.elapsed();
    let after = rss_kib();
    let r = RuToxicityModel::embedded();
    let ru = rss_kib();
    eprintln!(
        "memory: toxicity-ru heap ~{} KiB, RSS +{} KiB",
        r.heap_bytes() / 1024,
        ru - after
    );
    let heads: usize = ["deu", "fra", "por", "rus", "spa"]
        .into_iter()
        .filter_map(ngram_heads::embedded)
        .map(|m| m.heap_bytes())
        .sum();
    eprintln!(
        "memory: the five n-gram heads heap ~{} KiB, RSS +{} KiB",
        heads / 1024,
        rss_kib() - ru
    );
    eprintln!(
        "memory: profanity heap ~{} KiB, RSS +{} KiB, load {t_p:?}; hatesonar heap ~{} KiB, RSS +{} KiB, load {t_h:?}",
        p.heap_bytes() / 1024,
        mid - before,
        h.heap_bytes() / 1024,
        after - mid,
    );
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
        at(0.50),
        at(0.99),
        times[runs - 1]
    );
}

fn bench(c: &mut Criterion) {
    report_memory();
    let (short, long) = corpus();
    let prof = ProfanityModel::embedded();
    let sonar = HateSonarModel::embedded();

    let mut g = c.benchmark_group("short");
    g.throughput(Throughput::Elements(short.len() as u64));
    g.bench_function("profanity", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| prof.predict(black_box(t)))
                .sum::<f64>()
        })
    });
    g.bench_function("hatesonar", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| sonar.predict(black_box(t)).neither)
                .sum::<f32>()
        })
    });
    g.bench_function("both", |b| {
        b.iter(|| {
            short
                .iter()
                .map(|t| {
                    prof.predict(black_box(t)) + f64::from(sonar.predict(black_box(t)).neither)
                })
                .sum::<f64>()
        })
    });
    g.finish();

    let russian = russian_corpus();
    let ru = RuToxicityModel::embedded();
    let mut g = c.benchmark_group("short-ru");
    g.throughput(Throughput::Elements(russian.len() as u64));
    g.bench_function("toxicity-ru", |b| {
        b.iter(|| {
            russian
                .iter()
                .map(|t| ru.predict(black_box(t)))
                .sum::<f64>()
        })
    });
    g.bench_function("profanity", |b| {
        b.iter(|| {
            russian
                .iter()
                .map(|t| prof.predict(black_box(t)))
                .sum::<f64>()
        })
    });
    g.finish();

    let french = french_corpus();
    let fra = ngram_heads::embedded("fra").expect("French heads");
    let mut g = c.benchmark_group("short-fr");
    g.throughput(Throughput::Elements(french.len() as u64));
    g.bench_function("ngram-heads-fra", |b| {
        b.iter(|| {
            french
                .iter()
                .map(|t| fra.scores(&Words::of(black_box(t)))[0])
                .sum::<f64>()
        })
    });
    g.bench_function("profanity", |b| {
        b.iter(|| {
            french
                .iter()
                .map(|t| prof.predict(black_box(t)))
                .sum::<f64>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("64KiB");
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("profanity", |b| b.iter(|| prof.predict(black_box(&long))));
    g.bench_function("hatesonar", |b| b.iter(|| sonar.predict(black_box(&long))));
    g.bench_function("both", |b| {
        b.iter(|| {
            (
                prof.predict(black_box(&long)),
                sonar.predict(black_box(&long)),
            )
        })
    });
    g.finish();

    // Criterion reports means; tail latency is what a request sees.
    percentiles("64KiB both", 2000, || {
        black_box((prof.predict(&long), sonar.predict(&long)));
    });
    let mut i = 0;
    percentiles("short both (one text)", 200_000, || {
        let t = &short[i % short.len()];
        i += 1;
        black_box((prof.predict(t), sonar.predict(t)));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
