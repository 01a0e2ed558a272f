//! Image moderation speed: model load, decode + preprocess, the model
//! alone and end to end per image (p50/p99 over the 35 golden images), and
//! images/s through the dedicated pool with 1 and 2 threads; peak RSS at
//! the end. Needs the model (`tools/export-models/image.py install`, or
//! `MODD_IMAGE_MODEL_PATH`).
//! Run: `taskset -c 1 cargo bench -p modd --bench image` (one core), then
//! without taskset for the pool figures. Percentiles go to stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use modd::images::model::NsfwModel;
use modd::images::pool::ImagePool;
use modd::images::{decode, jpeg, preprocess};

fn model_path() -> PathBuf {
    match std::env::var("MODD_IMAGE_MODEL_PATH") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/models/open-nsfw.onnx"),
    }
}

fn images() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images");
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("golden.json")).unwrap()).unwrap();
    golden["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let f = r["file"].as_str().unwrap().to_owned();
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn percentiles(name: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let n = times.len();
    let at = |q: f64| times[((n as f64 * q) as usize).min(n - 1)];
    eprintln!(
        "{name}: p50 {:.1} ms p99 {:.1} ms max {:.1} ms ({n} runs)",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The exact libjpeg-style decoder against zune-jpeg (the fallback), on
/// the largest and a typical golden JPEG; runs without the model.
fn jpeg_decoders(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images");
    for name in ["jpeg_gradient_1920x1080.jpg", "jpeg_skin_q75_400x300.jpg"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        c.bench_function(&format!("jpeg exact {name}"), |b| {
            b.iter(|| black_box(jpeg::decode(&bytes, 50_000_000).unwrap()))
        });
        c.bench_function(&format!("jpeg zune {name}"), |b| {
            b.iter(|| black_box(image::load_from_memory(&bytes).unwrap().to_rgb8()))
        });
    }
}

fn bench(c: &mut Criterion) {
    jpeg_decoders(c);
    let path = model_path();
    if !path.is_file() {
        eprintln!("SKIPPED: no image model at {}", path.display());
        return;
    }
    let t = Instant::now();
    let model = Arc::new(NsfwModel::load(&path).unwrap());
    let first_load = t.elapsed();
    let imgs = images();

    // Per image, 3 passes over the 35 images after one warm-up pass.
    let (mut pre, mut run, mut total) = (Vec::new(), Vec::new(), Vec::new());
    for pass in 0..4 {
        for (_, bytes) in &imgs {
            let t = Instant::now();
            let tensor = preprocess::tensor(&decode::decode_rgb(bytes, 50_000_000).unwrap());
            let t1 = Instant::now();
            black_box(model.predict(tensor).unwrap());
            let t2 = Instant::now();
            if pass > 0 {
                pre.push(t1 - t);
                run.push(t2 - t1);
                total.push(t2 - t);
            }
        }
    }
    percentiles("decode + preprocess", pre);
    percentiles("model only", run);
    percentiles("end to end", total);

    // Through the pool: 105 images submitted at once, N threads.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    for workers in [1, 2] {
        let pool = Arc::new(ImagePool::new(workers));
        let imgs = Arc::new(imgs.clone());
        let started = Instant::now();
        let n = rt.block_on(async {
            let mut handles = Vec::new();
            for i in 0..105 {
                let (pool, model, imgs) = (pool.clone(), model.clone(), imgs.clone());
                handles.push(tokio::spawn(async move {
                    pool.run(move || {
                        let bytes = &imgs[i % imgs.len()].1;
                        let t = preprocess::tensor(&decode::decode_rgb(bytes, 50_000_000).unwrap());
                        model.predict(t).unwrap().nsfw
                    })
                    .await
                    .unwrap()
                }));
            }
            let mut n = 0;
            for h in handles {
                black_box(h.await.unwrap());
                n += 1;
            }
            n
        });
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "pool with {workers} thread(s): {n} images in {secs:.2} s = {:.1} images/s",
            n as f64 / secs
        );
    }
    // Before the extra loads below (freed models stay in the allocator).
    eprintln!(
        "peak RSS (one model, 35 images, the pools): {:.0} MB",
        peak_rss_mb()
    );
    let mut loads = vec![first_load];
    loads.extend((0..4).map(|_| {
        let t = Instant::now();
        black_box(NsfwModel::load(&path).unwrap());
        t.elapsed()
    }));
    percentiles("model load (read + sha256 + optimise)", loads);

    let mut g = c.benchmark_group("image");
    g.sample_size(20);
    let (_, skin) = imgs
        .iter()
        .find(|(f, _)| f.starts_with("jpeg_skin_q75"))
        .unwrap();
    g.bench_function("end_to_end_jpeg_400x300", |b| {
        b.iter(|| {
            let t = preprocess::tensor(&decode::decode_rgb(skin, 50_000_000).unwrap());
            black_box(model.predict(t).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
