//! The one intake path on a real SQLite store and the in-process queue.

use std::sync::Arc;
use std::time::Duration;

use super::{Intake, Limits, Rejected};
use crate::queue::{JobQueue, LocalQueue};
use crate::store::{self, ConnectOptions, Store};
use modd_common::AnalyseRequest;

fn request(external_id: &str, source_app: &str, text: &str) -> AnalyseRequest {
    AnalyseRequest {
        external_id: external_id.into(),
        text: Some(text.into()),
        image_url: None,
        image_base64: None,
        content_type: "comment".into(),
        source_app: source_app.into(),
    }
}

async fn intake() -> (tempfile::TempDir, Arc<dyn Store>, Arc<dyn JobQueue>, Intake) {
    // A unit test of this crate cannot use the test kit (it links the daemon).
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let url = format!("sqlite://{}/data/modd.db", dir.path().display());
    let store = store::connect(&url, &ConnectOptions::default())
        .await
        .expect("open SQLite");
    store.migrate_up(None).await.expect("migrate");
    let queue: Arc<dyn JobQueue> = Arc::new(LocalQueue::new());
    let limits = Limits {
        max_text_chars: 20,
        max_image_bytes: 1024,
    };
    let writer = crate::writer::Writer::start(store.clone());
    let intake = Intake::new(writer, queue.clone(), limits);
    (dir, store, queue, intake)
}

#[tokio::test]
async fn take_checks_stores_and_enqueues_each_request_in_order() {
    let (_dir, store, queue, intake) = intake().await;
    let requests = vec![
        request("a", "forum", "hello"),
        request("b", "forum", "this text is longer than twenty characters"),
        request("c", "chat", "hi"),
        request("a", "forum", "hello again"),
    ];
    let answers = intake
        .take(requests, |app| app == "forum")
        .await
        .expect("store up");
    assert_eq!(answers.len(), 4);
    let first = answers[0].as_ref().expect("a is taken in");
    assert!(first.created);
    assert!(matches!(&answers[1], Err(Rejected::Invalid(m)) if m.contains("text")));
    assert_eq!(answers[2], Err(Rejected::AppNotAllowed));
    // The same (source_app, external_id) again: the existing item, not a new one.
    let repeat = answers[3].as_ref().expect("the repeat answers the item");
    assert!(!repeat.created);
    assert_eq!(repeat.item.id, first.item.id);

    let stored = store
        .find_item("forum", "a")
        .await
        .expect("read")
        .expect("a is stored");
    assert_eq!(stored.id, first.item.id);
    assert!(store.find_item("chat", "c").await.expect("read").is_none());
    // Only the created item was enqueued, once.
    let job = queue
        .next("w", Duration::from_millis(100))
        .await
        .expect("queue")
        .expect("a job for a");
    assert_eq!(job.item_id, first.item.id);
    queue.ack(&job).await.expect("ack");
    assert!(
        queue
            .next("w", Duration::from_millis(50))
            .await
            .expect("queue")
            .is_none()
    );
}

#[tokio::test]
async fn concurrent_submissions_are_answered_with_their_own_rows() {
    let (_dir, _store, _queue, intake) = intake().await;
    let calls = (0..40).map(|n| {
        let intake = intake.clone();
        async move {
            let reqs = vec![
                request(&format!("x{n}"), "forum", "one"),
                request(&format!("y{n}"), "forum", "two"),
            ];
            (n, intake.take(reqs, |_| true).await)
        }
    });
    for (n, answer) in futures::future::join_all(calls).await {
        let answer = answer.expect("store up");
        let ids: Vec<String> = answer
            .into_iter()
            .map(|a| a.expect("valid").item.external_id)
            .collect();
        assert_eq!(ids, vec![format!("x{n}"), format!("y{n}")]);
    }
}
