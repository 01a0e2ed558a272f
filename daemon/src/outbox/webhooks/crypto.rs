//! Webhook signing secrets at rest: sealed with XChaCha20-Poly1305 under a
//! key derived from `SECRET_KEY` by HKDF-SHA256.
//!
//! The secret must be recoverable (we sign with it), so it is encrypted, not
//! hashed. XChaCha20-Poly1305's 192-bit nonces can be drawn at random for
//! every seal without a collision budget to track, and it runs in constant
//! time without AES hardware. The app name is the associated data, so a
//! sealed secret copied onto another app's row does not open.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;

/// Prefix of a sealed value: the format version.
const SEALED_V1: &str = "v1.";
/// Prefix of a Standard Webhooks secret.
pub const SECRET_PREFIX: &str = "whsec_";
const NONCE_LEN: usize = 24;

/// Why a secret could not be sealed or opened. Never includes the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the stored webhook secret is malformed")]
    Malformed,
    /// Wrong `SECRET_KEY` (it changed since the secret was stored) or a tampered row.
    #[error(
        "the stored webhook secret cannot be decrypted (SECRET_KEY changed?); run `modctl webhooks rotate-secret`"
    )]
    Undecryptable,
    #[error("encryption failed")]
    Seal,
}

/// Seals and opens webhook secrets.
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

impl SecretBox {
    /// Derives the sealing key from the server secret.
    pub fn from_secret_key(secret_key: &str) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"modd webhook secrets"), secret_key.as_bytes());
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's 8160-byte limit: cannot fail.
        let _ = hk.expand(b"xchacha20poly1305 key v1", &mut key);
        Self {
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
    }

    /// `v1.` + base64(nonce || ciphertext), bound to `app`.
    pub fn seal(&self, app: &str, secret: &str) -> Result<String, CryptoError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
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
        Ok(format!("{SEALED_V1}{}", STANDARD.encode(raw)))
    }

    pub fn open(&self, app: &str, sealed: &str) -> Result<String, CryptoError> {
        let raw = sealed
            .strip_prefix(SEALED_V1)
            .and_then(|b| STANDARD.decode(b).ok())
            .filter(|r| r.len() > NONCE_LEN)
            .ok_or(CryptoError::Malformed)?;
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

/// A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_bound_to_app_and_key() {
        let b = SecretBox::from_secret_key("k".repeat(40).as_str());
        let s = generate_secret();
        let sealed = b.seal("forum", &s).unwrap();
        assert!(sealed.starts_with("v1.") && !sealed.contains(&s));
        assert_eq!(b.open("forum", &sealed).unwrap(), s);
        // Same secret sealed twice differs (random nonce).
        assert_ne!(b.seal("forum", &s).unwrap(), sealed);
        assert_eq!(b.open("shop", &sealed), Err(CryptoError::Undecryptable));
        let other = SecretBox::from_secret_key("z".repeat(40).as_str());
        assert_eq!(
            other.open("forum", &sealed),
            Err(CryptoError::Undecryptable)
        );
        assert_eq!(b.open("forum", "v1.!!"), Err(CryptoError::Malformed));
        assert_eq!(b.open("forum", "plain"), Err(CryptoError::Malformed));
    }
}
