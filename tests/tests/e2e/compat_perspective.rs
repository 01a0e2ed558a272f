//! `POST /v1alpha1/comments:analyze` over real HTTP: Perspective's request
//! and response shapes, `?key=`, the attribute mapping, span scores, and
//! Google's error body for what modd cannot score.

use modd_common::{Category, Role};
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::{Value, json};

modd_testkit::on_both_backends!(
    perspective_scores_mapped_attributes,
    perspective_refuses_what_it_cannot_score,
    perspective_auth_and_bad_requests
);

pub async fn analyze(d: &TestDaemon, key: Option<&str>, body: Value) -> (u16, Value) {
    let url = match key {
        Some(k) => d.url(&format!("/v1alpha1/comments:analyze?key={k}")),
        None => d.url("/v1alpha1/comments:analyze"),
    };
    let res = d.http.post(url).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

fn google_error(status: u16, body: &Value, want: u16, want_status: &str) -> String {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["error"]["code"], want, "{body}");
    assert_eq!(body["error"]["status"], want_status, "{body}");
    body["error"]["message"].as_str().unwrap().to_owned()
}

async fn perspective_scores_mapped_attributes(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    let (status, body) = analyze(
        &d,
        Some(&key),
        json!({
            "comment": {"text": "Thanks for the answer. You are a fucking idiot!", "type": "PLAIN_TEXT"},
            "requestedAttributes": {"TOXICITY": {}, "PROFANITY": {"scoreType": "PROBABILITY"}, "IDENTITY_ATTACK": {}},
            "doNotStore": true,
            "spanAnnotations": true,
            "clientToken": "tok-1"
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["clientToken"], "tok-1");
    assert_eq!(body["languages"], json!(["en"]));
    for attr in ["TOXICITY", "PROFANITY", "IDENTITY_ATTACK"] {
        let s = &body["attributeScores"][attr]["summaryScore"];
        assert_eq!(s["type"], "PROBABILITY", "{body}");
        assert!((0.0..=1.0).contains(&s["value"].as_f64().unwrap()));
    }
    let profanity = &body["attributeScores"]["PROFANITY"];
    assert!(profanity["summaryScore"]["value"].as_f64().unwrap() > 0.9);
    // One span per sentence; the rude one scores higher.
    let spans = profanity["spanScores"].as_array().unwrap();
    assert_eq!(spans.len(), 2, "{profanity}");
    assert_eq!(
        (spans[0]["begin"].as_u64(), spans[0]["end"].as_u64()),
        (Some(0), Some(22))
    );
    assert_eq!(spans[1]["begin"], 23);
    assert!(spans[1]["score"]["value"].as_f64() > spans[0]["score"]["value"].as_f64());

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
            body["attributeScores"][attr]["summaryScore"]["value"].as_f64(),
            c.score_of(cat),
            "{attr} is fed by {cat}"
        );
    }

    // scoreThreshold leaves out attributes below it.
    let (status, body) = analyze(
        &d,
        Some(&key),
        json!({"comment": {"text": "what a lovely day"},
               "requestedAttributes": {"PROFANITY": {"scoreThreshold": 0.9}, "TOXICITY": {}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["attributeScores"].get("PROFANITY").is_none(), "{body}");
    assert!(body["attributeScores"].get("TOXICITY").is_some());
    assert!(
        body["attributeScores"]["TOXICITY"]
            .get("spanScores")
            .is_none()
    );

    // SPAM comes from a detector (any language) with its own spans.
    let (status, body) = analyze(
        &d,
        Some(&key),
        json!({"comment": {"text": "BUY NOW http://a.example http://b.example http://c.example"},
               "requestedAttributes": {"SPAM": {}}, "spanAnnotations": true}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["attributeScores"]["SPAM"]["summaryScore"]["value"].as_f64() > Some(0.0));

    // The caller vouching for English scores text the detector would refuse.
    let french =
        "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.";
    let (status, body) = analyze(
        &d,
        Some(&key),
        json!({"comment": {"text": french}, "languages": ["en"], "requestedAttributes": {"TOXICITY": {}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["detectedLanguages"], json!(["fr"]));
    assert_eq!(body["languages"], json!(["en"]));
}

async fn perspective_refuses_what_it_cannot_score(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let ask = |text: &str, attrs: Value, langs: Value| json!({"comment": {"text": text}, "requestedAttributes": attrs, "languages": langs});

    // No model for these (THREAT and INSULT need a remote provider).
    for attr in ["SEVERE_TOXICITY", "THREAT", "INSULT", "FLIRTATION"] {
        let (s, b) = analyze(
            &d,
            Some(&key),
            ask("hello there", json!({attr: {}}), json!([])),
        )
        .await;
        let m = google_error(s, &b, 400, "INVALID_ARGUMENT");
        assert_eq!(
            m,
            format!("Attribute {attr} does not support request languages: en")
        );
    }
    // A requested language the models were not trained on.
    let (s, b) = analyze(
        &d,
        Some(&key),
        ask("hallo", json!({"TOXICITY": {}}), json!(["de"])),
    )
    .await;
    let m = google_error(s, &b, 400, "INVALID_ARGUMENT");
    assert_eq!(
        m,
        "Attribute TOXICITY does not support request languages: de"
    );
    // A detected language the models were not trained on.
    let french =
        "Bonjour tout le monde, je suis très content de vous voir aujourd'hui à la maison.";
    let (s, b) = analyze(
        &d,
        Some(&key),
        ask(french, json!({"PROFANITY": {}}), json!([])),
    )
    .await;
    let m = google_error(s, &b, 400, "INVALID_ARGUMENT");
    assert_eq!(
        m,
        "Attribute PROFANITY does not support request languages: fr"
    );
    // Not a Perspective attribute at all.
    let (s, b) = analyze(
        &d,
        Some(&key),
        ask("hi", json!({"NICENESS": {}}), json!([])),
    )
    .await;
    let m = google_error(s, &b, 400, "INVALID_ARGUMENT");
    assert_eq!(m, "Unknown attribute: NICENESS");
}

async fn perspective_auth_and_bad_requests(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let ok = json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}});

    let (s, b) = analyze(&d, None, ok.clone()).await;
    google_error(s, &b, 403, "PERMISSION_DENIED");
    let (s, b) = analyze(&d, Some("mod_test_wrong"), ok.clone()).await;
    let m = google_error(s, &b, 400, "INVALID_ARGUMENT");
    assert_eq!(m, "API key not valid. Please pass a valid API key.");
    let (s, _) = analyze(&d, Some(&key), ok).await;
    assert_eq!(s, 200);

    for bad in [
        json!({"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}}),
        json!({"comment": {"text": "hi"}, "requestedAttributes": {}}),
        json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}}),
        json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}}),
        json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "bogus": 1}),
        json!({"comment": {"text": "x".repeat(20_001)}, "requestedAttributes": {"TOXICITY": {}}}),
        json!({"comment": "hi"}),
    ] {
        let (s, b) = analyze(&d, Some(&key), bad.clone()).await;
        google_error(s, &b, 400, "INVALID_ARGUMENT");
        assert!(!b.to_string().contains("xxxxxxxx"), "no text echoed");
    }
}
