//! `POST /v1/moderations` over real HTTP: OpenAI's request and response
//! shapes, Bearer auth, OpenAI's error body, and the official `openai`
//! Python SDK pointed at modd.

use modctl::client::ClientError;
use modd_common::Role;
use modd_common::compat::openai::{
    ContentPart, ModerationInput, ModerationRequest, ModerationResponse, OpenAiErrorBody,
    OpenAiErrorDetail,
};
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::{Value, json};

modd_testkit::on_both_backends!(
    openai_shape_and_bearer_auth,
    openai_errors_use_openai_error_shape,
    openai_python_sdk_talks_to_modd
);

/// OpenAI's categories, every one of which each result must carry.
const OPENAI_CATEGORIES: [&str; 13] = [
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
];

/// `POST /v1/moderations` with `key` as Bearer, through the typed client.
pub async fn moderate(
    d: &TestDaemon,
    key: Option<&str>,
    req: ModerationRequest,
) -> Result<ModerationResponse, ClientError> {
    d.client(key).openai_moderations(&req).await
}

fn text(t: &str) -> ModerationRequest {
    ModerationRequest::new(ModerationInput::Text(t.into()))
}

/// Asserts an error in OpenAI's shape with `status` (and `code`, if given):
/// a message, a `type`, a `param` key (`null` or not); returns the detail.
pub fn openai_error(
    result: Result<ModerationResponse, ClientError>,
    status: u16,
    code: Option<&str>,
) -> OpenAiErrorDetail {
    let err = result.expect_err("an error");
    let api = err.api().unwrap_or_else(|| panic!("no answer: {err}"));
    assert_eq!(api.status.as_u16(), status, "{err}");
    let raw: Value = api.body_as().unwrap_or_else(|| panic!("not JSON: {err}"));
    assert!(raw["error"].get("param").is_some(), "{raw}");
    let body: OpenAiErrorBody = api
        .body_as()
        .unwrap_or_else(|| panic!("not OpenAI's error shape: {raw}"));
    assert!(!body.error.message.is_empty(), "{raw}");
    assert!(!body.error.kind.is_empty(), "{raw}");
    if let Some(code) = code {
        assert_eq!(body.error.code.as_deref(), Some(code), "{raw}");
    }
    body.error
}

async fn openai_shape_and_bearer_auth(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    let mut req = text("you are a fucking idiot");
    req.model = Some("omni-moderation-latest".into());
    let body = moderate(&d, Some(&key), req).await.unwrap();
    assert!(body.id.starts_with("modr-"), "{body:?}");
    assert!(body.model.starts_with("modd-"), "{body:?}");
    let r = &body.results[0];
    assert!(r.flagged, "{r:?}");
    for c in OPENAI_CATEGORIES {
        let applied = &r.category_applied_input_types[c];
        // Scored: a score and a flag. Not scored: neither, never a 0.
        assert_eq!(
            r.categories.contains_key(c),
            !applied.is_empty(),
            "{c} in {r:?}"
        );
        assert_eq!(r.category_scores.contains_key(c), !applied.is_empty());
        if let Some(s) = r.category_scores.get(c) {
            assert!((0.0..=1.0).contains(s));
        }
    }
    // Only what a local model scored is applied to the text; the rest is
    // honestly marked as not scored (no encoder, no remote provider here).
    assert_eq!(r.category_applied_input_types["hate"], ["text"]);
    assert!(r.category_applied_input_types["violence"].is_empty());
    assert!(!r.category_scores.contains_key("violence"), "{r:?}");
    assert!(r.category_scores["profanity"] > 0.9, "{r:?}");
    assert!(r.categories["profanity"]);

    // A list of strings: one result each, in order; content parts: one result.
    let body = moderate(
        &d,
        Some(&key),
        ModerationRequest::new(ModerationInput::Texts(vec![
            "have a lovely day".into(),
            "you are a fucking idiot".into(),
        ])),
    )
    .await
    .unwrap();
    let flagged: Vec<bool> = body.results.iter().map(|r| r.flagged).collect();
    assert_eq!(flagged, [false, true]);
    let body = moderate(
        &d,
        Some(&key),
        ModerationRequest::new(ModerationInput::Parts(vec![
            ContentPart::text("thanks,"),
            ContentPart::text("this helped"),
        ])),
    )
    .await
    .unwrap();
    assert_eq!(body.results.len(), 1);
    assert!(!body.results[0].flagged);

    // An image nobody can score is never approved silently.
    let body = moderate(
        &d,
        Some(&key),
        ModerationRequest::new(ModerationInput::Parts(vec![ContentPart::image_url(
            "https://img.example/a.png",
        )])),
    )
    .await
    .unwrap();
    assert!(body.results[0].flagged);
    assert!(body.results[0].category_applied_input_types["violence"].is_empty());
}

/// The errors a well-formed request can meet; malformed bodies and keys in
/// the wrong header are in the router tests (`daemon/tests/router/compat.rs`).
async fn openai_errors_use_openai_error_shape(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &["forum"]).await;

    // No key, a wrong key: 401 invalid_api_key.
    openai_error(
        moderate(&d, None, text("hi")).await,
        401,
        Some("invalid_api_key"),
    );
    openai_error(
        moderate(&d, Some("mod_test_wrong"), text("hi")).await,
        401,
        Some("invalid_api_key"),
    );

    for (req, param) in [
        (
            ModerationRequest::new(ModerationInput::Texts(vec![])),
            "input",
        ),
        (
            ModerationRequest::new(ModerationInput::Parts(vec![ContentPart::image_url(
                "file:///etc/passwd",
            )])),
            "input",
        ),
        (text(&"x".repeat(20_001)), "input"),
    ] {
        let e = openai_error(moderate(&d, Some(&key), req).await, 400, None);
        assert_eq!(e.kind, "invalid_request_error");
        assert_eq!(e.param.as_deref(), Some(param), "{e:?}");
    }

    // A key bound to "forum" cannot borrow another app's policy.
    let mut req = text("hi");
    req.source_app = Some("shop".into());
    openai_error(moderate(&d, Some(&key), req.clone()).await, 403, None);
    req.source_app = Some("forum".into());
    moderate(&d, Some(&key), req).await.unwrap();
}

/// The interpreter with the `openai` package: `MODD_TEST_OPENAI_PYTHON`
/// (CI prepares a pinned venv). Unset: skipped, unless services are required.
fn sdk_python() -> Option<String> {
    let python = std::env::var("MODD_TEST_OPENAI_PYTHON")
        .ok()
        .filter(|p| !p.is_empty());
    let required = std::env::var("MODD_REQUIRE_SERVICES").is_ok_and(|v| v == "1");
    match python {
        Some(p) => Some(p),
        None if required => panic!(
            "MODD_TEST_OPENAI_PYTHON is unset and MODD_REQUIRE_SERVICES=1: create the venv as .ci/run does"
        ),
        None => None,
    }
}

async fn openai_python_sdk_talks_to_modd(db: Db) {
    let Some(python) = sdk_python() else {
        return;
    };
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/openai_sdk.py");
    let out = tokio::process::Command::new(&python)
        .arg(script)
        .arg(d.url("/v1"))
        .arg(&key)
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "openai SDK script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(seen["flagged"], true);
    assert_eq!(seen["many"], json!([false, true]));
    assert!(seen["scores"]["hate"].is_number(), "{seen}");
    // Not scored here (no encoder): absent on the wire, `None` in the SDK.
    assert!(seen["scores"]["harassment/threatening"].is_null(), "{seen}");
}
