//! The console's figures, measured in the browser and printed (see
//! `docs/src/using/console.md`): how soon a decision shows in an open
//! queue, the queue page's weight, and deciding 100 items by keyboard.

use crate::hooks::flagged;
use crate::{daemon, person_key, sign_in};
use modd_common::{ItemStatus, ReviewVerdict, Role};
use modd_testkit::{Db, TestDb};
use serde_json::json;
use std::time::Instant;

/// Decisions timed from their commit to the open queue dropping them.
const LATENCY_SAMPLES: usize = 30;
const KEYBOARD_ITEMS: usize = 100;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub async fn console_figures(db: Db) {
    let backend = format!("{db:?}").to_lowercase();
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let d = daemon(&db).await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let admin = d.client_as(Role::Admin).await;
    let b = driver.browser().await;
    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;

    // Decision (its stored decided_at, just before the commit) → the open
    // queue's swap that removed the row (the script stamps the time).
    let mut ids = Vec::new();
    for n in 0..LATENCY_SAMPLES {
        ids.push(flagged(&d, "forum", &format!("lat-{n}"), &[("hate", 0.8)]).await);
    }
    b.goto(&d.url("/console")).await;
    b.wait_page("queue").await;
    let mut latencies = Vec::new();
    for id in ids {
        b.wait_for(&format!("#queue tr[data-id='{id}']")).await;
        admin
            .review_decide(id, ReviewVerdict::Approved, None)
            .await
            .unwrap();
        b.wait_until(
            "the row to leave",
            "return document.querySelector(\"#queue tr[data-id='\" + arguments[0] + \"']\") === null;",
            json!([id]),
        )
        .await;
        let shown = b
            .js("return Number(document.body.dataset.refreshed);", json!([]))
            .await;
        let decided = d
            .store
            .get_item(id)
            .await
            .unwrap()
            .unwrap()
            .decision
            .unwrap()
            .decided_at;
        latencies.push(shown.as_f64().unwrap() - decided.timestamp_millis() as f64);
    }
    latencies.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&latencies, 50.0), percentile(&latencies, 99.0));
    assert!(
        p99 < 5_000.0,
        "decisions reach the console within seconds: {latencies:?}"
    );

    // The queue page's weight with 50 items listed: HTML + CSS + JS.
    for n in 0..50 {
        flagged(&d, "forum", &format!("weight-{n}"), &[("spam", 0.75)]).await;
    }
    let cookie = b.cookie("modd_console").await.unwrap()["value"]
        .as_str()
        .unwrap()
        .to_owned();
    let get = |path: String| {
        let request = d
            .http
            .get(d.url(&path))
            .header("cookie", format!("modd_console={cookie}"));
        async move { request.send().await.unwrap().bytes().await.unwrap().len() }
    };
    let html = d
        .http
        .get(d.url("/console"))
        .header("cookie", format!("modd_console={cookie}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("weight-49"));
    let asset = |ext: &str| {
        html.split('"')
            .find(|s| s.starts_with("/console/assets/") && s.ends_with(ext))
            .unwrap()
            .to_owned()
    };
    let (css, js) = (get(asset(".css")).await, get(asset(".js")).await);
    let weight = html.len() + css + js;

    // 100 items by keyboard: each opens by itself after the last decision.
    let mut ids = Vec::new();
    for n in 0..KEYBOARD_ITEMS {
        ids.push(flagged(&d, "kbd", &format!("kbd-{n}"), &[("hate", 0.8)]).await);
    }
    // Clear what the weight step left so the loop sees only these.
    for n in 0..50 {
        let item = d
            .store
            .find_item("forum", &format!("weight-{n}"))
            .await
            .unwrap()
            .unwrap();
        admin
            .review_decide(item.id, ReviewVerdict::Blocked, None)
            .await
            .unwrap();
    }
    b.goto(&d.url("/console/next")).await;
    let started = Instant::now();
    for id in &ids {
        b.wait_item(*id).await;
        b.press("a").await;
    }
    b.wait_page("queue").await;
    let keyboard = started.elapsed();
    for id in &ids {
        let item = d.store.get_item(*id).await.unwrap().unwrap();
        assert_eq!(item.status, ItemStatus::Approved, "item {id}");
    }
    println!(
        "console figures ({backend}): decision to open console p50 {p50:.0} ms, p99 {p99:.0} ms \
         ({LATENCY_SAMPLES} decisions); queue page weight {weight} bytes (HTML {} + CSS {css} + JS {js}, \
         50 items); {KEYBOARD_ITEMS} items decided by keyboard in {:.1} s",
        html.len(),
        keyboard.as_secs_f64()
    );
    b.close().await;
}
