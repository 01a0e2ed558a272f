//! Bodies no typed client can send (broken JSON, values outside a type),
//! for the checks that need a running daemon with state behind them; pure
//! status tables belong in the router tests (`daemon/tests/router/`).

use modd_common::ErrorBody;
use modd_testkit::TestDaemon;

/// POSTs `body` as JSON to `path` with `key` and asserts the standard error
/// body with `status` and `code`.
pub async fn expect_refused(
    d: &TestDaemon,
    path: &str,
    key: &str,
    body: &str,
    status: u16,
    code: &str,
) {
    let res = d
        .http
        .post(d.url(path))
        .header(modctl::client::API_KEY_HEADER, key)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let got = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(got, status, "POST {path} {body}: {text}");
    let err: ErrorBody = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("POST {path} {body}: not an error body ({e}): {text}"));
    assert_eq!(err.error.code, code, "POST {path} {body}: {text}");
}
