//! `modctl eval` against a real daemon: the binary's report (figures,
//! gaps, the policy snippet), its exit codes (bad file, regression), and
//! the committed gate: today's engine, sentence encoder included, on the
//! test split of `data/eval` must not fall below `data/eval/baseline*.json`. Also checks the labelled
//! set itself with `tools/eval-data/split.py check`.

use clap::Parser;
use modd_common::Role;
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

modd_testkit::on_both_backends!(eval_reports_figures_gaps_and_thresholds);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn modctl(base: &str, key: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(args)
        .env("MODCTL_URL", base)
        .env("MODCTL_API_KEY", key)
        .env_remove("MODCTL_ADMIN_KEY")
        .output()
        .expect("run modctl")
}

/// A labelled line (profanity only).
fn line(text: &str, lang: &str, profane: bool) -> String {
    serde_json::json!({"text": text, "lang": lang, "labels": {"profanity": u8::from(profane)}})
        .to_string()
}

fn category<'a>(report: &'a Value, lang: &str, cat: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .and_then(|g| g.iter().find(|g| g["language"] == lang))
        .and_then(|g| g["categories"].as_array())
        .and_then(|c| c.iter().find(|c| c["category"] == cat))
        .unwrap_or_else(|| panic!("{lang}/{cat} in {report}"))
}

async fn eval_reports_figures_gaps_and_thresholds(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mine.jsonl");
    let lines = [
        line("you are a fucking idiot", "en", true),
        line("what the fuck is this shit", "en", true),
        line(
            "Thanks for the quick delivery, it arrived in perfect condition.",
            "en",
            false,
        ),
        line("See you at the meeting on Thursday afternoon.", "en", false),
        line(
            "Cazzo, ho dimenticato di nuovo le chiavi a casa questa mattina.",
            "it",
            true,
        ),
        line(
            "La riunione è stata spostata a giovedì pomeriggio, grazie di avvisare.",
            "it",
            false,
        ),
    ];
    std::fs::write(&data, lines.join("\n")).unwrap();
    let file = data.to_str().unwrap().to_owned();
    let base = d.base.clone();
    let (json, table) = tokio::task::spawn_blocking({
        let (base, key, file) = (base.clone(), key.clone(), file.clone());
        move || {
            (
                modctl(&base, &key, &["eval", &file, "--json"]),
                modctl(&base, &key, &["eval", &file, "--target-precision", "1"]),
            )
        }
    })
    .await
    .unwrap();
    assert!(json.status.success(), "{json:?}");
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["examples"], 6);
    // English is scored: both profane lines flagged, neither clean one.
    let en = category(&report, "en", "profanity");
    assert_eq!(en["gap"], false);
    assert_eq!(
        en["confusion"],
        serde_json::json!({"tp": 2, "fp": 0, "fn": 0, "tn": 2})
    );
    assert_eq!(
        (en["precision"].as_f64(), en["f1"].as_f64()),
        (Some(1.0), Some(1.0))
    );
    assert!(en["target"]["threshold"].as_f64().is_some(), "{en}");
    assert_eq!(en["sweep"].as_array().map(Vec::len), Some(19));
    // Italian is not covered by the local models: a gap, with no figures.
    let it = category(&report, "it", "profanity");
    assert_eq!(it["gap"], true);
    assert!(it["f1"].is_null() && it["confusion"].is_null(), "{it}");
    let all = category(&report, "all", "profanity");
    assert_eq!(all["gap_languages"], serde_json::json!(["it"]));
    assert_eq!(all["confusion"], en["confusion"]);

    assert!(table.status.success(), "{table:?}");
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("gap: not scored"), "{text}");
    assert!(text.contains("[categories.profanity]"), "{text}");
    assert!(text.contains("review_at = "), "{text}");

    // A gate that today's figures miss fails with exit 1, naming the pair.
    let floor = dir.path().join("baseline.json");
    std::fs::write(
        &floor,
        r#"{"threshold":0.5,"split":null,"f1":{"en":{"profanity":1.0},"it":{"profanity":0.5}}}"#,
    )
    .unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"text\":\"private words\",\"labels\":{\"profanty\":1}}\n",
    )
    .unwrap();
    let (gate, broken) = tokio::task::spawn_blocking({
        let floor = floor.to_str().unwrap().to_owned();
        let bad = bad.to_str().unwrap().to_owned();
        move || {
            (
                modctl(&base, &key, &["eval", &file, "--baseline", &floor]),
                modctl(&base, &key, &["eval", &bad]),
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(gate.status.code(), Some(1), "{gate:?}");
    let err = String::from_utf8_lossy(&gate.stderr);
    assert!(
        err.contains("it/profanity") && !err.contains("en/profanity"),
        "{err}"
    );
    // A malformed file is a usage error naming the line, not the text.
    assert_eq!(broken.status.code(), Some(2), "{broken:?}");
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(err.contains("line 1") && err.contains("profanty"), "{err}");
    assert!(!err.contains("private words"), "{err}");
    d.shutdown().await;
}

/// Runs `modctl eval` in this process (the same code as the binary).
async fn eval(base: &str, key: &str, args: &[&str]) -> Result<(), modctl::CliError> {
    let mut argv = vec!["modctl", "--url", base, "eval", "--api-key", key];
    argv.extend_from_slice(args);
    modctl::run(modctl::Cli::try_parse_from(argv).expect("valid arguments")).await
}

/// The gate, with the sentence encoder loaded (CI sets `MODD_ENCODER_DIR`
/// and `MODD_REQUIRE_ENCODER_MODEL=1`), so every category and language
/// that has a model holds its F1. Once, on SQLite: `classify` stores
/// nothing, so the backend plays no part in the figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_holds_its_baseline_on_the_test_split() {
    let Some(encoder) = crate::encoder::model_dir() else {
        return;
    };
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    // A batch of 64 texts on a debug build's encoder lane takes longer
    // than the default 30 s request timeout.
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_ENCODER_DIR", &encoder),
            ("MODD_ENCODER_WORKERS", "2"),
            ("MODD_REQUEST_TIMEOUT_SECS", "600"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let dir = repo().join("data/eval");
    let path = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let mut languages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "evasion"))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    languages.sort();
    assert!(languages.len() >= 3, "{languages:?}");
    let mut args: Vec<&str> = languages.iter().map(String::as_str).collect();
    let floor = path("baseline.json");
    args.extend(["--split", "test", "--baseline", &floor, "--json"]);
    eval(&d.base, &key, &args)
        .await
        .unwrap_or_else(|e| panic!("languages: {}", e.one_line()));
    let (evasion, floor) = (path("evasion.jsonl"), path("baseline-evasion.json"));
    eval(
        &d.base,
        &key,
        &[&evasion, "--split", "test", "--baseline", &floor, "--json"],
    )
    .await
    .unwrap_or_else(|e| panic!("evasion: {}", e.one_line()));
    d.shutdown().await;
}

/// The labelled set: every line well-formed, the split stratified and
/// recorded, each evasion line in its source's split, and at least 60
/// positives of every category in the languages written so far.
#[test]
fn the_labelled_set_is_well_formed_and_split() {
    let out = Command::new("python3")
        .arg(repo().join("tools/eval-data/split.py"))
        .args(["check", "--min", "60", "--langs", COMPLETE_LANGUAGES])
        .output()
        .expect("python3 runs tools/eval-data/split.py");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Languages with at least 60 positives of every category.
const COMPLETE_LANGUAGES: &str = "en,fr,es,de,ru,pt";
