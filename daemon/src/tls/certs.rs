//! Loading a PEM certificate chain and key, and the resolver that hands the
//! current pair to each handshake and swaps it on reload.

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use crate::settings::TlsPaths;

/// Reads and checks the pair: the chain parses, the key parses and matches
/// the first certificate. Errors name the setting and the path.
pub fn load_certified_key(paths: &TlsPaths) -> Result<CertifiedKey, String> {
    let cert_pem = read("MODD_TLS_CERT", &paths.cert)?;
    let key_pem = read("MODD_TLS_KEY", &paths.key)?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            format!(
                "MODD_TLS_CERT: {}: not PEM certificates ({e})",
                paths.cert.display()
            )
        })?;
    if chain.is_empty() {
        return Err(format!(
            "MODD_TLS_CERT: {} holds no CERTIFICATE block",
            paths.cert.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
        format!(
            "MODD_TLS_KEY: {}: no usable private key ({e})",
            paths.key.display()
        )
    })?;
    let provider: &CryptoProvider = &rustls::crypto::ring::default_provider();
    CertifiedKey::from_der(chain, key, provider).map_err(|e| {
        format!(
            "MODD_TLS_KEY: {} does not fit the certificate in {} ({e})",
            paths.key.display(),
            paths.cert.display()
        )
    })
}

fn read(setting: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path)
        .map_err(|e| format!("{setting}: cannot read {}: {}", path.display(), e.kind()))
}

/// Modification times and sizes of both files: what a reload compares.
type Stamp = Option<[(SystemTime, u64); 2]>;

fn stamp(paths: &TlsPaths) -> Stamp {
    let one = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())))
    };
    Some([one(&paths.cert)?, one(&paths.key)?])
}

/// The pair being served, replaceable while connections use the old one.
#[derive(Debug)]
pub struct CertStore {
    paths: TlsPaths,
    current: RwLock<Arc<CertifiedKey>>,
    seen: Mutex<Stamp>,
}

impl CertStore {
    /// Loads the pair; an error here stops the start.
    pub fn open(paths: TlsPaths) -> Result<Self, String> {
        let seen = stamp(&paths);
        let current = load_certified_key(&paths)?;
        Ok(Self {
            paths,
            current: RwLock::new(Arc::new(current)),
            seen: Mutex::new(seen),
        })
    }

    /// Loads the files again and swaps the pair in. A broken pair (say the
    /// certificate is written before its key) is logged and the old pair
    /// kept, so a bad reload never takes the service down.
    pub fn reload(&self) -> bool {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = stamp(&self.paths);
        }
        match load_certified_key(&self.paths) {
            Ok(pair) => {
                if let Ok(mut current) = self.current.write() {
                    *current = Arc::new(pair);
                }
                tracing::info!(cert = %self.paths.cert.display(), "TLS certificate reloaded");
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "TLS certificate not reloaded; still serving the previous one");
                false
            }
        }
    }

    /// Reloads if either file's time or size changed since the last look.
    pub fn reload_if_changed(&self) -> bool {
        let now = stamp(&self.paths);
        let changed = self.seen.lock().map(|seen| *seen != now).unwrap_or(false);
        changed && self.reload()
    }

    /// The pair handshakes get now.
    pub fn current(&self) -> Option<Arc<CertifiedKey>> {
        self.current.read().ok().map(|c| c.clone())
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.current()
    }
}
