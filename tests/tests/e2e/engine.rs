//! The engine over real HTTP through the typed client: `classify` (raw
//! model outputs, spans, language, the caller's policy), per-app policies
//! through the admin API and `modctl policy`, decisions recording policy and
//! model versions, `Prefer: wait=N`, and `batch`. Malformed bodies are in
//! the router tests (`daemon/tests/router/engine.rs`).

use clap::Parser;
use modctl::client::{Client, ClientError};
use modd::classify::models::{HateSonarModel, ProfanityModel};
use modd_common::{
    AnalyseOutcome, AnalyseRequest, BatchOutcome, BatchRequest, ClassifyRequest, ItemStatus,
    ItemView, PolicyDocument, PolicyView, Role, Thresholds, Verdict,
};
use modd_testkit::{Db, TestDaemon, TestDb};
use std::time::{Duration, Instant};

modd_testkit::on_both_backends!(
    classify_shows_raw_outputs_language_spans_and_decision,
    policies_decide_and_are_recorded_with_versions,
    wait_returns_the_decision_inline,
    batch_reports_each_item,
    disguised_text_is_scored_and_spans_point_at_the_original
);

/// Asserts a refusal with `status` and a JSON error code.
fn refused<T: std::fmt::Debug>(result: Result<T, ClientError>, status: u16, what: &str) {
    let err = result.expect_err(what);
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(status),
        "{what}: {err}"
    );
    assert!(err.code().is_some(), "{what}: {err}");
}

fn texts(texts: &[&str]) -> ClassifyRequest {
    ClassifyRequest {
        texts: Some(texts.iter().map(|t| (*t).to_owned()).collect()),
        ..ClassifyRequest::default()
    }
}

fn text(text: &str) -> ClassifyRequest {
    ClassifyRequest {
        text: Some(text.to_owned()),
        ..ClassifyRequest::default()
    }
}

/// The classify result's score for `category`.
fn score_of(r: &modd_common::ClassifyResult, category: &str) -> Option<modd_common::CategoryScore> {
    r.scores.iter().find(|s| s.category == category).cloned()
}

/// Submits and waits up to 10 s for the decision, which must come.
async fn decided(client: &Client, req: &AnalyseRequest) -> ItemView {
    match client.analyse_wait(req, 10).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    }
}

const PROFANE: &str = "you are a fucking idiot";
const ITALIAN: &str =
    "Buongiorno a tutti, sono molto contento di presentarvi il nostro nuovo progetto oggi.";

async fn classify_shows_raw_outputs_language_spans_and_decision(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[("MODD_WORKERS", "0"), ("MODD_CLASSIFY_MAX_TEXTS", "3")],
    )
    .await;
    let client = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let r = client
        .classify(&texts(&[
            PROFANE,
            ITALIAN,
            "write to jo@example.com or call +44 20 7946 0958",
        ]))
        .await
        .unwrap();
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

    // Italian (no model of its own): not scored as English, reviewed.
    let it = &r.results[1];
    let lang = it.language.as_ref().unwrap();
    assert_eq!((lang.code.as_deref(), lang.covered), (Some("ita"), false));
    let ran: Vec<_> = it
        .classifiers
        .iter()
        .filter(|c| c.skipped.is_none())
        .map(|c| c.classifier.as_str())
        .collect();
    assert_eq!(ran, ["pii-detector", "spam-detector"]);
    // Only the language-independent detectors.
    for s in &it.scores {
        assert!(["pii", "spam"].contains(&s.category.as_str()), "{s:?}");
    }
    assert_eq!(
        (it.decision.verdict, it.decision.reason.as_deref()),
        (Verdict::Flagged, Some("language:ita"))
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
    refused(d.client(None).classify(&text("x")).await, 401, "no key");
    let mut both = text("a");
    both.texts = Some(vec!["b".into()]);
    let mut chat = text("a");
    chat.source_app = Some("chat".into());
    for (req, code) in [
        (both, 422),
        (texts(&[]), 422),
        (texts(&["a", "b", "c", "d"]), 422),
        (chat, 403),
    ] {
        let what = format!("{req:?}");
        refused(client.classify(&req).await, code, &what);
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
    let client = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let profane = |id: &str| AnalyseRequest::new("forum", id, "comment").with_text(PROFANE);

    // A decision under the built-in policy, recorded with its versions.
    let first = decided(&client, &profane("1")).await;
    let decision = first.decision.clone().unwrap();
    assert_eq!(
        (decision.verdict, decision.policy_version.as_str()),
        (Verdict::Blocked, "builtin@v1")
    );
    assert_eq!(decision.language.as_deref(), Some("eng"));
    // Calibrated models say so in their version (the calibration file's hash).
    assert_eq!(
        first.model_versions["alt-profanity-check"],
        "alt-profanity-check-1.9.1+platt:944a6cba"
    );
    assert_eq!(
        first.model_versions["hatesonar"],
        "hatesonar-0.1.0+platt:944a6cba"
    );
    let hate = first.scores.iter().find(|s| s.category == "hate").unwrap();
    assert_eq!(hate.languages, ["eng"], "{hate:?}");
    let pii = first.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(pii.languages, ["*"], "{pii:?}");

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
    let second = decided(&client, &profane("2")).await;
    let decision = second.decision.unwrap();
    assert_eq!(
        (decision.verdict, decision.policy_version.as_str()),
        (Verdict::Approved, "forum@v1")
    );
    let c = client.classify(&text(PROFANE)).await.unwrap();
    assert_eq!(c.results[0].decision.policy_version, "forum@v1");

    // Bad input changes nothing; client keys cannot use the admin API.
    refused(
        client.set_policy("forum", &PolicyDocument::default()).await,
        403,
        "a client key",
    );
    let with_default = |review_at: Option<f64>, block_at: Option<f64>| PolicyDocument {
        default: Thresholds {
            review_at,
            block_at,
        },
        ..PolicyDocument::default()
    };
    for bad in [
        with_default(Some(0.9), Some(0.1)),
        with_default(None, Some(7.0)),
    ] {
        let what = format!("{bad:?}");
        refused(mc.set_policy("forum", &bad).await, 422, &what);
    }
    refused(mc.policy("bad app").await, 422, "an invalid app name");
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
    let client = d.client_as(Role::Client).await;
    let item = |id: &str| AnalyseRequest::new("a", id, "comment").with_text("have a lovely day");
    let (outcome, applied) = client
        .analyse_with_preference(&item("w1"), Some(5))
        .await
        .unwrap();
    assert_eq!(
        applied.as_deref(),
        Some("wait=2"),
        "capped by MODD_MAX_WAIT_SECS"
    );
    let AnalyseOutcome::Decided(v) = outcome else {
        panic!("not decided: {outcome:?}");
    };
    assert_eq!(v.status, ItemStatus::Approved);
    assert!(v.decision.is_some() && !v.scores.is_empty());
    // Without a preference: the pending item, no header, as before.
    let (outcome, applied) = client
        .analyse_with_preference(&item("w2"), None)
        .await
        .unwrap();
    assert!(applied.is_none(), "{applied:?}");
    assert!(
        matches!(&outcome, AnalyseOutcome::Pending(p) if p.status == ItemStatus::Pending),
        "{outcome:?}"
    );
    d.shutdown().await;

    // No workers: the wait runs out and the pending item comes back.
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let client = d.client_as(Role::Client).await;
    let started = Instant::now();
    let outcome = client.analyse_wait(&item("w3"), 1).await.unwrap();
    assert!(
        matches!(&outcome, AnalyseOutcome::Pending(p) if p.status == ItemStatus::Pending),
        "{outcome:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(d.waiters.is_empty(), "waiters are cleaned up");
    d.shutdown().await;
}

async fn batch_reports_each_item(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_BATCH_MAX_ITEMS", "5")]).await;
    let mc = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let ok = |id: &str| AnalyseRequest::new("forum", id, "comment").with_text("fine words");
    let v = mc
        .batch(&BatchRequest {
            items: vec![
                ok("b1"),
                ok("b2"),
                ok("b1"),
                AnalyseRequest::new("forum", "b3", "comment"),
                AnalyseRequest::new("chat", "b4", "comment").with_text("x"),
            ],
        })
        .await
        .unwrap();
    let outcomes: Vec<BatchOutcome> = v.results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [
            BatchOutcome::Accepted,
            BatchOutcome::Accepted,
            BatchOutcome::Duplicate,
            BatchOutcome::Invalid,
            BatchOutcome::Invalid
        ]
    );
    assert_eq!((v.accepted, v.duplicates, v.invalid), (2, 1, 2));
    let error = |i: usize| v.results[i].error.clone().unwrap_or_default();
    assert!(error(3).contains("text"), "{v:?}");
    assert!(error(4).contains("source_app"), "{v:?}");
    let id = |i: usize| v.results[i].item.as_ref().map(|item| item.id);
    assert!(id(0).is_some());
    assert_eq!(id(2), id(0));

    // A repeat is all duplicates; the items get decided.
    let again = mc
        .batch(&BatchRequest {
            items: vec![ok("b2")],
        })
        .await
        .unwrap();
    assert_eq!(again.results[0].outcome, BatchOutcome::Duplicate);
    let id = again.results[0].item.as_ref().unwrap().id;
    let decided = modd_testkit::eventually(Duration::from_secs(20), || async {
        let item = d.store.get_item(id).await.ok()??;
        (item.status != ItemStatus::Pending).then_some(item)
    })
    .await;
    assert_eq!(decided.unwrap().status, ItemStatus::Approved);

    let too_many = BatchRequest {
        items: (0..6).map(|n| ok(&format!("m{n}"))).collect(),
    };
    refused(mc.batch(&too_many).await, 422, "six items, five allowed");
    refused(
        mc.batch(&BatchRequest { items: vec![] }).await,
        422,
        "no items",
    );
    assert!(d.store.find_item("forum", "m0").await.unwrap().is_none());
    d.shutdown().await;
}

/// Normalisation: leet, zero-width chars, look-alike letters and masking
/// do not hide a text from the models, and a detector's span found on the
/// cleaned text points at the characters the user sent.
async fn disguised_text_is_scored_and_spans_point_at_the_original(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let client = d.client(Some(&d.key(Role::Client, &[]).await));
    let disguised = [
        "y0u 4r3 4 fuck1ng 1d10t",
        "you are a f\u{200b}u\u{200b}c\u{200b}k\u{200b}i\u{200b}n\u{200b}g idiot",
        "yоu аrе а fuсking idiоt",
        "you are a f*ck*ng idiot",
    ];
    let email = "mail me at \u{200b}jо\u{200b}@example.com today";
    let mut all: Vec<&str> = disguised.to_vec();
    all.push(email);
    let r = client.classify(&texts(&all)).await.unwrap();
    let plain = ProfanityModel::embedded().predict(PROFANE);
    for (text, result) in disguised.iter().zip(&r.results) {
        let lang = result.language.as_ref().unwrap();
        assert!(lang.covered, "{text:?}: {lang:?}");
        let profanity = score_of(result, "profanity").unwrap_or_else(|| panic!("{text:?}"));
        assert!(
            profanity.score >= 0.5,
            "{text:?} scored {} (plain text: {plain})",
            profanity.score
        );
        assert_ne!(result.decision.verdict, Verdict::Approved, "{text:?}");
    }
    let pii = score_of(&r.results[4], "pii").unwrap();
    let span = &pii.spans[0];
    let found: String = email
        .chars()
        .skip(span.begin)
        .take(span.end - span.begin)
        .collect();
    assert_eq!(
        found,
        "\u{200b}jо\u{200b}@example.com".trim_start_matches('\u{200b}')
    );
    assert_eq!(span.kind, "email");
}
