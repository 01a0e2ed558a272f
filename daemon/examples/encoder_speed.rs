//! Texts per second of the sentence encoder on one thread, and where the
//! time goes. Runs the model `modd` loads (`MiniLm::load` from
//! `MODD_ENCODER_DIR`, default `data/models`) on a short text and a
//! 17-word sentence, one text per run and in batches of 8, 16 and 32.
//! `PROFILE=<width>` instead times every node of the plan for one text of
//! that many tokens and prints the totals per operator. `REFERENCE=1`
//! also times the file as tract loads it without `modd`'s graph rewrite
//! (how the stage ran before), in the same process.
//!
//! `taskset -c 1 cargo run --release -p modd --example encoder_speed`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use modd::classify::encoder::heads::Heads;
use modd::classify::encoder::model::{MODEL_FILE, MiniLm};
use tract_onnx::prelude::*;

const SHORT: &str = "you are a complete idiot and I will find you";
const SENTENCE: &str =
    "The committee will meet again next Tuesday to review the budget and discuss the new proposals";

fn main() {
    let dir = std::env::var_os("MODD_ENCODER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/models"));
    let started = Instant::now();
    let model = MiniLm::load(&dir, Heads::embedded().max_tokens).expect("the encoder model");
    println!("loaded in {:.2} s", started.elapsed().as_secs_f64());
    if let Some(width) = std::env::var("PROFILE").ok().and_then(|w| w.parse().ok()) {
        return profile(&model, width);
    }
    let budget = Duration::from_secs_f64(
        std::env::var("SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2.0),
    );
    let reference = std::env::var("REFERENCE")
        .is_ok_and(|r| r == "1")
        .then(|| reference_plan(&dir));
    for (name, text) in [("short", SHORT), ("17 words", SENTENCE)] {
        let ids = model.tokenize(text);
        for batch in [1usize, 8, 16, 32] {
            let input = vec![ids.clone(); batch];
            let per_run = time(budget, || {
                model.embed(&input).expect("run");
            });
            let before = reference.as_ref().map(|plan| {
                let inputs = reference_inputs(&input);
                time(budget, || {
                    plan.run(inputs.clone()).expect("reference run");
                })
            });
            println!(
                "{name:>8} ({:>2} tokens) batch {batch:>2}: {:>7.2} ms/run, {:>6.0} texts/s{}",
                ids.len(),
                per_run * 1e3,
                batch as f64 / per_run,
                before.map_or(String::new(), |b| format!(
                    "   reference {:>7.2} ms/run, {:>5.0} texts/s, speed-up {:.1}x",
                    b * 1e3,
                    batch as f64 / b,
                    b / per_run
                ))
            );
        }
    }
}

/// Seconds per call of `f`, after one warm-up call, over `budget`.
fn time(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let (mut runs, start) = (0usize, Instant::now());
    while start.elapsed() < budget {
        f();
        runs += 1;
    }
    start.elapsed().as_secs_f64() / runs as f64
}

/// The model file loaded the way `modd` did before the graph rewrite.
fn reference_plan(dir: &Path) -> Arc<TypedRunnableModel> {
    tract_onnx::onnx()
        .model_for_path(dir.join(MODEL_FILE))
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .expect("reference plan")
}

fn reference_inputs(batch: &[Vec<i64>]) -> TVec<TValue> {
    let (n, width) = (batch.len(), batch[0].len());
    let ids: Vec<i64> = batch.concat();
    let tensor = |v: Vec<i64>| TValue::from(Tensor::from_shape(&[n, width], &v).expect("shape"));
    tvec!(
        tensor(ids),
        tensor(vec![1; n * width]),
        tensor(vec![0; n * width])
    )
}

/// Time per operator over 50 runs of one text of `width` tokens.
fn profile(model: &MiniLm, width: usize) {
    let ids = vec![vec![2023i64; width]];
    let runs = 50;
    let mut per_op: BTreeMap<String, Duration> = BTreeMap::new();
    let total = model
        .profile(&ids, runs, |op, took| {
            *per_op.entry(op.to_owned()).or_default() += took
        })
        .expect("profiled runs");
    let mut rows: Vec<_> = per_op.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    println!("{width} tokens, {runs} runs: {:.3} ms/run", ms(total, runs));
    for (op, took) in rows.iter().take(25) {
        println!("{:>9.3} ms/run  {op}", ms(*took, runs));
    }
}

fn ms(d: Duration, runs: usize) -> f64 {
    d.as_secs_f64() * 1e3 / runs as f64
}
