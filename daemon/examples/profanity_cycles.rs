//! Fixed work for `perf stat`: 300 passes of the profanity model over the
//! golden corpus's short texts. Cycles per pass are comparable between
//! builds even when other processes share the CPU.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl");
    let data = std::fs::read_to_string(path).expect("golden file");
    let short: Vec<String> = data
        .lines()
        .skip(1)
        .filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l).ok()?["text"]
                .as_str()
                .map(str::to_owned)
        })
        .filter(|t| t.chars().count() <= 280)
        .collect();
    let m = modd::classify::models::ProfanityModel::embedded();
    let passes = 300;
    let start = std::time::Instant::now();
    let mut sum = 0.0;
    for _ in 0..passes {
        for t in &short {
            sum += m.predict(std::hint::black_box(t));
        }
    }
    let per = start.elapsed().as_secs_f64() / (passes * short.len()) as f64;
    println!(
        "{} texts x {passes}: {:.1} ns/text wall ({sum:.3})",
        short.len(),
        per * 1e9
    );
}
