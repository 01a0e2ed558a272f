//! `modctl`'s HTTP client against a real daemon: routes, error mapping, and
//! that the key never shows up in `Debug` or error text.

use modctl::client::Client;
use modd_common::{AnalyseRequest, ApiKey, KeyEnvironment, Role};
use modd_testkit::{Db, TestDaemon, TestDb};
use reqwest::StatusCode;

modd_testkit::on_both_backends!(
    typed_calls_reach_the_daemon,
    errors_carry_status_and_code_and_hide_the_key
);

fn request(external_id: &str) -> AnalyseRequest {
    AnalyseRequest {
        external_id: external_id.into(),
        text: Some("hello".into()),
        image_url: None,
        image_base64: None,
        content_type: "comment".into(),
        source_app: "my app".replace(' ', "-"),
    }
}

async fn typed_calls_reach_the_daemon(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let client = Client::new(&d.base, Some(d.key(Role::Client, &[]).await)).unwrap();
    assert_eq!(client.info().await.unwrap().service, "modd");
    client.health().await.unwrap();
    assert_eq!(client.ready().await.unwrap().status, "ok");
    // An external id with characters that need encoding round-trips.
    let odd = "a/b?c#d &é";
    let accepted = client.analyse(&request(odd)).await.unwrap();
    assert_eq!(client.get_item(accepted.id).await.unwrap().external_id, odd);
    assert_eq!(
        client.find_item("my-app", odd).await.unwrap().id,
        accepted.id
    );
    d.shutdown().await;
}

async fn errors_carry_status_and_code_and_hide_the_key(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[("MODD_WORKERS", "0"), ("REDIS_URL", "redis://127.0.0.1:1")],
    )
    .await;
    // /ready is degraded here (Redis unreachable), and the report decodes.
    let anonymous = Client::new(&d.base, None).unwrap();
    assert_eq!(
        anonymous.ready().await.unwrap().checks["redis"].status,
        "degraded"
    );
    let err = anonymous.analyse(&request("x")).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.code(), Some("unauthorized"));

    let wrong = ApiKey::generate(KeyEnvironment::Test);
    let client = Client::new(&d.base, Some(wrong.expose_secret().to_owned())).unwrap();
    let err = client.analyse(&request("x")).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    for shown in [format!("{client:?}"), format!("{err}"), format!("{err:?}")] {
        assert!(
            !shown.contains(wrong.expose_secret()),
            "key leaked: {shown}"
        );
    }

    let client = Client::new(&d.base, Some(d.key(Role::Client, &[]).await)).unwrap();
    let err = client.get_item(404_404).await.unwrap_err();
    assert_eq!(err.code(), Some("not_found"));
    assert!(
        err.to_string()
            .contains("GET /api/v1/moderation/404404: HTTP 404"),
        "{err}"
    );
    d.shutdown().await;
}
