//! Webhook signing secrets at rest: sealed with XChaCha20-Poly1305 under a
//! key derived from `SECRET_KEY` by HKDF-SHA256.
//!
//! The secret must be recoverable (we sign with it), so it is encrypted, not
//! hashed. XChaCha20-Poly1305's 192-bit nonces can be drawn at random for
//! every seal without a collision budget to track, and it runs in constant
//! time without AES hardware. The app name is the associated data, so a
//! sealed secret copied onto another app's row does not open.
//!
//! `SECRET_KEY` can be rotated: the current key seals, the keys of
//! `SECRET_KEY_PREVIOUS` still open. A sealed value names the key that sealed
//! it (`v2.<key id>.…`), so opening picks the right key at once and
//! `modctl secrets rotate` can tell what still needs resealing. Values from
//! before key ids (`v1.…`) are tried under every key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

/// Prefix of a sealed value without a key id (before key rotation existed).
const SEALED_V1: &str = "v1.";
/// Prefix of a sealed value that names its key: `v2.<key id>.`.
const SEALED_V2: &str = "v2.";
/// Prefix of a Standard Webhooks secret.
pub const SECRET_PREFIX: &str = "whsec_";
const NONCE_LEN: usize = 24;
/// Bytes of the key id (hex-encoded: 8 characters). It only has to tell a
/// handful of configured keys apart, and says nothing about the key.
const KEY_ID_LEN: usize = 4;

/// Why a secret could not be sealed or opened. Never includes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the stored webhook secret is malformed")]
    Malformed,
    /// Wrong `SECRET_KEY` (it changed since the secret was stored) or a tampered row.
    #[error(
        "the stored webhook secret cannot be decrypted (SECRET_KEY changed without SECRET_KEY_PREVIOUS?); run `modctl webhooks rotate-secret`"
    )]
    Undecryptable,
    #[error("encryption failed")]
    Seal,
}

/// One key derived from a `SECRET_KEY` value.
struct SealKey {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl SealKey {
    fn derive(secret_key: &str) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"modd webhook secrets"), secret_key.as_bytes());
        let mut key = [0u8; 32];
        // Both lengths are far below HKDF-SHA256's 8160-byte limit: cannot fail.
        let _ = hk.expand(b"xchacha20poly1305 key v1", &mut key);
        let mut id = [0u8; KEY_ID_LEN];
        let _ = hk.expand(b"key id v2", &mut id);
        Self {
            id: hex::encode(id),
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
    }

    fn open(&self, app: &str, raw: &[u8]) -> Result<String, CryptoError> {
        let (nonce, ciphertext) = raw.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: app.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Malformed)
    }
}

/// Seals with the current key and opens with it or any previous one.
pub struct SecretBox {
    current: SealKey,
    previous: Vec<SealKey>,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

/// Which key a sealed value names, and its payload.
enum Parsed<'a> {
    Legacy(Vec<u8>),
    Keyed(&'a str, Vec<u8>),
}

fn parse(sealed: &str) -> Result<Parsed<'_>, CryptoError> {
    let decode = |b: &str| {
        STANDARD
            .decode(b)
            .ok()
            .filter(|r| r.len() > NONCE_LEN)
            .ok_or(CryptoError::Malformed)
    };
    if let Some(rest) = sealed.strip_prefix(SEALED_V2) {
        let (id, body) = rest.split_once('.').ok_or(CryptoError::Malformed)?;
        return Ok(Parsed::Keyed(id, decode(body)?));
    }
    let body = sealed
        .strip_prefix(SEALED_V1)
        .ok_or(CryptoError::Malformed)?;
    Ok(Parsed::Legacy(decode(body)?))
}

impl SecretBox {
    /// Derives the sealing key from the server secret (no previous keys).
    pub fn from_secret_key(secret_key: &str) -> Self {
        Self::from_keys(secret_key, &[])
    }

    /// `current` seals; `current` and `previous` open. A previous key equal
    /// to the current one is dropped.
    pub fn from_keys(current: &str, previous: &[&str]) -> Self {
        let current = SealKey::derive(current);
        let mut keys: Vec<SealKey> = Vec::new();
        for p in previous {
            let k = SealKey::derive(p);
            if k.id != current.id && keys.iter().all(|x| x.id != k.id) {
                keys.push(k);
            }
        }
        Self {
            current,
            previous: keys,
        }
    }

    /// The id of the key that seals now (shown to operators; not secret).
    pub fn key_id(&self) -> &str {
        &self.current.id
    }

    /// The ids of the keys that only open.
    pub fn previous_key_ids(&self) -> Vec<String> {
        self.previous.iter().map(|k| k.id.clone()).collect()
    }

    /// `v2.<key id>.` + base64(nonce || ciphertext), bound to `app`.
    pub fn seal(&self, app: &str, secret: &str) -> Result<String, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .current
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret.as_bytes(),
                    aad: app.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Seal)?;
        let mut raw = nonce.to_vec();
        raw.extend_from_slice(&sealed);
        Ok(format!(
            "{SEALED_V2}{}.{}",
            self.current.id,
            STANDARD.encode(raw)
        ))
    }

    pub fn open(&self, app: &str, sealed: &str) -> Result<String, CryptoError> {
        let mut keys = std::iter::once(&self.current).chain(&self.previous);
        match parse(sealed)? {
            Parsed::Keyed(id, raw) => keys
                .find(|k| k.id == id)
                .ok_or(CryptoError::Undecryptable)?
                .open(app, &raw),
            Parsed::Legacy(raw) => keys
                .find_map(|k| k.open(app, &raw).ok())
                .ok_or(CryptoError::Undecryptable),
        }
    }

    /// Whether `sealed` is already under the current key.
    pub fn is_current(&self, sealed: &str) -> bool {
        matches!(parse(sealed), Ok(Parsed::Keyed(id, _)) if id == self.current.id)
    }

    /// `sealed` under the current key: `None` when it already is.
    pub fn reseal(&self, app: &str, sealed: &str) -> Result<Option<String>, CryptoError> {
        if self.is_current(sealed) {
            return Ok(None);
        }
        let plain = self.open(app, sealed)?;
        self.seal(app, &plain).map(Some)
    }
}

/// A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests;
