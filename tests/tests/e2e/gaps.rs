//! Per-category gaps end to end: a category no model scores for the text's
//! language is reported as a gap (classify, the stored decision, the
//! webhooks of the rule's and then the reviewer's decision), never as a
//! score of 0, and the app's policy says what it means. The test daemon
//! has no sentence encoder, so `violence` has no model in any language.

use crate::hooks::{receiver, set_webhook};
use modd_common::{
    AnalyseOutcome, AnalyseRequest, Category, CategoryGapAction, ClassifyRequest, Gap, ItemStatus,
    LanguageAction, PolicyDocument, ReviewVerdict, Role, Verdict,
};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

modd_testkit::on_both_backends!(
    a_category_no_model_scores_is_a_gap_the_policy_decides,
    a_reviewers_webhook_carries_the_rules_gaps,
);

const FRENCH_THREAT: &str = "Je sais où tu habites et je vais venir te faire du mal ce soir.";
const ITALIAN_THREAT: &str = "So dove abiti e stasera vengo a farti del male, stai attento.";

fn classify(text: &str, app: Option<&str>) -> ClassifyRequest {
    ClassifyRequest {
        text: Some(text.to_owned()),
        source_app: app.map(str::to_owned),
        ..ClassifyRequest::default()
    }
}

fn gap(category: Category, language: &str) -> Gap {
    Gap::CategoryUncovered {
        category,
        language: Some(language.to_owned()),
    }
}

async fn a_category_no_model_scores_is_a_gap_the_policy_decides(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.client(Some(&d.key(Role::Admin, &[]).await));
    let client = d.client(Some(&d.key(Role::Client, &[]).await));

    // The built-in policy reports gaps and ignores them, as before.
    let r = client
        .classify(&classify(
            "Thanks for the quick delivery, see you soon.",
            None,
        ))
        .await
        .unwrap();
    let r = &r.results[0];
    assert!(r.gaps.contains(&gap(Category::Violence, "eng")), "{r:?}");
    assert!(!r.scores.iter().any(|s| s.category == "violence"), "{r:?}");
    assert_eq!(r.decision.verdict, Verdict::Approved, "{r:?}");
    let langs = |cat: &str| {
        r.scores
            .iter()
            .find(|s| s.category == cat)
            .map(|s| s.languages.clone())
    };
    assert_eq!(langs("profanity"), Some(vec!["eng".to_owned()]));
    assert_eq!(langs("pii"), Some(vec!["*".to_owned()]));

    // An app that decides on detectors for other languages, but blocks a
    // possible threat no model can read.
    let mut doc = PolicyDocument {
        uncovered_language: LanguageAction::DetectorsOnly,
        ..PolicyDocument::default()
    };
    doc.uncovered_categories
        .insert(Category::HarassmentThreatening, CategoryGapAction::Block);
    admin.set_policy("forum", &doc).await.unwrap();
    let r = client
        .classify(&classify(ITALIAN_THREAT, Some("forum")))
        .await
        .unwrap();
    let r = &r.results[0];
    assert!(
        r.gaps
            .contains(&gap(Category::HarassmentThreatening, "ita")),
        "{r:?}"
    );
    assert_eq!(r.decision.verdict, Verdict::Blocked);
    assert_eq!(
        r.decision.reason.as_deref(),
        Some("uncovered:harassment_threatening:ita")
    );

    // French has its lexicon for profanity and its n-gram heads for the
    // rest: scored, not gaps.
    let r = client
        .classify(&classify(FRENCH_THREAT, Some("forum")))
        .await
        .unwrap();
    let r = &r.results[0];
    let from = |category: &str| {
        let s = r.scores.iter().find(|s| s.category == category);
        s.map(|s| (s.classifier.as_str(), s.languages.clone()))
    };
    let fra = vec!["fra".to_owned()];
    // No French model scores `toxicity`, and no local model at all
    // `illicit_violent`: those are the gaps.
    assert_eq!(
        r.gaps,
        [
            gap(Category::IllicitViolent, "fra"),
            gap(Category::Toxicity, "fra")
        ],
        "{r:?}"
    );
    assert_eq!(
        from("profanity"),
        Some(("profanity-lexicon-fra", fra.clone()))
    );
    assert_eq!(
        from("harassment_threatening"),
        Some(("ngram-heads-fra", fra))
    );

    // The stored decision keeps the gap and its reason.
    let req = AnalyseRequest::new("forum", "it-1", "comment").with_text(ITALIAN_THREAT);
    let item = match client.analyse_wait(&req, 10).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    };
    let decision = item.decision.unwrap();
    assert_eq!(decision.verdict, Verdict::Blocked);
    assert!(
        decision
            .gaps
            .contains(&gap(Category::HarassmentThreatening, "ita")),
        "{decision:?}"
    );
    let pii = item.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(pii.languages, ["*"]);
    d.shutdown().await;
}

/// The policy held an item for a category no model scores; the reviewer's
/// `moderation.decided` event tells the app the same gaps the rule's
/// `moderation.flagged` did.
async fn a_reviewers_webhook_carries_the_rules_gaps(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let d = TestDaemon::start(&db, &[("MODD_WEBHOOK_ALLOW_PRIVATE", "true")]).await;
    let admin_key = d.key(Role::Admin, &[]).await;
    let admin = d.client(Some(&admin_key));
    let client = d.client(Some(&d.key(Role::Client, &[]).await));
    set_webhook(&d, &admin_key, "forum", &format!("{}/hook", receiver.uri())).await;
    let mut doc = PolicyDocument::default();
    doc.uncovered_categories
        .insert(Category::Violence, CategoryGapAction::Review);
    admin.set_policy("forum", &doc).await.unwrap();

    let req = AnalyseRequest::new("forum", "en-1", "comment")
        .with_text("Thanks for the quick delivery, see you soon.");
    let item = match client.analyse_wait(&req, 10).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    };
    assert_eq!(item.status, ItemStatus::Flagged, "{item:?}");
    let rules = item.decision.expect("decided").gaps;
    assert!(rules.contains(&gap(Category::Violence, "eng")), "{rules:?}");
    admin
        .review_decide(item.id, ReviewVerdict::Approved, None)
        .await
        .unwrap();

    // Each kind's first delivery (delivery is at least once).
    const KINDS: [&str; 2] = ["moderation.flagged", "moderation.decided"];
    let bodies = eventually(Duration::from_secs(30), || async {
        let got = receiver.received_requests().await.unwrap_or_default();
        let bodies: Vec<serde_json::Value> = got
            .iter()
            .filter_map(|r| serde_json::from_slice(&r.body).ok())
            .collect();
        KINDS
            .iter()
            .map(|kind| bodies.iter().find(|b| b["type"] == *kind).cloned())
            .collect::<Option<Vec<_>>>()
    })
    .await
    .expect("the flagged and the decided event delivered");
    let want = serde_json::to_value(&rules).unwrap();
    for (kind, body) in KINDS.iter().zip(&bodies) {
        assert_eq!(body["data"]["gaps"], want, "{kind}");
    }
    assert_eq!(bodies[1]["data"]["decided_by"], "human");
    d.shutdown().await;
}
