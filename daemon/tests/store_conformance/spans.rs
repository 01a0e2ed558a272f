//! Cases: the spans stored with each score (char offsets of the stored
//! text), through every write path, under each storage mode, and refused
//! when they could not be read back.

use super::*;
use crate::pipeline::review;
use modd::store::AppChange;
use modd_common::{ReviewVerdict, Span, StorageMode};

/// Multi-byte text before, between and after the personal data.
const TEXT: &str = "日本語 é 😀 mail jo@example.org now";

/// The char range of `needle` in [`TEXT`].
fn chars_of(needle: &str) -> (usize, usize) {
    let at = TEXT.find(needle).unwrap();
    let begin = TEXT[..at].chars().count();
    (begin, begin + needle.chars().count())
}

fn span((begin, end): (usize, usize), kind: &str) -> Span {
    Span {
        begin,
        end,
        score: 0.95,
        kind: kind.into(),
    }
}

/// A flagged outcome whose `pii` score has the e-mail's span and whose
/// `spam` score has one on the emoji and one on the whole text.
fn with_spans(id: i64, verdict: Verdict) -> Outcome {
    let mut o = outcome(id, verdict);
    let mut pii = score("pii", 0.95);
    pii.classifier = "pii-detector".into();
    pii.spans = vec![span(chars_of("jo@example.org"), "email")];
    let mut spam = score("spam", 0.4);
    spam.classifier = "spam-detector".into();
    spam.spans = vec![
        span(chars_of("😀"), "emoji"),
        span((0, TEXT.chars().count()), "shouting"),
    ];
    o.scores = vec![pii, spam, score("hate", 0.01)];
    o
}

/// The text a span covers, in chars.
fn covered(text: &str, s: &Span) -> String {
    text.chars().skip(s.begin).take(s.end - s.begin).collect()
}

/// `category`'s spans as stored.
async fn spans_of(store: &dyn Store, id: i64, category: &str) -> Vec<Span> {
    let scores = store.item_scores(id).await.unwrap();
    let s = scores.iter().find(|s| s.category == category).unwrap();
    s.spans.clone()
}

pub(crate) async fn spans_are_stored_with_their_scores(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    // One outcome, a batch of outcomes (PostgreSQL's array insert), and a
    // writer's round: every write path keeps them.
    let one = insert_one(store.as_ref(), item("forum", "1", TEXT)).await;
    store
        .record_outcome(&with_spans(one, Verdict::Flagged))
        .await
        .unwrap();
    let (two, three) = (
        insert_one(store.as_ref(), item("forum", "2", TEXT)).await,
        insert_one(store.as_ref(), item("forum", "3", TEXT)).await,
    );
    store
        .record_outcomes(&[
            with_spans(two, Verdict::Flagged),
            with_spans(three, Verdict::Flagged),
        ])
        .await
        .unwrap();
    let four = insert_one(store.as_ref(), item("forum", "4", TEXT)).await;
    store
        .commit_round(&[], &[with_spans(four, Verdict::Flagged)])
        .await
        .unwrap();
    for id in [one, two, three, four] {
        let expected = with_spans(id, Verdict::Flagged);
        let stored = store.item_scores(id).await.unwrap();
        for want in &expected.scores {
            let got = stored.iter().find(|s| s.category == want.category).unwrap();
            assert_eq!(got.spans, want.spans, "item {id} {}", want.category);
        }
        let pii = spans_of(store.as_ref(), id, "pii").await;
        assert_eq!(covered(TEXT, &pii[0]), "jo@example.org");
        assert_eq!(
            covered(TEXT, &spans_of(store.as_ref(), id, "spam").await[0]),
            "😀"
        );
    }
    // A score without spans reads back without any.
    assert!(spans_of(store.as_ref(), one, "hate").await.is_empty());
}

pub(crate) async fn spans_follow_the_storage_mode(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    for (app, mode) in [
        ("masked", StorageMode::Redacted),
        ("none", StorageMode::None),
    ] {
        let change = AppChange {
            storage_mode: Some(mode),
            ..AppChange::default()
        };
        store.put_app(app, &change, now()).await.unwrap();
    }
    let masked_text = "日本語 é 😀 mail [email] now";

    // Decided at once: the spans are moved with the text in the same write.
    let auto = insert_one(store.as_ref(), item("masked", "auto", TEXT)).await;
    store
        .record_outcome(&with_spans(auto, Verdict::Approved))
        .await
        .unwrap();
    // Flagged: the reviewer sees the text as sent, until the final review.
    let reviewed = insert_one(store.as_ref(), item("masked", "rev", TEXT)).await;
    store
        .record_outcome(&with_spans(reviewed, Verdict::Flagged))
        .await
        .unwrap();
    assert_eq!(
        covered(TEXT, &spans_of(store.as_ref(), reviewed, "pii").await[0]),
        "jo@example.org"
    );
    store
        .record_review(&review(reviewed, ReviewVerdict::Blocked))
        .await
        .unwrap();
    for id in [auto, reviewed] {
        let text = store.get_item(id).await.unwrap().unwrap().text.unwrap();
        assert_eq!(text, masked_text);
        let pii = spans_of(store.as_ref(), id, "pii").await;
        assert_eq!(covered(&text, &pii[0]), "[email]", "item {id}");
        let spam = spans_of(store.as_ref(), id, "spam").await;
        assert_eq!(covered(&text, &spam[0]), "😀");
        assert_eq!(covered(&text, &spam[1]), masked_text, "the whole text");
        assert_eq!(pii[0].kind, "email");
    }

    // `none`: no text, so no spans; the scores stay.
    let gone = insert_one(store.as_ref(), item("none", "1", TEXT)).await;
    store
        .record_outcome(&with_spans(gone, Verdict::Flagged))
        .await
        .unwrap();
    assert_eq!(spans_of(store.as_ref(), gone, "pii").await.len(), 1);
    store
        .record_review(&review(gone, ReviewVerdict::Approved))
        .await
        .unwrap();
    assert_eq!(store.get_item(gone).await.unwrap().unwrap().text, None);
    let scores = store.item_scores(gone).await.unwrap();
    assert_eq!(scores.len(), 3);
    assert!(scores.iter().all(|s| s.spans.is_empty()), "{scores:?}");

    // The default (`text`) keeps both as they are.
    let plain = insert_one(store.as_ref(), item("plain", "1", TEXT)).await;
    store
        .record_outcome(&with_spans(plain, Verdict::Approved))
        .await
        .unwrap();
    assert_eq!(
        covered(TEXT, &spans_of(store.as_ref(), plain, "pii").await[0]),
        "jo@example.org"
    );
}

/// One batch whose items belong to apps with different storage modes and
/// webhooks, one item repeated: each item gets what it would get alone.
pub(crate) async fn one_batch_applies_each_apps_storage_mode(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    for (app, mode, hook) in [
        ("masked", StorageMode::Redacted, true),
        ("none", StorageMode::None, false),
    ] {
        let change = AppChange {
            storage_mode: Some(mode),
            webhook_url: hook.then(|| Some("https://hooks.example/modd".to_owned())),
            webhook_secret: hook.then(|| Some("v1.sealed".to_owned())),
            ..AppChange::default()
        };
        store.put_app(app, &change, now()).await.unwrap();
    }
    let mut with_image = item("none", "img", TEXT);
    with_image.image_url = Some("https://img.example/1.png".into());
    let (masked, none, held, plain) = (
        insert_one(store.as_ref(), item("masked", "1", TEXT)).await,
        insert_one(store.as_ref(), with_image).await,
        insert_one(store.as_ref(), item("none", "held", TEXT)).await,
        insert_one(store.as_ref(), item("plain", "1", TEXT)).await,
    );
    let batch = [
        with_spans(plain, Verdict::Approved),
        with_spans(masked, Verdict::Blocked),
        with_spans(none, Verdict::Approved),
        with_spans(held, Verdict::Flagged),
        // A second outcome for one item: the first one is recorded.
        with_spans(masked, Verdict::Approved),
    ];
    let events = store.record_outcomes(&batch).await.unwrap();
    let verdicts: Vec<Option<Verdict>> = events
        .iter()
        .map(|e| e.as_ref().map(|e| e.data.verdict))
        .collect();
    assert_eq!(
        verdicts,
        [
            Some(Verdict::Approved),
            Some(Verdict::Blocked),
            Some(Verdict::Approved),
            Some(Verdict::Flagged),
            None
        ]
    );

    let masked_text = "日本語 é 😀 mail [email] now";
    let got = store.get_item(masked).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Blocked);
    assert_eq!(got.text.as_deref(), Some(masked_text));
    let pii = spans_of(store.as_ref(), masked, "pii").await;
    assert_eq!(covered(masked_text, &pii[0]), "[email]");

    let got = store.get_item(none).await.unwrap().unwrap();
    assert_eq!(
        (got.text, got.image_url),
        (None, None),
        "dropped with the text"
    );
    let scores = store.item_scores(none).await.unwrap();
    assert_eq!(scores.len(), 3);
    assert!(scores.iter().all(|s| s.spans.is_empty()), "{scores:?}");

    // Flagged is not final: the reviewer needs the text and its spans.
    let got = store.get_item(held).await.unwrap().unwrap();
    assert_eq!(got.text.as_deref(), Some(TEXT));
    assert_eq!(
        covered(TEXT, &spans_of(store.as_ref(), held, "pii").await[0]),
        "jo@example.org"
    );
    let got = store.get_item(plain).await.unwrap().unwrap();
    assert_eq!(got.text.as_deref(), Some(TEXT));
    assert_eq!(
        covered(TEXT, &spans_of(store.as_ref(), plain, "pii").await[0]),
        "jo@example.org"
    );
    // Only the hooked app's item has an outbox event, once.
    let hooked = store.list_webhook_events("masked", None, 10).await.unwrap();
    assert_eq!(hooked.len(), 1);
    assert!(
        store
            .list_webhook_events("none", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let decided = store
        .decision_timings("masked", masked, masked)
        .await
        .unwrap();
    assert_eq!(decided.latencies_ms.len(), 1, "one decision row");
}

pub(crate) async fn unreadable_spans_are_refused(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "1", TEXT)).await;
    let bad: [fn(&mut Span); 4] = [
        |s| s.score = f64::NAN,
        |s| s.score = 1.5,
        |s| (s.begin, s.end) = (5, 2),
        |s| s.kind = "e\0mail".into(),
    ];
    for breaks in bad {
        let mut o = with_spans(id, Verdict::Flagged);
        breaks(&mut o.scores[0].spans[0]);
        assert!(
            matches!(store.record_outcome(&o).await, Err(StoreError::Invalid(_))),
            "{:?}",
            o.scores[0].spans[0]
        );
    }
    let it = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(it.status, ItemStatus::Pending, "nothing was written");
    assert!(store.item_scores(id).await.unwrap().is_empty());
}
