//! Cases: a human's decision (a review, an appeal upheld or overturned)
//! carries the gaps the rule found, in its returned event and in the
//! outbox body: what no model could score is often why a human looked.

use super::*;
use crate::pipeline::review;
use modd::store::{
    AppealDecided, AppealDecision, AppealSubmitted, DecisionEvent, NewAppeal, ReviewOutcome,
};
use modd_common::{AppealOutcome, Category, Gap, ReviewVerdict};

/// A French threat no model reads: what the rule could not score.
fn gaps() -> Vec<Gap> {
    vec![
        Gap::LanguageUncovered {
            language: Some("fra".into()),
        },
        Gap::CategoryUncovered {
            category: Category::HarassmentThreatening,
            language: Some("fra".into()),
        },
    ]
}

/// An item of `forum` the rule decided with `verdict`, and the gaps above.
async fn decided_with_gaps(store: &dyn Store, ext: &str, verdict: Verdict) -> i64 {
    let id = insert_one(store, item("forum", ext, "Je sais où tu habites")).await;
    let mut o = outcome(id, verdict);
    o.language = Some("fra".into());
    o.gaps = gaps();
    let event = store.record_outcome(&o).await.unwrap().expect("decided");
    assert_eq!(event.data.gaps, gaps(), "the rule's own event");
    id
}

async fn appealed(store: &dyn Store, id: i64, outcome: AppealOutcome) -> DecisionEvent {
    let appeal = NewAppeal {
        item_id: id,
        statement: "a quote".into(),
        submitted_by: "key:3".into(),
        created_at: now(),
    };
    let submitted = store.submit_appeal(&appeal).await.unwrap();
    assert!(
        matches!(submitted, AppealSubmitted::Created(_)),
        "{submitted:?}"
    );
    let d = AppealDecision {
        item_id: id,
        outcome,
        decider: "key:8 (bob)".into(),
        note: None,
        reason_code: None,
        decided_at: now(),
    };
    match store.decide_appeal(&d).await.unwrap() {
        AppealDecided::Decided(event) => *event,
        other => panic!("an open appeal is decided: {other:?}"),
    }
}

/// Each outbox body's type, item and gaps (claiming leases them all).
async fn outbox_gaps(store: &dyn Store) -> Vec<(String, i64, serde_json::Value)> {
    let at = now() + Duration::seconds(1);
    let claimed = store
        .claim_webhook_events(at, at + Duration::minutes(5), 100)
        .await
        .unwrap();
    let mut bodies: Vec<_> = claimed
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(&e.body).unwrap())
        .map(|b| {
            let kind = b["type"].as_str().unwrap().to_owned();
            (
                kind,
                b["data"]["id"].as_i64().unwrap(),
                b["data"]["gaps"].clone(),
            )
        })
        .collect();
    bodies.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    bodies
}

pub(crate) async fn human_decisions_carry_the_rules_gaps(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let s = store.as_ref();
    hooked(s, "forum").await;
    let want = serde_json::to_value(gaps()).unwrap();

    // A review: the rule flagged it for what it could not score.
    let reviewed = decided_with_gaps(s, "r", Verdict::Flagged).await;
    let ReviewOutcome::Decided(event) = s
        .record_review(&review(reviewed, ReviewVerdict::Blocked))
        .await
        .unwrap()
    else {
        panic!("a flagged item is decided");
    };
    assert_eq!(event.data.decided_by, "human");
    assert_eq!(event.data.gaps, gaps());
    let decision = s.get_item(reviewed).await.unwrap().unwrap().decision;
    assert_eq!(decision.unwrap().gaps, gaps(), "the review keeps them");

    // Appeals: upheld (the decision that stands) and overturned (rewritten
    // as the appeal reviewer's).
    let upheld = appealed(s, reviewed, AppealOutcome::Upheld).await;
    assert_eq!(upheld.data.gaps, gaps());
    let blocked = decided_with_gaps(s, "b", Verdict::Blocked).await;
    let overturned = appealed(s, blocked, AppealOutcome::Overturned).await;
    assert_eq!(overturned.data.status, ItemStatus::Approved);
    assert_eq!(overturned.data.gaps, gaps());

    // What the app receives says the same, in every event.
    let (r, b) = (reviewed, blocked);
    let sent = |kind: &str, id| (kind.to_owned(), id, want.clone());
    assert_eq!(
        outbox_gaps(s).await,
        [
            sent("moderation.appeal_decided", r),
            sent("moderation.appeal_decided", b),
            sent("moderation.decided", r),
            sent("moderation.decided", b),
            sent("moderation.flagged", r),
        ]
    );
}
