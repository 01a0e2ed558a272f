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

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed `localhost` pair written to `dir`; returns its paths.
    fn pair(dir: &Path, name: &str) -> TlsPaths {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let paths = TlsPaths {
            cert: dir.join(format!("{name}.crt")),
            key: dir.join(format!("{name}.key")),
        };
        std::fs::write(&paths.cert, cert.pem()).unwrap();
        std::fs::write(&paths.key, key.serialize_pem()).unwrap();
        paths
    }

    #[test]
    fn a_good_pair_loads_and_bad_ones_name_setting_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let a = pair(dir.path(), "a");
        let b = pair(dir.path(), "b");
        assert!(load_certified_key(&a).is_ok());
        let missing = TlsPaths {
            cert: dir.path().join("absent.crt"),
            key: a.key.clone(),
        };
        let e = load_certified_key(&missing).unwrap_err();
        assert!(
            e.starts_with("MODD_TLS_CERT") && e.contains("absent.crt"),
            "{e}"
        );
        let crossed = TlsPaths {
            cert: a.cert.clone(),
            key: b.key.clone(),
        };
        let e = load_certified_key(&crossed).unwrap_err();
        assert!(
            e.starts_with("MODD_TLS_KEY") && e.contains("does not fit"),
            "{e}"
        );
        std::fs::write(dir.path().join("junk.key"), "-----BEGIN NONSENSE-----\n").unwrap();
        let junk = TlsPaths {
            cert: a.cert.clone(),
            key: dir.path().join("junk.key"),
        };
        assert!(
            load_certified_key(&junk)
                .unwrap_err()
                .starts_with("MODD_TLS_KEY")
        );
    }

    #[test]
    fn a_broken_reload_keeps_the_served_pair() {
        let dir = tempfile::tempdir().unwrap();
        let a = pair(dir.path(), "a");
        let store = CertStore::open(a.clone()).unwrap();
        let before = store.current().unwrap().cert[0].clone();
        assert!(!store.reload_if_changed(), "nothing changed");
        std::fs::write(&a.key, "garbage").unwrap();
        assert!(!store.reload(), "a broken key is not swapped in");
        assert_eq!(store.current().unwrap().cert[0], before);
        let b = pair(dir.path(), "b");
        std::fs::copy(&b.cert, &a.cert).unwrap();
        std::fs::copy(&b.key, &a.key).unwrap();
        assert!(store.reload_if_changed());
        assert_ne!(store.current().unwrap().cert[0], before);
    }
}
