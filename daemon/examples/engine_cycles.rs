//! Fixed work for `valgrind --tool=callgrind` (instruction counts are
//! repeatable on a shared machine) or plain timing: `PASSES` passes (default
//! 20) of the whole local engine, or of one stage, over the golden corpus's
//! short texts (`CORPUS=eval`: the labelled set's lines in six languages,
//! where the other languages' models run too).
//! `cargo run --release -p modd --example engine_cycles -- [engine|fast|normalise|language|profanity]`
//! (`fast`: the fast stage alone, on texts normalised and detected beforehand).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use modd::classify::language::LanguageDetector;
use modd::classify::models::ProfanityModel;
use modd::classify::normalize::normalize;
use modd::classify::{ClassifyOptions, Content, Engine};

fn main() {
    let short: Vec<String> = texts()
        .into_iter()
        .filter(|t| t.chars().count() <= 280)
        // SUBSET=ascii|other: only the pure-ASCII texts, or only the others.
        .filter(|t| match std::env::var("SUBSET").as_deref() {
            Ok("ascii") => t.is_ascii(),
            Ok("other") => !t.is_ascii(),
            _ => true,
        })
        .take(
            std::env::var("LIMIT")
                .ok()
                .and_then(|l| l.parse().ok())
                .unwrap_or(usize::MAX),
        )
        .collect();
    let what = std::env::args().nth(1).unwrap_or_else(|| "engine".into());
    let passes: usize = std::env::var("PASSES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(20);
    let engine = Engine::builtin();
    let lang = LanguageDetector::default();
    let prof = ProfanityModel::embedded();
    let opts = ClassifyOptions::default();
    // `fast`: the fast stage alone, on texts normalised and detected here
    // (only then: the other modes' start-up stays as it was).
    let fast = what == "fast";
    let normalized: Vec<_> = short
        .iter()
        .filter(|_| fast)
        .map(|t| normalize(t))
        .collect();
    let languages: Vec<_> = normalized
        .iter()
        .map(|n| engine.detect_language(n))
        .collect();
    let mut sink = 0usize;
    let start = std::time::Instant::now();
    for _ in 0..passes {
        for (i, t) in short.iter().enumerate() {
            let t = std::hint::black_box(t.as_str());
            sink += match what.as_str() {
                "language" => usize::from(lang.detect(t).covered),
                "profanity" => usize::from(prof.predict(t) > 0.5),
                "normalise" => normalize(t).folded.text().len(),
                "fast" => {
                    let content = Content {
                        text: Some(t),
                        image_url: None,
                    };
                    let language = Some(languages[i].clone());
                    engine
                        .fast_stage(&content, Some(&normalized[i]), language, opts)
                        .runs
                        .len()
                }
                _ => {
                    let content = Content {
                        text: Some(t),
                        image_url: None,
                    };
                    engine.classify_local(&content, opts).runs.len()
                }
            };
        }
    }
    let n = passes * short.len();
    let per = start.elapsed().as_secs_f64() / n as f64;
    println!(
        "{what}: {} texts x {passes}: {:.1} ns/text wall, {:.0} texts/s ({sink})",
        short.len(),
        per * 1e9,
        1.0 / per
    );
}

/// The corpus's texts: the golden corpus (after its metadata line), or the
/// labelled set's six languages.
fn texts() -> Vec<String> {
    let files: Vec<String> = if std::env::var("CORPUS").as_deref() == Ok("eval") {
        ["de", "en", "es", "fr", "pt", "ru"]
            .iter()
            .map(|l| format!("{}/../data/eval/{l}.jsonl", env!("CARGO_MANIFEST_DIR")))
            .collect()
    } else {
        vec![concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl").to_owned()]
    };
    files
        .iter()
        .flat_map(|f| {
            let data = std::fs::read_to_string(f).expect("corpus file");
            data.lines()
                .filter_map(|l| {
                    serde_json::from_str::<serde_json::Value>(l).ok()?["text"]
                        .as_str()
                        .map(str::to_owned)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
