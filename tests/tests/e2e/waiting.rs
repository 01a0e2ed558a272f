//! Why an item waits for review, seen the way an operator looks: `GET` the
//! item, `modctl review list` and `modctl review show` give the decision
//! reason, the image, and the cause of a failed classifier (here an image
//! URL the SSRF guard refused), not only `classifier_failed:open_nsfw`.

use modctl::client::ReviewFilter;
use modd_common::{AnalyseOutcome, AnalyseRequest, Gap, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_image_shows_its_cause_on_the_item_and_in_review() {
    let Some(model) = crate::images::model_path() else {
        return;
    };
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_IMAGE_MODEL_PATH", model.as_str()),
            ("MODD_MAX_WAIT_SECS", "60"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &["gallery"]).await;
    let admin = d.key(Role::Admin, &[]).await;
    // Loopback is refused before any connection (private addresses are not
    // allowed by default), so nothing listens or needs to.
    let url = "http://127.0.0.1:9/cat.png";
    let req = AnalyseRequest::new("gallery", "refused-image", "comment").with_image_url(url);
    let outcome = d.client(Some(&key)).analyse_wait(&req, 60).await.unwrap();
    let AnalyseOutcome::Decided(posted) = outcome else {
        panic!("not decided in time: {outcome:?}");
    };
    assert_eq!(posted.status, ItemStatus::Flagged);

    let item = d.client(Some(&key)).get_item(posted.id).await.unwrap();
    assert_eq!(item.image.as_deref(), Some(url));
    let decision = item.decision.expect("a decision");
    assert_eq!(
        decision.reason.as_deref(),
        Some("classifier_failed:open_nsfw")
    );
    let cause = decision
        .gaps
        .iter()
        .find_map(|g| match g {
            Gap::ClassifierFailed { error: Some(e), .. } => Some(e.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no cause in {:?}", decision.gaps));
    assert!(
        cause.contains("loopback") && cause.contains("MODD_IMAGE_ALLOW_PRIVATE"),
        "{cause}"
    );

    let page = d
        .client(Some(&admin))
        .review_list(&ReviewFilter::default())
        .await
        .unwrap();
    let waiting = page
        .items
        .iter()
        .find(|i| i.id == posted.id)
        .expect("the item waits for review");
    let table = modctl::review::render(&page.items).to_string();
    assert!(
        table.contains("reason") && table.contains("classifier_failed:open_nsfw"),
        "{table}"
    );
    let shown = modctl::review::describe(waiting);
    assert!(
        shown.contains("reason: classifier_failed:open_nsfw"),
        "{shown}"
    );
    assert!(shown.contains(&format!("image: {url}")), "{shown}");
    assert!(shown.contains("MODD_IMAGE_ALLOW_PRIVATE"), "{shown}");
    d.shutdown().await;
}
