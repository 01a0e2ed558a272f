//! The API key format: `mod_<env>_<body><checksum>`.
//!
//! * `mod_live_` / `mod_test_` says what the string is and where it belongs,
//!   so secret scanners and people recognise it.
//! * The body is 22 base62 characters from the OS RNG: 130 bits of entropy.
//! * The checksum is the CRC-32 of everything before it, as 6 base62
//!   characters, so a typo is caught without a database call.
//!
//! Only the SHA-256 of the whole key is stored. Because the body is a
//! high-entropy secret, a fast hash is enough (no password hashing needed),
//! and `modctl` can create keys straight in the database with no other secret.

use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use std::fmt;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LEN: usize = 22;
const CHECKSUM_LEN: usize = 6;
/// How many leading characters are kept in the clear to identify a key.
pub const DISPLAY_PREFIX_LEN: usize = 16;

/// Which deployment a key belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum KeyEnvironment {
    Live,
    Test,
}

impl KeyEnvironment {
    pub fn tag(self) -> &'static str {
        match self {
            KeyEnvironment::Live => "mod_live_",
            KeyEnvironment::Test => "mod_test_",
        }
    }
}

/// Why a string is not an API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not a modd API key (expected mod_live_… or mod_test_…)")]
    Prefix,
    #[error("API key has the wrong length")]
    Length,
    #[error("API key contains characters outside base62")]
    Alphabet,
    #[error("API key checksum does not match: mistyped or truncated")]
    Checksum,
}

/// A well-formed API key. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    secret: String,
    environment: KeyEnvironment,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({}…)", self.display_prefix())
    }
}

impl ApiKey {
    /// A fresh random key.
    pub fn generate(environment: KeyEnvironment) -> Self {
        let mut body = String::with_capacity(BODY_LEN);
        let mut bytes = [0u8; 64];
        while body.len() < BODY_LEN {
            OsRng.fill_bytes(&mut bytes);
            // Rejection sampling keeps every character uniformly likely.
            for b in bytes {
                if (b as usize) < 62 * 4 && body.len() < BODY_LEN {
                    body.push(ALPHABET[(b as usize) % 62] as char);
                }
            }
        }
        let head = format!("{}{}", environment.tag(), body);
        let secret = format!("{head}{}", checksum(&head));
        Self {
            secret,
            environment,
        }
    }

    /// Checks the format and checksum; no database involved.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let environment = if s.starts_with(KeyEnvironment::Live.tag()) {
            KeyEnvironment::Live
        } else if s.starts_with(KeyEnvironment::Test.tag()) {
            KeyEnvironment::Test
        } else {
            return Err(KeyError::Prefix);
        };
        let rest = &s[environment.tag().len()..];
        if rest.len() != BODY_LEN + CHECKSUM_LEN {
            return Err(KeyError::Length);
        }
        if !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(KeyError::Alphabet);
        }
        let split = s.len() - CHECKSUM_LEN;
        if checksum(&s[..split]) != s[split..] {
            return Err(KeyError::Checksum);
        }
        Ok(Self {
            secret: s.to_owned(),
            environment,
        })
    }

    /// The full secret, to show once and never store.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    pub fn environment(&self) -> KeyEnvironment {
        self.environment
    }

    /// SHA-256 of the secret: what the database stores and looks up by.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.secret.as_bytes()).into()
    }

    /// The first characters, safe to store and display.
    pub fn display_prefix(&self) -> &str {
        &self.secret[..DISPLAY_PREFIX_LEN]
    }
}

fn checksum(head: &str) -> String {
    let mut n = crc32fast::hash(head.as_bytes()) as u64;
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    // 62^6 > 2^32, so the value always fits.
    out.iter().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_differ() {
        let a = ApiKey::generate(KeyEnvironment::Live);
        let b = ApiKey::generate(KeyEnvironment::Live);
        assert_ne!(a, b);
        assert_eq!(ApiKey::parse(a.expose_secret()).unwrap(), a);
        assert!(a.expose_secret().starts_with("mod_live_"));
        assert_eq!(a.expose_secret().len(), 9 + BODY_LEN + CHECKSUM_LEN);
        let t = ApiKey::generate(KeyEnvironment::Test);
        assert_eq!(
            ApiKey::parse(t.expose_secret()).unwrap().environment(),
            KeyEnvironment::Test
        );
    }

    #[test]
    fn every_single_character_typo_is_caught() {
        let key = ApiKey::generate(KeyEnvironment::Test);
        let s = key.expose_secret();
        for i in 9..s.len() {
            let mut bytes = s.as_bytes().to_vec();
            bytes[i] = if bytes[i] == b'a' { b'b' } else { b'a' };
            let typo = String::from_utf8(bytes).unwrap();
            assert!(ApiKey::parse(&typo).is_err(), "typo at {i} accepted");
        }
    }

    #[test]
    fn malformed_strings_are_refused_without_panicking() {
        for s in [
            "",
            "mod_live_",
            "mod_prod_abc",
            "mod_live_ÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿÿ",
            "x".repeat(500).as_str(),
        ] {
            assert!(ApiKey::parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        let key = ApiKey::generate(KeyEnvironment::Live);
        let shown = format!("{key:?}");
        assert!(!shown.contains(key.expose_secret()));
    }
}
