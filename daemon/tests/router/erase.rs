//! `DELETE /api/v1/moderation`: the exact answers of an erasure (204 with
//! no body, 400 without both ids) that the typed client's `erase_item`
//! folds into `Ok(())` and an error. Moved from the end-to-end suite.

use modd::store::NewItem;
use modd_common::Role;
use modd_testkit::{Db, TestDb, TestRouter, request};

modd_testkit::on_both_backends!(erasure_answers_204_and_needs_both_ids);

async fn erasure_answers_204_and_needs_both_ids(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let key = app.key(Role::Client).await;
    let item = NewItem {
        source_app: "forum".into(),
        external_id: "mine".into(),
        content_type: "comment".into(),
        text: Some("erase me please".into()),
        image_url: None,
        created_at: chrono::Utc::now(),
    };
    let id = app.state.store.insert_items(&[item]).await.unwrap()[0]
        .item
        .id;

    app.send(request(
        "DELETE",
        "/api/v1/moderation?source_app=forum",
        Some(&key),
        None,
    ))
    .await
    .expect_error(400, "bad_request", "no external_id");
    assert!(app.state.store.get_item(id).await.unwrap().is_some());

    let path = "/api/v1/moderation?source_app=forum&external_id=mine";
    let answer = app.send(request("DELETE", path, Some(&key), None)).await;
    assert_eq!(
        answer.status,
        204,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert!(answer.body.is_empty());
    assert!(app.state.store.get_item(id).await.unwrap().is_none());
}
