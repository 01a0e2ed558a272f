//! Decision rules: thresholds, per-category and per-content-type overrides,
//! gaps (never a silent approve), and the dry run.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::store::DecidedItem;
use modd_common::Thresholds;

fn decide(p: &Policy, scores: &[(Category, f64)], gaps: &[Gap]) -> Decision {
    p.decide_scores(scores.iter().copied(), gaps, "comment")
}

#[test]
fn seed_thresholds_are_inclusive_and_strictest_wins() {
    let p = Policy::builtin("app");
    assert_eq!(decide(&p, &[], &[]).verdict, Verdict::Approved);
    assert_eq!(
        decide(&p, &[(Category::Hate, 0.69)], &[]).verdict,
        Verdict::Approved
    );
    assert_eq!(
        decide(&p, &[(Category::Hate, 0.7)], &[]).verdict,
        Verdict::Flagged
    );
    let d = decide(
        &p,
        &[(Category::Hate, 0.75), (Category::Profanity, 0.85)],
        &[],
    );
    assert_eq!(
        d,
        Decision {
            verdict: Verdict::Blocked,
            reason: Some("profanity".into())
        }
    );
    assert_eq!(
        decide(&p, &[(Category::Hate, f64::NAN)], &[]).verdict,
        Verdict::Approved
    );
    // PII and spam are only ever flagged by the built-in policy.
    let d = decide(&p, &[(Category::Pii, 0.99), (Category::Spam, 1.0)], &[]);
    assert_eq!(
        d,
        Decision {
            verdict: Verdict::Flagged,
            reason: Some("spam".into())
        }
    );
}

#[test]
fn gaps_never_approve() {
    let p = Policy::builtin("app");
    let failed = [Gap::ClassifierFailed {
        error: None,
        classifier: "x".into(),
    }];
    let d = decide(&p, &[], &failed);
    assert_eq!(
        d,
        Decision {
            verdict: Verdict::Flagged,
            reason: Some("classifier_failed:x".into())
        }
    );
    let lang = [Gap::LanguageUncovered {
        language: Some("ita".into()),
    }];
    assert_eq!(
        decide(&p, &[], &lang).reason.as_deref(),
        Some("language:ita")
    );
    // A score-driven block beats a gap's review; a score-driven review beats a gap's review.
    assert_eq!(
        decide(&p, &[(Category::Pii, 0.9)], &lang).reason.as_deref(),
        Some("pii")
    );
    let mut strict = Policy::builtin("app");
    strict.document.classifier_failure = GapAction::Block;
    strict.document.uncovered_language = LanguageAction::DetectorsOnly;
    assert_eq!(decide(&strict, &[], &failed).verdict, Verdict::Blocked);
    assert_eq!(decide(&strict, &[], &lang).verdict, Verdict::Approved);
    assert_eq!(
        decide(&p, &[], &[Gap::ImageUnscored]).verdict,
        Verdict::Flagged
    );
}

#[test]
fn category_gaps_mean_what_the_policy_says() {
    let threat = Gap::CategoryUncovered {
        category: Category::HarassmentThreatening,
        language: Some("fra".into()),
    };
    let sexual = Gap::CategoryUncovered {
        category: Category::Sexual,
        language: Some("fra".into()),
    };
    let gaps = [threat, sexual];
    // The built-in policy ignores them, as before they were reported.
    let mut p = Policy::builtin("app");
    assert_eq!(decide(&p, &[], &gaps).verdict, Verdict::Approved);
    p.document.uncovered_category = CategoryGapAction::Review;
    p.document
        .uncovered_categories
        .insert(Category::HarassmentThreatening, CategoryGapAction::Block);
    assert_eq!(
        decide(&p, &[], &gaps),
        Decision {
            verdict: Verdict::Blocked,
            reason: Some("uncovered:harassment_threatening:fra".into())
        }
    );
    p.document
        .uncovered_categories
        .insert(Category::HarassmentThreatening, CategoryGapAction::Ignore);
    assert_eq!(
        decide(&p, &[], &gaps).reason.as_deref(),
        Some("uncovered:sexual:fra")
    );
}

#[test]
fn content_type_overrides() {
    let mut p = Policy::builtin("app");
    p.document.content_types.insert(
        "profile".into(),
        modd_common::ContentTypeRules {
            categories: [(
                Category::Toxicity,
                Thresholds {
                    review_at: Some(0.2),
                    block_at: Some(0.4),
                },
            )]
            .into(),
        },
    );
    let s = [(Category::Toxicity, 0.5)];
    assert_eq!(p.decide_scores(s, &[], "profile").verdict, Verdict::Blocked);
    assert_eq!(
        p.decide_scores(s, &[], "comment").verdict,
        Verdict::Approved
    );
}

fn decided(id: i64, verdict: Verdict, scores: &[(&str, f64, &str)], gaps: Vec<Gap>) -> DecidedItem {
    DecidedItem {
        item_id: id,
        external_id: format!("e{id}"),
        content_type: "comment".into(),
        verdict,
        reason: None,
        policy_version: BUILTIN_VERSION.into(),
        gaps,
        scores: scores
            .iter()
            .map(|(c, s, k)| ((*c).into(), *s, (*k).into()))
            .collect(),
    }
}

#[test]
fn dry_run_counts_directions_and_reclassification() {
    let items = vec![
        decided(
            1,
            Verdict::Approved,
            &[("profanity", 0.6, "alt-profanity-check")],
            vec![],
        ),
        decided(
            2,
            Verdict::Blocked,
            &[("profanity", 0.9, "alt-profanity-check")],
            vec![],
        ),
        decided(
            3,
            Verdict::Flagged,
            &[("pii", 0.0, "pii-detector")],
            vec![Gap::LanguageUncovered {
                language: Some("fra".into()),
            }],
        ),
        decided(
            4,
            Verdict::Approved,
            &[("profanity", 0.1, "alt-profanity-check")],
            vec![],
        ),
    ];
    let mut p = Policy::builtin("app");
    p.document.default = Thresholds {
        review_at: Some(0.5),
        block_at: Some(0.95),
    };
    p.document.uncovered_language = LanguageAction::ScoreAnyway;
    let r = dry_run::run(&p, BUILTIN_VERSION, &items, |c| c == "alt-profanity-check");
    assert_eq!((r.examined, r.changed, r.stricter, r.looser), (4, 2, 1, 1));
    assert_eq!(r.needs_reclassification, 1);
    assert_eq!(r.transitions.get("approved->flagged"), Some(&1));
    assert_eq!(r.transitions.get("blocked->flagged"), Some(&1));
    assert_eq!(r.examples.len(), 2);
    assert_eq!(r.examples[0].item_id, 1);
}
