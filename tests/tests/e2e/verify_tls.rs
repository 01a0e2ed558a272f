//! `config.https` against a real TLS front: a test CA (rcgen) signs a
//! certificate for `localhost` with a chosen lifetime, a tokio-rustls
//! listener terminates TLS and forwards to the test daemon, and verify
//! (trusting the CA with `--ca-file`) reads the certificate's notAfter.

use chrono::{Datelike, TimeDelta, Utc};
use clap::Parser;
use modctl::verify::Status;
use modd_testkit::{Db, TestDaemon, TestDb};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};

const STRONG_SECRET: &str = "q8V2pX7mK4rT9wLz3NcB6hJ1sDfG5yUa0eRiOtPk";

/// A CA and a `localhost` certificate it signed, valid for `days` more days.
fn certificates(days: i64) -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "modd verify test CA");
    let ca = ca.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut leaf = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    let until = Utc::now() + TimeDelta::days(days);
    leaf.not_after = rcgen::date_time_ymd(until.year(), until.month() as u8, until.day() as u8);
    let leaf = leaf.signed_by(&key, &ca, &ca_key).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    (ca.pem(), leaf.der().clone(), key)
}

/// Terminates TLS on a free port and forwards each connection to `backend`.
async fn tls_front(
    backend: std::net::SocketAddr,
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> (u16, tokio::task::JoinHandle<()>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                if let Ok(mut up) = TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut up).await;
                }
            });
        }
    });
    (port, task)
}

fn cli(url: &str, key: &str, extra: &[&str]) -> modctl::Cli {
    let mut args = vec!["modctl", "--url", url, "--admin-key", key, "verify"];
    args.extend_from_slice(extra);
    modctl::Cli::try_parse_from(args).expect("valid arguments")
}

async fn https_status(url: &str, key: &str, extra: &[&str]) -> (Status, String) {
    let cli = cli(url, key, extra);
    let modctl::Command::Verify(args) = cli.command else {
        panic!("not verify");
    };
    let r = args.report(&cli.global).await.expect("verify runs");
    let c = r.checks.iter().find(|c| c.id == "config.https").unwrap();
    (c.status, c.reason.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_lifetime_is_checked_over_real_tls() {
    let Some(db) = TestDb::new(Db::Sqlite).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_ENV", "production"),
            ("SECRET_KEY", STRONG_SECRET),
            ("MODD_CORS_ORIGINS", "https://app.example.com"),
        ],
    )
    .await;
    let (_, key) = crate::verify::admin_key(&d, "ops-admin", Utc::now()).await;
    let ca_dir = tempfile::tempdir().unwrap();

    for (days, extra, want) in [
        (365, &[][..], Status::Pass),
        (10, &[][..], Status::Fail),
        (10, &["--min-cert-days", "5"][..], Status::Pass),
    ] {
        let (ca, cert, cert_key) = certificates(days);
        let ca_file = ca_dir.path().join(format!("ca-{days}.pem"));
        std::fs::write(&ca_file, ca).unwrap();
        let (port, front) = tls_front(d.addr, cert, cert_key).await;
        let url = format!("https://localhost:{port}");
        let mut args = vec!["--only", "config", "--ca-file", ca_file.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (status, reason) = https_status(&url, &key, &args).await;
        assert_eq!(status, want, "{days} days {extra:?}: {reason}");
        match want {
            Status::Pass => assert!(reason.contains("HSTS set"), "{reason}"),
            _ => assert!(
                reason.contains("expires in") && reason.contains("need more than 14"),
                "{reason}"
            ),
        }

        // Not trusting the CA: verify cannot run at all (exit 2).
        if days == 365 {
            let err = modctl::run(cli(&url, &key, &["--only", "config"]))
                .await
                .unwrap_err();
            assert_eq!(err.exit_code(), 2, "{err}");
            // The reason reaches the operator (rustls: UnknownIssuer).
            assert!(err.to_string().contains("UnknownIssuer"), "{err}");
            let err = modctl::run(cli(&url, &key, &["--ca-file", "/no/such/ca.pem"]))
                .await
                .unwrap_err();
            assert_eq!(err.exit_code(), 2, "{err}");
            assert!(err.to_string().contains("--ca-file"), "{err}");
        }
        front.abort();
    }
    d.shutdown().await;
}
