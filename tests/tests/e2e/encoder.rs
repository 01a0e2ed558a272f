//! The sentence-encoder stage end to end: a threat and a sexual solicitation
//! get `minilm-heads` scores that the built-in policy blocks, through
//! analyse → decision → webhook, `classify`, `/v1/moderations` and
//! Perspective's `comments:analyze` (THREAT, SEXUALLY_EXPLICIT); a kind
//! word is approved; Russian is not scored as if it were English; an app
//! whose policy says `encoder = false` skips the stage.
//!
//! The model files come from `tools/export-models/encoder.py install`
//! (`MODD_ENCODER_DIR`, else `data/models/` in the repository). Without
//! them the tests are skipped, unless `MODD_REQUIRE_ENCODER_MODEL=1` (CI)
//! makes that a failure.

use modd_common::compat::openai::{ModerationInput, ModerationRequest};
use modd_common::compat::perspective::AnalyzeRequest;
use modd_common::{ClassifyRequest, ItemView, PolicyDocument, Role, Verdict};
use modd_testkit::{Db, TestDaemon, TestDb};
use std::path::{Path, PathBuf};

use crate::hooks::{delivery_for, receiver, set_webhook};
use crate::items::decided;

modd_testkit::on_both_backends!(new_categories_flow_from_analyse_to_the_webhook);

const CLASSIFIER: &str = "minilm-heads";
/// harassment_threatening 0.85, violence 0.94 (reference scores).
const THREAT: &str = "I know where you live and I will come and hurt you tonight.";
/// sexual 0.995.
const SEXUAL: &str = "Send me nudes right now, I want to see you naked.";
/// Every head below 0.2.
const KIND: &str = "Thanks for the recipe, the cake turned out great!";

/// The installed model directory, or `None` to skip (a failure under
/// `MODD_REQUIRE_ENCODER_MODEL=1`).
pub(crate) fn model_dir() -> Option<String> {
    let p = match std::env::var("MODD_ENCODER_DIR") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/models"),
    };
    if p.join("minilm-l6-v2-int8.onnx").is_file() && p.join("minilm-l6-v2-tokenizer.json").is_file()
    {
        return Some(p.display().to_string());
    }
    if std::env::var("MODD_REQUIRE_ENCODER_MODEL").as_deref() == Ok("1") {
        panic!(
            "MODD_REQUIRE_ENCODER_MODEL=1 but {} has no encoder",
            p.display()
        );
    }
    eprintln!(
        "SKIPPED: no encoder in {} (tools/export-models/encoder.py install)",
        p.display()
    );
    None
}

fn encoder_score(item: &ItemView, category: &str) -> f64 {
    item.scores
        .iter()
        .find(|s| s.category == category && s.classifier == CLASSIFIER)
        .unwrap_or_else(|| panic!("no {CLASSIFIER} {category} score: {item:?}"))
        .score
}

async fn new_categories_flow_from_analyse_to_the_webhook(db: Db) {
    let Some(dir) = model_dir() else { return };
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_ENCODER_DIR", dir.as_str()),
            ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
        ],
    )
    .await;
    let admin = d.key(Role::Admin, &[]).await;
    set_webhook(&d, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    let client = d.client(Some(&d.key(Role::Client, &["forum", "quiet"]).await));

    let ready = d.client(None).ready().await.unwrap();
    assert_eq!(ready.checks["encoder_model"].status, "ok", "{ready:?}");

    let threat = decided(&client, "forum", "t-1", THREAT).await;
    assert_eq!(threat.decision.as_ref().unwrap().verdict, Verdict::Blocked);
    assert!(encoder_score(&threat, "violence") > 0.85, "{threat:?}");
    assert!(encoder_score(&threat, "harassment_threatening") > 0.7);
    let kind = decided(&client, "forum", "k-1", KIND).await;
    assert_eq!(kind.decision.as_ref().unwrap().verdict, Verdict::Approved);
    assert!(encoder_score(&kind, "harassment") < 0.5, "{kind:?}");
    // Russian: the encoder's heads do not run (English only); Russian's
    // own n-gram heads score the threat, and the policy blocks it.
    let russian = decided(
        &client,
        "forum",
        "r-1",
        "Я знаю, где ты живёшь, и сегодня ночью приду и сделаю тебе больно.",
    )
    .await;
    assert!(
        russian.scores.iter().all(|s| s.classifier != CLASSIFIER),
        "{russian:?}"
    );
    let threatening = russian
        .scores
        .iter()
        .find(|s| s.category == "harassment_threatening");
    assert_eq!(
        threatening.map(|s| s.classifier.as_str()),
        Some("ngram-heads-rus"),
        "{russian:?}"
    );
    assert_eq!(russian.decision.as_ref().unwrap().verdict, Verdict::Blocked);

    // The webhook carries the decision the encoder's score made.
    let body = delivery_for(&receiver, threat.id, "the threat").await;
    assert_eq!(body["data"]["status"], "blocked", "{body}");

    // classify: the run, its raw scores and the decision.
    let c = client
        .classify(&ClassifyRequest {
            texts: Some(vec![SEXUAL.into(), KIND.into()]),
            source_app: Some("forum".into()),
            ..ClassifyRequest::default()
        })
        .await
        .unwrap();
    let run = c.results[0]
        .classifiers
        .iter()
        .find(|r| r.classifier == CLASSIFIER)
        .expect("the encoder ran");
    assert_eq!(run.raw.len(), 12, "{run:?}");
    assert!(run.raw["sexual"] > 0.9, "{run:?}");
    assert_eq!(c.results[0].decision.verdict, Verdict::Blocked);
    assert_eq!(c.results[1].decision.verdict, Verdict::Approved);

    // OpenAI-compatible: the category flags and scores.
    let v = client
        .openai_moderations(&ModerationRequest {
            input: ModerationInput::Texts(vec![SEXUAL.into(), THREAT.into()]),
            model: None,
            source_app: Some("forum".into()),
            content_type: None,
        })
        .await
        .unwrap();
    assert!(v.results[0].categories["sexual"], "{v:?}");
    assert!(v.results[0].category_scores["sexual"] > 0.9);
    assert!(v.results[1].categories["violence"], "{v:?}");

    // Perspective-compatible: THREAT and SEXUALLY_EXPLICIT now have a score.
    let p = client
        .perspective_analyze(&AnalyzeRequest::new(
            THREAT,
            &["THREAT", "SEXUALLY_EXPLICIT"],
        ))
        .await
        .unwrap();
    assert!(
        p.attribute_scores["THREAT"].summary_score.value > 0.7,
        "{p:?}"
    );
    assert!(p.attribute_scores["SEXUALLY_EXPLICIT"].summary_score.value < 0.5);

    // An app whose policy turns the stage off: skipped, and approved.
    let off = PolicyDocument {
        encoder: false,
        ..PolicyDocument::default()
    };
    d.client(Some(&admin))
        .set_policy("quiet", &off)
        .await
        .unwrap();
    let quiet = decided(&client, "quiet", "q-1", THREAT).await;
    assert!(quiet.scores.iter().all(|s| s.classifier != CLASSIFIER));
    let c = client
        .classify(&ClassifyRequest {
            texts: Some(vec![THREAT.into()]),
            source_app: Some("quiet".into()),
            ..ClassifyRequest::default()
        })
        .await
        .unwrap();
    let run = c.results[0]
        .classifiers
        .iter()
        .find(|r| r.classifier == CLASSIFIER)
        .expect("listed as skipped");
    assert_eq!(run.skipped.as_deref(), Some("turned off by the policy"));
    d.shutdown().await;
}
