//! `modctl verify` as the real binary: Ctrl-C (SIGINT) in the middle of a
//! run still revokes its temporary keys and erases its probe items, and
//! the `repo.*` checks judge real git repositories (its `--json` output is
//! what is parsed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::{DbModctl, TestDb, databases};
use modd_common::{ApiKey, KeyEnvironment};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PROBE_ITEMS: &str = "SELECT COUNT(*) FROM content_items WHERE source_app = 'modctl-verify'";

async fn probe_items(db: &TestDb) -> i64 {
    modd_testkit::query_i64(&db.url, PROBE_ITEMS).await
}

/// Each signal on each backend, each run on a fresh database.
async fn signal_runs() -> Vec<(&'static str, TestDb)> {
    let mut out = Vec::new();
    for signal in ["-INT", "-TERM"] {
        out.extend(databases().await.into_iter().map(|db| (signal, db)));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_or_sigterm_mid_run_revokes_keys_and_erases_probe_items() {
    for (signal, db) in signal_runs().await {
        // A worker decides items while the probe runs, so erasure meets
        // items in every state.
        let d = daemon::start(&db, &[("MODD_WORKERS", "1")]).await;
        let admin = d.bootstrap_admin(&db).await;
        // Far more probe requests than it can send before the signal.
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_modctl"))
            .args(["verify", "--only", "perf", "--probe-requests", "10000"])
            .env_remove("DATABASE_URL")
            .env("MODCTL_URL", &d.base)
            .env("MODCTL_ADMIN_KEY", &admin)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while probe_items(&db).await < 20 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{}: the probe never stored items",
                db.label
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let temp_keys = d
            .store
            .list_keys()
            .await
            .unwrap()
            .into_iter()
            .filter(|k| k.name.starts_with("modctl-verify-"))
            .count();
        assert_eq!(temp_keys, 1, "{}: the probe's key exists", db.label);
        let pid = child.id().unwrap().to_string();
        let kill = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap();
        assert!(kill.success());
        let out = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
            .await
            .expect("verify stops after SIGINT")
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{} {signal}: {stderr}",
            db.label
        );
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert_eq!(probe_items(&db).await, 0, "{}: probe items left", db.label);
        let now = chrono::Utc::now();
        let keys = d.store.list_keys().await.unwrap();
        let temps: Vec<_> = keys
            .iter()
            .filter(|k| k.name.starts_with("modctl-verify-"))
            .collect();
        assert_eq!(temps.len(), 1);
        assert!(
            temps.iter().all(|k| !k.is_active(now)),
            "{}: temporary key left active",
            db.label
        );
        // A finished run cleans up the same way.
        let run = d
            .modctl(
                Some(&admin),
                &["verify", "--only", "perf", "--probe-requests", "10"],
            )
            .await;
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
        assert_eq!(probe_items(&db).await, 0, "{}", db.label);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository in a temporary directory with `files` committed.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    commit(dir.path(), files, "first");
    dir
}

fn commit(dir: &Path, files: &[(&str, &str)], message: &str) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
        git(dir, &["add", "-f", name]);
    }
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
}

fn statuses(run: &common::Run) -> Vec<(String, String, String)> {
    let report: serde_json::Value = run.json();
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["status"].as_str().unwrap().to_owned(),
                c["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repo_checks_judge_real_git_repositories() {
    let db = TestDb::sqlite();
    let d = daemon::start(&db, &[]).await;
    let admin = d.bootstrap_admin(&db).await;
    let example =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.env.example"))
            .unwrap();
    let live = ApiKey::generate(KeyEnvironment::Live);
    // A string shaped like a live key whose checksum is wrong: not a key.
    let mut forged = live.expose_secret().to_owned();
    let last = forged.pop().unwrap();
    forged.push(if last == 'A' { 'B' } else { 'A' });

    // Clean: .env ignored (and present, untracked), the project's own
    // .env.example, only a forged key in the history.
    let good = repo(&[
        (".gitignore", ".env\n"),
        (".env.example", &example),
        ("notes.md", &format!("not a key: {forged}\n")),
    ]);
    std::fs::write(good.path().join(".env"), "SECRET_KEY=x\n").unwrap();
    let run = d
        .modctl(
            Some(&admin),
            &[
                "--json",
                "verify",
                "--only",
                "repo",
                "--repo",
                good.path().to_str().unwrap(),
            ],
        )
        .await;
    run.ok("clean repository");
    let got = statuses(&run);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|(_, s, _)| s == "pass"), "{got:?}");

    // Dirty: .env committed, .env.example missing a setting, and a live
    // key committed once and deleted later (still in the history).
    let short: String = example
        .lines()
        .filter(|l| {
            !l.trim_start_matches(['#', ' '])
                .starts_with("MODD_CORS_ORIGINS=")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let bad = repo(&[
        (".env", "SECRET_KEY=x\n"),
        (".env.example", &short),
        (
            "config.toml",
            &format!("key = \"{}\"\n", live.expose_secret()),
        ),
    ]);
    commit(
        bad.path(),
        &[("config.toml", "key = \"\"\n")],
        "remove the key",
    );
    let run = d
        .modctl(
            Some(&admin),
            &[
                "--json",
                "verify",
                "--only",
                "repo",
                "--repo",
                bad.path().to_str().unwrap(),
            ],
        )
        .await;
    run.expect_code(1, "dirty repository");
    let got = statuses(&run);
    let find = |id: &str| got.iter().find(|(i, _, _)| i == id).unwrap().clone();
    let (_, s, reason) = find("repo.env-ignored");
    assert_eq!(s, "fail");
    assert!(reason.contains("tracked"), "{reason}");
    let (_, s, reason) = find("repo.env-example");
    assert_eq!(s, "fail");
    assert_eq!(reason, "missing: MODD_CORS_ORIGINS");
    let (_, s, reason) = find("repo.no-live-keys");
    assert_eq!(s, "fail");
    assert!(reason.contains(live.display_prefix()), "{reason}");
    assert!(
        !reason.contains(live.expose_secret()),
        "the report must not repeat the key"
    );

    // Untracked but not ignored: still a failure, with its own reason.
    let unignored = repo(&[(".env.example", &example)]);
    std::fs::write(unignored.path().join(".env"), "SECRET_KEY=x\n").unwrap();
    let run = d
        .modctl(
            Some(&admin),
            &[
                "--json",
                "verify",
                "--only",
                "repo",
                "--repo",
                unignored.path().to_str().unwrap(),
            ],
        )
        .await;
    run.expect_code(1, "unignored .env");
    let got = statuses(&run);
    assert_eq!(
        got[0],
        (
            "repo.env-ignored".into(),
            "fail".into(),
            ".env is not ignored".into()
        )
    );
    assert_eq!(got[1].1, "pass");
    assert_eq!(got[2].1, "pass");

    // Without --repo the three are skipped, saying why.
    let run = d
        .modctl(Some(&admin), &["--json", "verify", "--only", "repo"])
        .await;
    run.ok("no --repo");
    assert!(
        statuses(&run)
            .iter()
            .all(|(_, s, r)| s == "skipped" && r.contains("--repo"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_admin_key_is_waited_out_not_failed() {
    let db = TestDb::sqlite();
    let d = daemon::start(&db, &[]).await;
    // An admin key allowed 2 requests a second: one `--only auth` run makes
    // four admin calls (facts, create, list, revoke) in milliseconds.
    let run = db
        .modctl(&[
            "--json",
            "keys",
            "create",
            "--name",
            "ops",
            "--role",
            "admin",
            "--rate-limit",
            "2/sec",
        ])
        .await;
    run.ok("admin key");
    let admin = run.json::<modd_common::CreatedKey>().key;
    for attempt in 0..2 {
        let run = d
            .modctl(Some(&admin), &["--json", "verify", "--only", "auth"])
            .await;
        run.ok(&format!("run {attempt}"));
        let got = statuses(&run);
        assert!(got.iter().all(|(_, s, _)| s == "pass"), "{got:?}");
    }
    let now = chrono::Utc::now();
    let keys = d.store.list_keys().await.unwrap();
    let temps: Vec<_> = keys
        .iter()
        .filter(|k| k.name.starts_with("modctl-verify-"))
        .collect();
    assert_eq!(temps.len(), 2);
    assert!(temps.iter().all(|k| !k.is_active(now)));
}
