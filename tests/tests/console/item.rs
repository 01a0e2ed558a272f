//! The item page shows why: the span the PII detector found highlighted
//! in the text, and an image fetched through `modd` (from a local server;
//! `MODD_IMAGE_ALLOW_PRIVATE` lets the guard reach loopback) shown blurred
//! until revealed, or the reason it was refused. Items are flagged by the
//! workers, the real path.

use crate::hooks::submit;
use crate::{artifact, person_key, sign_in};
use modd_common::{AnalyseRequest, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A 64×64 red PNG from the image tests' fixtures.
fn png() -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../daemon/tests/images/solid_red_64.png");
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Serves `/red.png` and `/page.html` (HTML, so not an image) on 127.0.0.1.
async fn image_host() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/red.png"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/png")
                .set_body_bytes(png()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/page.html"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>not an image</html>"),
        )
        .mount(&server)
        .await;
    server
}

/// Waits for the workers to flag item `id`.
async fn until_flagged(d: &TestDaemon, id: i64) {
    let flagged = modd_testkit::eventually(crate::webdriver::PATIENCE, || async {
        (d.store.get_item(id).await.unwrap().unwrap().status == ItemStatus::Flagged).then_some(())
    })
    .await;
    assert!(flagged.is_some(), "item {id} was not flagged");
}

/// Submits an image item (no image model here, so it waits for review).
async fn image_item(d: &TestDaemon, key: &str, ext: &str, url: &str) -> i64 {
    let req = AnalyseRequest::new("gallery", ext, "photo").with_image_url(url);
    let id = d.client(Some(key)).analyse(&req).await.unwrap().id;
    until_flagged(d, id).await;
    id
}

async fn open(b: &crate::Browser, d: &TestDaemon, id: i64) {
    b.goto(&d.url(&format!("/console/items/{id}"))).await;
    b.wait_item(id).await;
}

/// Whether the image is blurred, by the class and by what the browser applies.
async fn blurred(b: &crate::Browser) -> (bool, String) {
    let v = b
        .js(
            "const f = document.getElementById('image'); \
             return [f.classList.contains('blurred'), getComputedStyle(f.querySelector('img')).filter];",
            json!([]),
        )
        .await;
    (
        v[0].as_bool().unwrap(),
        v[1].as_str().unwrap_or_default().to_owned(),
    )
}

pub async fn item_page_highlights_spans_and_reveals_images(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let host = image_host().await;
    let d = TestDaemon::start(&db, &[("MODD_IMAGE_ALLOW_PRIVATE", "1")]).await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let app = d.key(Role::Client, &[]).await;
    let b = driver.browser().await;
    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;

    // The e-mail address the PII detector found is marked and labelled;
    // the text reads exactly as stored.
    let text = "Hi, café 😀 東京: write to jo@example.com for details";
    let id = submit(&d, &app, "forum", "span-1", text).await;
    until_flagged(&d, id).await;
    open(&b, &d, id).await;
    let quote = b.wait_for("blockquote.text").await;
    assert_eq!(b.text(&quote).await, text);
    let mark = b
        .wait_for("blockquote.text mark.span[data-categories='pii']")
        .await;
    assert_eq!(b.text(&mark).await, "jo@example.com");
    let label = b
        .js(
            "const m = document.querySelector(\"mark.span[data-categories='pii']\"); \
             return [m.dataset.label, getComputedStyle(m, '::after').content];",
            json!([]),
        )
        .await;
    assert_eq!(label, json!(["pii · email", "\"pii · email\""]));
    let why = b.wait_for("table.scores").await;
    let scores = b.text(&why).await;
    assert!(
        scores.contains("pii-detector") && scores.contains("spam-detector"),
        "{scores}"
    );

    // An image: fetched through modd, blurred until revealed by key or link.
    let url = format!("{}/red.png", host.uri());
    let id = image_item(&d, &app, "img-1", &url).await;
    open(&b, &d, id).await;
    b.wait_until(
        "the image to load",
        "const i = document.querySelector('#image img'); return i.complete && i.naturalWidth === 64;",
        json!([]),
    )
    .await;
    let (on, filter) = blurred(&b).await;
    assert!(on && filter.starts_with("blur("), "{filter}");
    crate::a11y::check(&b, "item with an image").await;
    b.screenshot(&artifact("item-image.png")).await;
    b.press("v").await;
    assert_eq!(blurred(&b).await, (false, "none".to_owned()));
    let reveal = b.wait_for("#reveal").await;
    b.click(&reveal).await;
    assert!(blurred(&b).await.0, "the link blurs it again");
    b.click(&reveal).await;
    assert!(!blurred(&b).await.0, "and reveals it");
    // Without the script, the link's own target shows it revealed.
    b.goto(&d.url(&format!("/console/items/{id}?reveal=1")))
        .await;
    b.wait_item(id).await;
    assert!(!blurred(&b).await.0, "?reveal=1 renders it unblurred");
    assert!(
        host.received_requests()
            .await
            .unwrap()
            .iter()
            .all(|r| r.url.path() == "/red.png"),
        "only modd fetched the image"
    );

    // Served as the PNG its bytes are, never cached; other sessions get nothing.
    let cookie = b.cookie("modd_console").await.unwrap()["value"]
        .as_str()
        .unwrap()
        .to_owned();
    let image_path = format!("/console/items/{id}/image");
    let served = d
        .http
        .get(d.url(&image_path))
        .header("cookie", format!("modd_console={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["cache-control"], "private, no-store");
    assert_eq!(served.bytes().await.unwrap().to_vec(), png());
    // Without a session: sent to sign in, no image.
    let anonymous = d.http.get(d.url(&image_path)).send().await.unwrap();
    assert!(
        anonymous.url().path().ends_with("/console/login"),
        "{}",
        anonymous.url()
    );
    assert!(
        !anonymous.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("image/")
    );

    // A fetch the fetcher refuses: the page says why.
    let refused = image_item(&d, &app, "img-2", &format!("{}/page.html", host.uri())).await;
    open(&b, &d, refused).await;
    let error = b.wait_for("#image-error:not(.hidden)").await;
    let said = b.text(&error).await;
    assert!(said.contains("not an image"), "{said}");
    b.close().await;
    d.shutdown().await;
}
