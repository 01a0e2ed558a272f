//! `modctl verify` in a release pipeline: the real binary with a `viewer`
//! key against a real daemon. Every check that only reads runs; the ones
//! that need writes are reported as skipped and say why; nothing is
//! created; and the pipeline outputs (`--format github`, `markdown`,
//! `junit`) carry the same results as `--json`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::databases;
use modd_common::CreatedKey;
use serde_json::Value;

/// The checks that create a temporary key or send a test event.
const WRITES: [&str; 3] = [
    "auth.client-on-admin",
    "ratelimit.exact",
    "perf.analyse-p95",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_key_verifies_without_writing_in_every_format() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "--json", "keys", "create", "--name", "ci", "--role", "viewer",
                ],
            )
            .await;
        run.ok(label);
        let viewer = run.json::<CreatedKey>().key;
        let keys_before = d.store.list_keys().await.unwrap().len();

        let run = d.modctl(Some(&viewer), &["--json", "verify"]).await;
        // A test daemon is no production deployment: some checks fail, but
        // verify ran (exit 2 would mean it could not).
        assert!(matches!(run.code, 0 | 1), "{label}: {}", run.stderr);
        let report: Value = run.json();
        let checks = report["checks"].as_array().unwrap();
        let status = |id: &str| {
            let c = checks
                .iter()
                .find(|c| c["id"] == id)
                .unwrap_or_else(|| panic!("{label}: no {id} in {checks:?}"));
            (
                c["status"].as_str().unwrap().to_owned(),
                c["reason"].as_str().unwrap().to_owned(),
            )
        };
        for id in WRITES {
            let (s, reason) = status(id);
            assert_eq!(s, "skipped", "{label}: {id}: {reason}");
            assert!(
                reason.contains("needs writes") && reason.contains("viewer"),
                "{reason}"
            );
        }
        // The reading checks ran with the viewer key.
        for id in ["service.health", "auth.key-rotation-age", "queue.workers"] {
            let (s, reason) = status(id);
            assert!(
                s == "pass" || s == "warn" || s == "fail",
                "{label}: {id} {s}: {reason}"
            );
            assert!(!reason.contains("403"), "{label}: {id}: {reason}");
        }
        assert_eq!(
            d.store.list_keys().await.unwrap().len(),
            keys_before,
            "{label}: a viewer run creates no key"
        );

        let github = d
            .modctl(Some(&viewer), &["verify", "--format", "github"])
            .await;
        assert_eq!(github.code, run.code, "{label}: {}", github.stderr);
        let last = github.stdout.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("::notice title=modctl verify::passed "),
            "{last}"
        );
        let failed = report["failed"].as_u64().unwrap() as usize;
        assert_eq!(
            github
                .stdout
                .lines()
                .filter(|l| l.starts_with("::error "))
                .count(),
            failed,
            "{label}: one ::error per failed check\n{}",
            github.stdout
        );

        let markdown = d
            .modctl(Some(&viewer), &["verify", "--format", "markdown"])
            .await;
        assert!(
            markdown.stdout.starts_with("## modctl verify: "),
            "{}",
            markdown.stdout
        );
        assert!(
            markdown
                .stdout
                .contains("| `ratelimit.exact` | ➖ skipped |")
        );
        assert_eq!(
            markdown
                .stdout
                .lines()
                .filter(|l| l.starts_with("| `"))
                .count(),
            checks.len(),
            "{label}: one row per check"
        );

        let junit = d
            .modctl(Some(&viewer), &["verify", "--format", "junit"])
            .await;
        assert!(junit.stdout.starts_with("<?xml"), "{}", junit.stdout);
        assert!(
            junit
                .stdout
                .contains(&format!("tests=\"{}\"", checks.len()))
        );
        d.shutdown().await;
    }
}
