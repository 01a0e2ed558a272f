//! `POST /v1alpha1/comments:analyze` over real HTTP through the typed
//! client: Perspective's request and response shapes, `?key=`, the
//! attribute mapping, span scores, and Google's error body for what modd
//! cannot score. Malformed bodies are in the router tests
//! (`daemon/tests/router/compat.rs`).

use modctl::client::ClientError;
use modd_common::compat::perspective::{
    AnalyzeRequest, AnalyzeResponse, AttributeOptions, GoogleErrorBody,
};
use modd_common::{Category, Role};
use modd_testkit::{Db, TestDaemon, TestDb};

modd_testkit::on_both_backends!(
    perspective_scores_mapped_attributes,
    perspective_refuses_what_it_cannot_score,
    perspective_auth_and_bad_requests
);

/// `comments:analyze` with `key` as `?key=`, through the typed client.
pub async fn analyze(
    d: &TestDaemon,
    key: Option<&str>,
    req: &AnalyzeRequest,
) -> Result<AnalyzeResponse, ClientError> {
    d.client(key).perspective_analyze(req).await
}

/// Asserts an error in Google's shape with `want` as HTTP status and body
/// `code`, and `want_status` as its status name; returns the message. The
/// body never echoes the comment.
fn google_error(
    result: Result<AnalyzeResponse, ClientError>,
    want: u16,
    want_status: &str,
) -> String {
    let err = result.expect_err("an error");
    let api = err.api().unwrap_or_else(|| panic!("no answer: {err}"));
    assert_eq!(api.status.as_u16(), want, "{err}");
    let body: GoogleErrorBody = api
        .body_as()
        .unwrap_or_else(|| panic!("not Google's error shape: {}", api.body_text()));
    assert_eq!(body.error.code, want, "{body:?}");
    assert_eq!(body.error.status, want_status, "{body:?}");
    assert!(!api.body_text().contains("xxxxxxxx"), "no text echoed");
    body.error.message
}

fn ask(text: &str, attrs: &[&str], langs: &[&str]) -> AnalyzeRequest {
    let mut req = AnalyzeRequest::new(text, attrs);
    req.languages = langs.iter().map(|l| (*l).to_owned()).collect();
    req
}

fn summary(body: &AnalyzeResponse, attr: &str) -> f64 {
    body.attribute_scores[attr].summary_score.value
}

async fn perspective_scores_mapped_attributes(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    let mut req = AnalyzeRequest::new(
        "Thanks for the answer. You are a fucking idiot!",
        &["TOXICITY", "IDENTITY_ATTACK"],
    );
    req.comment.kind = Some("PLAIN_TEXT".into());
    req.requested_attributes.insert(
        "PROFANITY".into(),
        AttributeOptions {
            score_type: Some("PROBABILITY".into()),
            score_threshold: None,
        },
    );
    req.do_not_store = true;
    req.span_annotations = true;
    req.client_token = Some("tok-1".into());
    let body = analyze(&d, Some(&key), &req).await.unwrap();
    assert_eq!(body.client_token.as_deref(), Some("tok-1"));
    assert_eq!(body.languages, ["en"]);
    for attr in ["TOXICITY", "PROFANITY", "IDENTITY_ATTACK"] {
        let s = &body.attribute_scores[attr].summary_score;
        assert_eq!(s.kind, "PROBABILITY", "{body:?}");
        assert!((0.0..=1.0).contains(&s.value));
    }
    let profanity = &body.attribute_scores["PROFANITY"];
    assert!(profanity.summary_score.value > 0.9);
    // One span per sentence; the rude one scores higher.
    let spans = &profanity.span_scores;
    assert_eq!(spans.len(), 2, "{profanity:?}");
    assert_eq!((spans[0].begin, spans[0].end), (0, 22));
    assert_eq!(spans[1].begin, 23);
    assert!(spans[1].score.value > spans[0].score.value);

    // The same scores as the engine gives the mapped categories.
    let engine = std::sync::Arc::new(modd::classify::Engine::builtin());
    let c = engine
        .classify(
            Some("Thanks for the answer. You are a fucking idiot!"),
            None,
            Default::default(),
        )
        .await;
    for (attr, cat) in [
        ("TOXICITY", Category::Toxicity),
        ("PROFANITY", Category::Profanity),
        ("IDENTITY_ATTACK", Category::Hate),
    ] {
        assert_eq!(
            Some(summary(&body, attr)),
            c.score_of(cat),
            "{attr} is fed by {cat}"
        );
    }

    // scoreThreshold leaves out attributes below it.
    let mut req = AnalyzeRequest::new("what a lovely day", &["TOXICITY"]);
    req.requested_attributes.insert(
        "PROFANITY".into(),
        AttributeOptions {
            score_type: None,
            score_threshold: Some(0.9),
        },
    );
    let body = analyze(&d, Some(&key), &req).await.unwrap();
    assert!(!body.attribute_scores.contains_key("PROFANITY"), "{body:?}");
    assert!(body.attribute_scores["TOXICITY"].span_scores.is_empty());

    // SPAM comes from a detector (any language) with its own spans.
    let mut req = AnalyzeRequest::new(
        "BUY NOW http://a.example http://b.example http://c.example",
        &["SPAM"],
    );
    req.span_annotations = true;
    let body = analyze(&d, Some(&key), &req).await.unwrap();
    assert!(summary(&body, "SPAM") > 0.0, "{body:?}");

    // The caller vouching for English scores text the detector would refuse.
    let french =
        "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.";
    let body = analyze(&d, Some(&key), &ask(french, &["TOXICITY"], &["en"]))
        .await
        .unwrap();
    assert_eq!(body.detected_languages, ["fr"]);
    assert_eq!(body.languages, ["en"]);
}

async fn perspective_refuses_what_it_cannot_score(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    // No model for these (THREAT and INSULT need a remote provider).
    for attr in ["SEVERE_TOXICITY", "THREAT", "INSULT", "FLIRTATION"] {
        let res = analyze(&d, Some(&key), &ask("hello there", &[attr], &[])).await;
        let m = google_error(res, 400, "INVALID_ARGUMENT");
        assert_eq!(
            m,
            format!("Attribute {attr} does not support request languages: en")
        );
    }
    // A requested language the models were not trained on.
    let res = analyze(&d, Some(&key), &ask("hallo", &["TOXICITY"], &["de"])).await;
    let m = google_error(res, 400, "INVALID_ARGUMENT");
    assert_eq!(
        m,
        "Attribute TOXICITY does not support request languages: de"
    );
    // A detected language the models were not trained on.
    let french =
        "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.";
    let res = analyze(&d, Some(&key), &ask(french, &["TOXICITY"], &[])).await;
    let m = google_error(res, 400, "INVALID_ARGUMENT");
    assert_eq!(
        m,
        "Attribute TOXICITY does not support request languages: fr"
    );
    // German requested: the German lexicon answers PROFANITY, whatever the
    // detector makes of a short word; nothing answers TOXICITY in German.
    let res = analyze(&d, Some(&key), &ask("Scheiße", &["PROFANITY"], &["de"])).await;
    let de = res.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        de.attribute_scores["PROFANITY"].summary_score.value > 0.85,
        "{de:?}"
    );
    assert_eq!(de.languages, ["de"]);
    let res = analyze(&d, Some(&key), &ask("Scheiße", &["TOXICITY"], &["de"])).await;
    let m = google_error(res, 400, "INVALID_ARGUMENT");
    assert_eq!(
        m,
        "Attribute TOXICITY does not support request languages: de"
    );
    // French PROFANITY has a model (the French lexicon).
    let res = analyze(&d, Some(&key), &ask(french, &["PROFANITY"], &[])).await;
    let fr = res.unwrap_or_else(|e| panic!("{e}"));
    assert!(
        fr.attribute_scores["PROFANITY"].summary_score.value < 0.1,
        "{fr:?}"
    );
    // Not a Perspective attribute at all.
    let res = analyze(&d, Some(&key), &ask("hi", &["NICENESS"], &[])).await;
    let m = google_error(res, 400, "INVALID_ARGUMENT");
    assert_eq!(m, "Unknown attribute: NICENESS");
}

async fn perspective_auth_and_bad_requests(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let ok = AnalyzeRequest::new("hi", &["TOXICITY"]);

    google_error(analyze(&d, None, &ok).await, 403, "PERMISSION_DENIED");
    let m = google_error(
        analyze(&d, Some("mod_test_wrong"), &ok).await,
        400,
        "INVALID_ARGUMENT",
    );
    assert_eq!(m, "API key not valid. Please pass a valid API key.");
    analyze(&d, Some(&key), &ok).await.unwrap();

    let option = |score_type: Option<&str>, score_threshold: Option<f64>| {
        let mut req = ok.clone();
        req.requested_attributes.insert(
            "TOXICITY".into(),
            AttributeOptions {
                score_type: score_type.map(str::to_owned),
                score_threshold,
            },
        );
        req
    };
    for bad in [
        AnalyzeRequest::new("", &["TOXICITY"]),
        AnalyzeRequest::new("hi", &[]),
        option(Some("STD_DEV_SCORE"), None),
        option(None, Some(2.0)),
        AnalyzeRequest::new("x".repeat(20_001), &["TOXICITY"]),
    ] {
        google_error(analyze(&d, Some(&key), &bad).await, 400, "INVALID_ARGUMENT");
    }
}
