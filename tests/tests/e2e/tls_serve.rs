//! modd's own TLS (`MODD_TLS_CERT` / `MODD_TLS_KEY`) on a real socket, with
//! certificates the test makes (rcgen): HTTPS is served, and replacing the
//! files swaps the certificate for new connections while a connection
//! opened before keeps working.

use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

struct Ca {
    cert: rcgen::Certificate,
    key: rcgen::KeyPair,
}

fn ca() -> Ca {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "modd tls test CA");
    Ca {
        cert: params.self_signed(&key).unwrap(),
        key,
    }
}

/// Writes a fresh `localhost` certificate and key signed by `ca`; returns the certificate.
fn issue(ca: &Ca, dir: &Path) -> CertificateDer<'static> {
    let key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .signed_by(&key, &ca.cert, &ca.key)
        .unwrap();
    std::fs::write(dir.join("cert.pem"), leaf.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), key.serialize_pem()).unwrap();
    leaf.der().clone()
}

async fn connect(addr: std::net::SocketAddr, ca: &Ca) -> TlsStream<TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(addr).await.unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap()
}

fn served_cert(tls: &TlsStream<TcpStream>) -> CertificateDer<'static> {
    tls.get_ref().1.peer_certificates().unwrap()[0]
        .clone()
        .into_owned()
}

/// `GET /health` over a kept-alive connection; returns the status line.
async fn health(tls: &mut TlsStream<TcpStream>) -> String {
    tls.write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Headers, then exactly Content-Length bytes, so the connection stays usable.
    loop {
        let n = tls.read(&mut buf).await.unwrap();
        assert!(n > 0, "connection closed mid-answer");
        answer.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&answer).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap();
            if answer.len() >= end + 4 + length {
                return text.lines().next().unwrap().to_owned();
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_and_swaps_the_certificate_without_dropping_connections() {
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ca = ca();
    let first = issue(&ca, dir.path());
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_WORKERS", "0"),
            ("MODD_TLS_CERT", cert.to_str().unwrap()),
            ("MODD_TLS_KEY", key.to_str().unwrap()),
        ],
    )
    .await;
    let mut old = connect(d.addr, &ca).await;
    assert_eq!(served_cert(&old), first);
    assert_eq!(health(&mut old).await, "HTTP/1.1 200 OK");
    // Plain HTTP on the TLS port is refused, not served.
    assert!(d.http.get(d.url("/health")).send().await.is_err());

    let second = issue(&ca, dir.path());
    assert_ne!(first, second);
    let swapped = eventually(Duration::from_secs(15), || async {
        let new = connect(d.addr, &ca).await;
        (served_cert(&new) == second).then_some(new)
    })
    .await;
    let mut new = swapped.expect("a new connection sees the new certificate");
    assert_eq!(health(&mut new).await, "HTTP/1.1 200 OK");
    // The connection from before the swap still works, on its old certificate.
    assert_eq!(health(&mut old).await, "HTTP/1.1 200 OK");
    assert_eq!(served_cert(&old), first);
    d.shutdown().await;
}
