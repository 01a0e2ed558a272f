//! modd's own TLS (`MODD_TLS_CERT` / `MODD_TLS_KEY`), for deployments with
//! no proxy in front: rustls with the ring provider, HTTP/1.1. The
//! certificate is swapped in place on SIGHUP or when either file changes;
//! only new handshakes see it, so open connections are never dropped.

mod certs;
mod listener;
mod reload;

pub use certs::{CertStore, load_certified_key};
pub use listener::Incoming;
pub use reload::spawn_reloader;

use std::sync::Arc;

/// The server configuration: safe default protocol versions, no client
/// certificates, the certificate chosen by `store` at each handshake.
pub fn server_config(store: Arc<CertStore>) -> Result<Arc<rustls::ServerConfig>, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_cert_resolver(store);
    // axum is built with HTTP/1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
