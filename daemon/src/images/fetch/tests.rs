//! The fetcher against a real loopback HTTP server (axum on 127.0.0.1:0).

use super::*;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\nrest-of-image";

async fn serve() -> String {
    let app = Router::new()
        .route(
            "/ok.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], PNG_MAGIC) }),
        )
        .route(
            "/untyped",
            get(|| async { axum::response::Response::new(axum::body::Body::from(PNG_MAGIC)) }),
        )
        .route(
            "/page.html",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    "<html>",
                )
            }),
        )
        .route(
            "/big.png",
            get(|| async { ([(header::CONTENT_TYPE, "image/png")], vec![0u8; 64 * 1024]) }),
        )
        .route("/missing.png", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/redirect",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, HeaderValue::from_static("/ok.png"))],
                )
            }),
        )
        .route(
            "/loop",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, HeaderValue::from_static("/loop"))],
                )
            }),
        )
        .route(
            "/to-metadata",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [(
                        header::LOCATION,
                        HeaderValue::from_static("http://169.254.169.254/latest/meta-data/"),
                    )],
                )
            }),
        )
        .route(
            "/slow.png",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                ([(header::CONTENT_TYPE, "image/png")], PNG_MAGIC)
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn fetcher(allow_private: bool, max_bytes: usize) -> Fetcher {
    let guard = Guard {
        allow_private,
        production: false,
        allowed_hosts: Vec::new(),
        purpose: crate::ssrf::Purpose::Images,
    };
    Fetcher::new(guard, Duration::from_secs(1), max_bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn loopback_is_refused_by_default_even_by_name() {
    let base = serve().await;
    let f = fetcher(false, 1 << 20);
    let err = f.load(&format!("{base}/ok.png")).await;
    assert!(
        matches!(
            err,
            Err(FetchError::Refused(SsrfError::Forbidden {
                why: "loopback",
                ..
            }))
        ),
        "{err:?}"
    );
    // A name that resolves to loopback is refused at resolution.
    let port = base.rsplit(':').next().unwrap_or_default();
    let err = f.load(&format!("http://localhost:{port}/ok.png")).await;
    assert!(matches!(err, Err(FetchError::Refused(_))), "{err:?}");
    // Cloud metadata and private ranges likewise.
    for url in [
        "http://169.254.169.254/x.png",
        "http://10.0.0.1/x.png",
        "http://[::1]/x.png",
    ] {
        assert!(
            matches!(f.load(url).await, Err(FetchError::Refused(_))),
            "{url}"
        );
    }
}

#[tokio::test]
async fn images_are_fetched_when_allowed_and_checked() {
    let base = serve().await;
    let f = fetcher(true, 1024);
    assert_eq!(
        f.load(&format!("{base}/ok.png")).await,
        Ok(PNG_MAGIC.to_vec())
    );
    assert_eq!(
        f.load(&format!("{base}/untyped")).await,
        Ok(PNG_MAGIC.to_vec())
    );
    assert_eq!(
        f.load(&format!("{base}/redirect")).await,
        Ok(PNG_MAGIC.to_vec())
    );
    assert!(matches!(
        f.load(&format!("{base}/page.html")).await,
        Err(FetchError::NotAnImage { content_type, .. }) if content_type == "text/html"
    ));
    assert_eq!(
        f.load(&format!("{base}/big.png")).await,
        Err(FetchError::TooLarge { limit: 1024 })
    );
    assert!(matches!(
        f.load(&format!("{base}/missing.png")).await,
        Err(FetchError::Status { status: 404, .. })
    ));
    assert_eq!(
        f.load(&format!("{base}/loop")).await,
        Err(FetchError::TooManyRedirects)
    );
    assert!(matches!(
        f.load(&format!("{base}/slow.png")).await,
        Err(FetchError::Timeout { .. })
    ));
    assert!(matches!(
        f.load("ftp://x/y.png").await,
        Err(FetchError::Refused(SsrfError::BadUrl(_)))
    ));
}

#[tokio::test]
async fn a_redirect_to_a_forbidden_address_is_refused() {
    let base = serve().await;
    // Loopback allowed (the test server) but the redirect target is checked
    // again: with private addresses refused, even the first hop fails; with
    // them allowed in production only for listed hosts, the metadata
    // address (not listed) is refused.
    let guard = Guard {
        allow_private: true,
        production: true,
        allowed_hosts: vec!["127.0.0.1".into()],
        purpose: crate::ssrf::Purpose::Images,
    };
    let f = Fetcher::new(guard, Duration::from_secs(1), 1 << 20).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        f.load(&format!("{base}/ok.png")).await,
        Ok(PNG_MAGIC.to_vec())
    );
    let err = f.load(&format!("{base}/to-metadata")).await;
    assert!(
        matches!(err, Err(FetchError::Refused(SsrfError::Forbidden { ref host, .. })) if host == "169.254.169.254"),
        "{err:?}"
    );
    // The refusal says how an operator would allow it, for images.
    let message = err.map_err(|e| e.to_string()).unwrap_err();
    assert!(
        message.contains("MODD_IMAGE_ALLOW_PRIVATE=true")
            && message.contains("MODD_IMAGE_ALLOWED_HOSTS"),
        "{message}"
    );
}

#[test]
fn data_urls_are_decoded_with_limits() {
    let b64 = base64::engine::general_purpose::STANDARD.encode(PNG_MAGIC);
    assert_eq!(
        data_url(&format!("data:image/png;base64,{b64}"), 1024),
        Ok(PNG_MAGIC.to_vec())
    );
    assert_eq!(
        data_url(&format!("data:;base64,{b64}"), 1024),
        Ok(PNG_MAGIC.to_vec())
    );
    assert_eq!(
        data_url(&format!("data:image/png;base64,{b64}"), 4),
        Err(FetchError::TooLarge { limit: 4 })
    );
    assert!(matches!(
        data_url("data:text/plain;base64,aGk=", 1024),
        Err(FetchError::BadDataUrl(_))
    ));
    assert!(matches!(
        data_url("data:image/png,rawbytes", 1024),
        Err(FetchError::BadDataUrl(_))
    ));
    assert!(matches!(
        data_url("data:image/png;base64,!!!", 1024),
        Err(FetchError::BadDataUrl(_))
    ));
    assert!(matches!(
        data_url("data:image/png;base64", 1024),
        Err(FetchError::BadDataUrl(_))
    ));
}
