//! Per-category gaps end to end: a category no model scores for the text's
//! language is reported as a gap (classify, the stored decision), never as
//! a score of 0, and the app's policy says what it means. The test daemon
//! has no sentence encoder, so `violence` has no model in any language.

use modd_common::{
    AnalyseOutcome, AnalyseRequest, Category, CategoryGapAction, ClassifyRequest, Gap,
    LanguageAction, PolicyDocument, Role, Verdict,
};
use modd_testkit::{Db, TestDaemon, TestDb};

modd_testkit::on_both_backends!(a_category_no_model_scores_is_a_gap_the_policy_decides);

const FRENCH_THREAT: &str = "Je sais où tu habites et je vais venir te faire du mal ce soir.";

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
        .classify(&classify(FRENCH_THREAT, Some("forum")))
        .await
        .unwrap();
    let r = &r.results[0];
    assert!(
        r.gaps
            .contains(&gap(Category::HarassmentThreatening, "fra")),
        "{r:?}"
    );
    assert!(r.gaps.contains(&gap(Category::Profanity, "fra")), "{r:?}");
    assert!(!r.scores.iter().any(|s| s.category == "profanity"), "{r:?}");
    assert_eq!(r.decision.verdict, Verdict::Blocked);
    assert_eq!(
        r.decision.reason.as_deref(),
        Some("uncovered:harassment_threatening:fra")
    );

    // The stored decision keeps the gap and its reason.
    let req = AnalyseRequest::new("forum", "fr-1", "comment").with_text(FRENCH_THREAT);
    let item = match client.analyse_wait(&req, 10).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    };
    let decision = item.decision.unwrap();
    assert_eq!(decision.verdict, Verdict::Blocked);
    assert!(
        decision
            .gaps
            .contains(&gap(Category::HarassmentThreatening, "fra")),
        "{decision:?}"
    );
    let pii = item.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(pii.languages, ["*"]);
    d.shutdown().await;
}
