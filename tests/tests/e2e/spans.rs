//! Why an item was flagged, down to the characters: the detectors' spans
//! are stored with the scores by the workers and come back on
//! `GET /api/v1/moderation/{id}`, the review API and `modctl review show`,
//! in char offsets of the stored text (the masked text once a `redacted`
//! app's item is final).

use modd_common::{
    AnalyseOutcome, AnalyseRequest, AppUpdate, ItemStatus, ReviewVerdict, Role, Span, StorageMode,
};
use modd_testkit::{Db, TestDaemon, TestDb};

modd_testkit::on_both_backends!(spans_explain_a_flag_on_the_api_and_in_review);

/// Multi-byte text around an e-mail address (the PII detector flags it
/// under the built-in policy: review at 0.7, the address scores 0.95).
const TEXT: &str = "Hello there, please write to me at jo@example.org about the café 😀 東京 trip";

fn covered(text: &str, s: &Span) -> String {
    text.chars().skip(s.begin).take(s.end - s.begin).collect()
}

async fn spans_explain_a_flag_on_the_api_and_in_review(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let client = d.client(Some(&d.key(Role::Client, &["forum", "masked"]).await));
    let admin = d.client_as(Role::Admin).await;
    let update = AppUpdate {
        storage_mode: Some(StorageMode::Redacted),
        ..AppUpdate::default()
    };
    admin.update_app("masked", &update).await.unwrap();

    let mut ids = Vec::new();
    for app in ["forum", "masked"] {
        let req = AnalyseRequest::new(app, "c-1", "comment").with_text(TEXT);
        let AnalyseOutcome::Decided(posted) = client.analyse_wait(&req, 10).await.unwrap() else {
            panic!("{app}: not decided in time");
        };
        assert_eq!(posted.status, ItemStatus::Flagged, "{app}");
        ids.push(posted.id);
    }

    // The API: the pii score with the address's span, in chars.
    let item = client.get_item(ids[0]).await.unwrap();
    let pii = item.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(pii.classifier, "pii-detector");
    assert_eq!(pii.spans.len(), 1, "{:?}", pii.spans);
    assert_eq!(pii.spans[0].kind, "email");
    assert_eq!(covered(TEXT, &pii.spans[0]), "jo@example.org");
    assert_eq!(
        item.decision.as_ref().unwrap().reason.as_deref(),
        Some("pii")
    );
    // Models that cannot say where give none.
    let hate = item.scores.iter().find(|s| s.category == "hate").unwrap();
    assert!(hate.spans.is_empty());

    // The review API and `modctl review show` show the same, with the text.
    let shown = admin.review_show(ids[0]).await.unwrap();
    assert_eq!(shown.scores, item.scores);
    let printed = modctl::review::describe(&shown);
    assert!(printed.contains("pii · email at "), "{printed}");
    assert!(printed.contains(": \"jo@example.org\""), "{printed}");

    // A redacted app: while flagged the reviewer sees the text as sent;
    // once decided, the text is masked and the span covers the mask.
    let flagged = admin.review_show(ids[1]).await.unwrap();
    let text = flagged.text.clone().unwrap();
    assert_eq!(text, TEXT);
    admin
        .review_decide(ids[1], ReviewVerdict::Blocked, None)
        .await
        .unwrap();
    let decided = admin.review_show(ids[1]).await.unwrap();
    let text = decided.text.clone().unwrap();
    assert_eq!(
        text,
        "Hello there, please write to me at [email] about the café 😀 東京 trip"
    );
    let pii = decided.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(covered(&text, &pii.spans[0]), "[email]");
    let api = client.get_item(ids[1]).await.unwrap();
    let api_pii = api.scores.iter().find(|s| s.category == "pii").unwrap();
    assert_eq!(api_pii.spans, pii.spans);
    d.shutdown().await;
}
