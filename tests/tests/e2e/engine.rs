//! The engine over real HTTP: `classify` (raw model outputs, spans,
//! language, the caller's policy), per-app policies through the admin API
//! and `modctl policy`, decisions recording policy and model versions,
//! `Prefer: wait=N`, and `batch`.

use clap::Parser;
use modd::classify::models::{HateSonarModel, ProfanityModel};
use modd_common::{
    AnalyseRequest, BatchOutcome, BatchRequest, ClassifyResponse, ItemStatus, ItemView, PolicyView,
    Role, Verdict,
};
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

modd_testkit::on_both_backends!(
    classify_shows_raw_outputs_language_spans_and_decision,
    policies_decide_and_are_recorded_with_versions,
    wait_returns_the_decision_inline,
    batch_reports_each_item
);

async fn post(d: &TestDaemon, key: &str, path: &str, body: Value) -> (u16, Value) {
    let res = d
        .http
        .post(d.url(path))
        .header("X-API-KEY", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

const PROFANE: &str = "you are a fucking idiot";
const FRENCH: &str =
    "Bonjour à tous, je suis très heureux de vous présenter notre nouveau projet aujourd'hui.";

async fn classify_shows_raw_outputs_language_spans_and_decision(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[("MODD_WORKERS", "0"), ("MODD_CLASSIFY_MAX_TEXTS", "3")],
    )
    .await;
    let key = d.key(Role::Client, &["forum"]).await;
    let body =
        json!({"texts": [PROFANE, FRENCH, "write to jo@example.com or call +44 20 7946 0958"]});
    let (status, v) = post(&d, &key, "/api/v1/classify", body).await;
    assert_eq!(status, 200, "{v}");
    let r: ClassifyResponse = serde_json::from_value(v).unwrap();
    assert_eq!(r.results.len(), 3);

    // Raw outputs are exactly the ported models' probabilities.
    let profane = &r.results[0];
    let raw = |c: &str, k: &str| {
        profane
            .classifiers
            .iter()
            .find(|x| x.classifier == c)
            .unwrap()
            .raw[k]
    };
    assert_eq!(
        raw("alt-profanity-check", "profanity"),
        ProfanityModel::embedded().predict(PROFANE)
    );
    let sonar = HateSonarModel::embedded().predict(PROFANE);
    assert_eq!(
        raw("hatesonar", "offensive_language"),
        f64::from(sonar.offensive_language)
    );
    assert_eq!(profane.decision.verdict, Verdict::Blocked);
    assert_eq!(
        profane.decision.policy_version, "builtin@v1",
        "forum has no policy yet"
    );
    assert!(profane.language.as_ref().unwrap().covered);

    // French: not scored as English, reviewed.
    let fr = &r.results[1];
    let lang = fr.language.as_ref().unwrap();
    assert_eq!((lang.code.as_deref(), lang.covered), (Some("fra"), false));
    let skipped: Vec<_> = fr
        .classifiers
        .iter()
        .filter(|c| c.skipped.is_some())
        .map(|c| c.classifier.as_str())
        .collect();
    assert_eq!(skipped, ["alt-profanity-check", "hatesonar"]);
    assert!(
        fr.scores
            .iter()
            .all(|s| s.category == "pii" || s.category == "spam")
    );
    assert_eq!(
        (fr.decision.verdict, fr.decision.reason.as_deref()),
        (Verdict::Flagged, Some("language:fra"))
    );

    // PII spans in char offsets.
    let pii = r.results[2]
        .scores
        .iter()
        .find(|s| s.category == "pii")
        .unwrap();
    let kinds: Vec<_> = pii.spans.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["email", "phone"]);
    assert_eq!((pii.spans[0].begin, pii.spans[0].end), (9, 23));
    assert_eq!(r.results[2].decision.verdict, Verdict::Flagged);

    // Errors: no key, both forms, too many, another app's policy; nothing stored.
    let res = d
        .http
        .post(d.url("/api/v1/classify"))
        .json(&json!({"text": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    for (body, code) in [
        (json!({"text": "a", "texts": ["b"]}), 422),
        (json!({"texts": []}), 422),
        (json!({"texts": ["a", "b", "c", "d"]}), 422),
        (json!({"text": "a", "source_app": "chat"}), 403),
        (json!({"text": 5}), 422),
        (json!({"text": "a", "extra": 1}), 422),
    ] {
        let (status, v) = post(&d, &key, "/api/v1/classify", body.clone()).await;
        assert_eq!(status, code, "{body}: {v}");
        assert!(v["error"]["code"].is_string());
    }
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        0
    );
    d.shutdown().await;
}

async fn policies_decide_and_are_recorded_with_versions(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &["forum"]).await;

    // A decision under the built-in policy, recorded with its versions.
    let (_, first) = post(&d, &client, "/api/v1/moderation/analyse?wait=10",
        json!({"external_id": "1", "text": PROFANE, "content_type": "comment", "source_app": "forum"})).await;
    let first: ItemView = serde_json::from_value(first).unwrap();
    let decision = first.decision.clone().unwrap();
    assert_eq!(
        (decision.verdict, decision.policy_version.as_str()),
        (Verdict::Blocked, "builtin@v1")
    );
    assert_eq!(decision.language.as_deref(), Some("eng"));
    assert_eq!(
        first.model_versions["alt-profanity-check"],
        "alt-profanity-check-1.9.1"
    );
    assert_eq!(first.model_versions["hatesonar"], "hatesonar-0.1.0");

    // modctl policy set/show/history/test against the daemon.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.toml");
    std::fs::write(&file, "[default]\nreview_at = 1.0\nblock_at = 1.0\n").unwrap();
    let file = file.display().to_string();
    let modctl = |args: &[&str]| {
        let mut all = vec![
            "modctl",
            "--url",
            d.base.as_str(),
            "--admin-key",
            admin.as_str(),
        ];
        all.extend_from_slice(args);
        modctl::Cli::try_parse_from(all).unwrap()
    };
    modctl::run(modctl(&[
        "policy", "test", "forum", "--file", &file, "--last", "100",
    ]))
    .await
    .unwrap();
    let mc = modctl::client::Client::new(&d.base, Some(admin.clone())).unwrap();
    let doc = modctl::policy::read_document(std::path::Path::new(&file)).unwrap();
    let report = mc.test_policy("forum", &doc, 100).await.unwrap();
    assert_eq!((report.examined, report.changed, report.looser), (1, 1, 1));
    assert_eq!(report.transitions["blocked->approved"], 1);
    assert_eq!(report.examples[0].external_id, "1");
    assert_eq!(report.current_policy_version, "builtin@v1");

    modctl::run(modctl(&["policy", "set", "forum", "--file", &file]))
        .await
        .unwrap();
    modctl::run(modctl(&["policy", "show", "forum"]))
        .await
        .unwrap();
    modctl::run(modctl(&["policy", "history", "forum", "--json"]))
        .await
        .unwrap();
    let shown: PolicyView = mc.policy("forum").await.unwrap();
    assert_eq!(
        (shown.version, shown.policy_version.as_str(), shown.builtin),
        (1, "forum@v1", false)
    );
    assert_eq!(mc.policy_history("forum").await.unwrap().len(), 1);
    assert!(mc.policy("chat").await.unwrap().builtin);

    // The next decision uses the new version at once (this replica's cache was invalidated).
    let (_, second) = post(&d, &client, "/api/v1/moderation/analyse?wait=10",
        json!({"external_id": "2", "text": PROFANE, "content_type": "comment", "source_app": "forum"})).await;
    let second: ItemView = serde_json::from_value(second).unwrap();
    let decision = second.decision.unwrap();
    assert_eq!(
        (decision.verdict, decision.policy_version.as_str()),
        (Verdict::Approved, "forum@v1")
    );
    let (_, c) = post(&d, &client, "/api/v1/classify", json!({"text": PROFANE})).await;
    assert_eq!(c["results"][0]["decision"]["policy_version"], "forum@v1");

    // Bad input changes nothing; client keys cannot use the admin API.
    let put = |key: &str, body: Value| {
        d.http
            .put(d.url("/api/v1/admin/policies/forum"))
            .header("X-API-KEY", key.to_owned())
            .json(&body)
            .send()
    };
    assert_eq!(
        put(&client, json!({"document": {}}))
            .await
            .unwrap()
            .status(),
        403
    );
    for bad in [
        json!({"document": {"default": {"review_at": 0.9, "block_at": 0.1}}}),
        json!({"document": {"categories": {"nonsense": {"review_at": 0.1}}}}),
        json!({"document": {"classifier_failure": "approve"}}),
        json!({"document": {"default": {"block_at": 7}}}),
    ] {
        let res = put(&admin, bad.clone()).await.unwrap();
        assert_eq!(res.status(), 422, "{bad}");
    }
    let res = d
        .http
        .get(d.url("/api/v1/admin/policies/bad%20app"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(mc.policy_history("forum").await.unwrap().len(), 1);
    let audit = d.store.list_audit(10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "policy.set" && a.target == "policy:forum")
    );
    d.shutdown().await;
}

async fn wait_returns_the_decision_inline(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_MAX_WAIT_SECS", "2")]).await;
    let key = d.key(Role::Client, &[]).await;
    let item = |id: &str| json!({"external_id": id, "text": "have a lovely day", "content_type": "comment", "source_app": "a"});
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &key)
        .header("Prefer", "respond-async, wait=5")
        .json(&item("w1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["preference-applied"],
        "wait=2",
        "capped by MODD_MAX_WAIT_SECS"
    );
    let v: ItemView = res.json().await.unwrap();
    assert_eq!(v.status, ItemStatus::Approved);
    assert!(v.decision.is_some() && !v.scores.is_empty());
    // Without a preference: the pending item, no header, as before.
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &key)
        .json(&item("w2"))
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("preference-applied").is_none());
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "pending");
    d.shutdown().await;

    // No workers: the wait runs out and the pending item comes back.
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let key = d.key(Role::Client, &[]).await;
    let started = Instant::now();
    let (status, v) = post(&d, &key, "/api/v1/moderation/analyse?wait=1", item("w3")).await;
    assert_eq!((status, v["status"].as_str()), (200, Some("pending")));
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    let (status, _) = post(&d, &key, "/api/v1/moderation/analyse?wait=x", item("w4")).await;
    assert_eq!(status, 400);
    assert!(d.waiters.is_empty(), "waiters are cleaned up");
    d.shutdown().await;
}

async fn batch_reports_each_item(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_BATCH_MAX_ITEMS", "5")]).await;
    let key = d.key(Role::Client, &["forum"]).await;
    let ok = |id: &str| json!({"external_id": id, "text": "fine words", "content_type": "comment", "source_app": "forum"});
    let (status, v) = post(
        &d,
        &key,
        "/api/v1/moderation/batch",
        json!({"items": [
            ok("b1"),
            ok("b2"),
            ok("b1"),
            {"external_id": "b3", "content_type": "comment", "source_app": "forum"},
            {"external_id": "b4", "text": "x", "content_type": "comment", "source_app": "chat"},
        ]}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let outcomes: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["accepted", "accepted", "duplicate", "invalid", "invalid"]
    );
    assert_eq!(
        (
            v["accepted"].as_u64(),
            v["duplicates"].as_u64(),
            v["invalid"].as_u64()
        ),
        (Some(2), Some(1), Some(2))
    );
    assert!(v["results"][3]["error"].as_str().unwrap().contains("text"));
    assert!(
        v["results"][4]["error"]
            .as_str()
            .unwrap()
            .contains("source_app")
    );
    assert_eq!(v["results"][2]["item"]["id"], v["results"][0]["item"]["id"]);

    // Through the typed client: a repeat is all duplicates; the items get decided.
    let mc = modctl::client::Client::new(&d.base, Some(key.clone())).unwrap();
    let req = BatchRequest {
        items: vec![AnalyseRequest {
            external_id: "b2".into(),
            text: Some("fine words".into()),
            image_url: None,
            image_base64: None,
            content_type: "comment".into(),
            source_app: "forum".into(),
        }],
    };
    let again = mc.batch(&req).await.unwrap();
    assert_eq!(again.results[0].outcome, BatchOutcome::Duplicate);
    let id = again.results[0].item.as_ref().unwrap().id;
    let decided = modd_testkit::eventually(Duration::from_secs(20), || async {
        let item = d.store.get_item(id).await.ok()??;
        (item.status != ItemStatus::Pending).then_some(item)
    })
    .await;
    assert_eq!(decided.unwrap().status, ItemStatus::Approved);

    let too_many: Vec<Value> = (0..6).map(|n| ok(&format!("m{n}"))).collect();
    let (status, _) = post(
        &d,
        &key,
        "/api/v1/moderation/batch",
        json!({"items": too_many}),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(&d, &key, "/api/v1/moderation/batch", json!({"items": []})).await;
    assert_eq!(status, 422);
    assert!(d.store.find_item("forum", "m0").await.unwrap().is_none());
    d.shutdown().await;
}
