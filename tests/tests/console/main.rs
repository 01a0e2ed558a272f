//! The review console in a real browser: Debian's chromium, driven over
//! WebDriver (`webdriver.rs`), against a real `modd` on 127.0.0.1:0, on
//! SQLite and on PostgreSQL. Screenshots of the queue and item pages are
//! saved under `target/tmp/console/` as artifacts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod a11y;
mod appeal;
mod batch;
mod decide;
mod figures;
mod guard;
/// The e2e suite's fixtures: flagged items written as a worker would.
#[path = "../e2e/hooks.rs"]
#[allow(dead_code)]
mod hooks;
mod item;
mod moderate;
mod webdriver;

use appeal::an_appeal_is_decided_by_a_second_reviewer;
use batch::batch_preview_then_apply;
use decide::reason_codes_by_keyboard_undo_and_claims;
use figures::console_figures;
use guard::claims_csrf_and_roles_are_enforced;
use item::item_page_highlights_spans_and_reveals_images;
use moderate::sign_in_review_live_and_sign_out;

use modd_common::Role;
use modd_testkit::{KeySpec, TestDaemon, TestDb};
use std::path::PathBuf;
use webdriver::{Browser, Driver};

modd_testkit::on_both_backends!(
    sign_in_review_live_and_sign_out,
    claims_csrf_and_roles_are_enforced,
    console_figures,
    batch_preview_then_apply,
    item_page_highlights_spans_and_reveals_images,
    an_appeal_is_decided_by_a_second_reviewer,
    reason_codes_by_keyboard_undo_and_claims,
);

/// Where screenshots go (kept after the run, for CI artifacts and docs).
fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("console")
        .join(name)
}

/// A daemon without workers (flagged items come from the fixtures) whose
/// console records decisions at once (undo has its own test, `decide.rs`).
async fn daemon(db: &TestDb) -> TestDaemon {
    TestDaemon::start(db, &[("MODD_WORKERS", "0"), ("MODD_CONSOLE_UNDO", "0")]).await
}

/// A key of `role` that names `person`.
async fn person_key(d: &TestDaemon, role: Role, person: &str) -> (i64, String) {
    d.key_with(KeySpec {
        role,
        person: Some(person),
        ..KeySpec::default()
    })
    .await
}

/// Signs `browser` in with `key` through the form.
async fn sign_in(browser: &Browser, d: &TestDaemon, key: &str) {
    browser.goto(&d.url("/console/login")).await;
    browser.wait_page("login").await;
    let field = browser.wait_for("#key").await;
    browser.type_into(&field, key).await;
    let submit = browser.wait_for("form button[type=submit]").await;
    browser.click(&submit).await;
}
