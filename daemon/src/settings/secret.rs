//! `SECRET_KEY`: kept out of logs, generated for development, judged for production.

use rand::RngCore;
use rand::rngs::OsRng;
use std::path::Path;

/// The server secret. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// `SECRET_KEY_PREVIOUS`: comma-separated, blanks ignored. Not judged for
/// strength: these keys only open what was already sealed with them.
pub fn previous_keys(value: &str) -> Vec<SecretKey> {
    value
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(SecretKey::new)
        .collect()
}

const FILE_NAME: &str = "secret_key";

/// Reads `DIR/secret_key`, or creates it (mode 0600) with 48 random bytes, so
/// that development restarts keep the same secret.
pub fn load_or_generate(data_dir: &Path) -> Result<(SecretKey, String), String> {
    let path = data_dir.join(FILE_NAME);
    let source = format!("generated file {}", path.display());
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => return Ok((SecretKey::new(text.trim()), source)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let mut bytes = [0u8; 48];
    OsRng.fill_bytes(&mut bytes);
    let value = hex::encode(bytes);
    write_private(&path, &value).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok((SecretKey::new(value), source))
}

#[cfg(unix)]
fn write_private(path: &Path, value: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(value.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, value: &str) -> std::io::Result<()> {
    std::fs::write(path, value)
}

/// Why a secret is too weak for production, or `None` when it looks random.
///
/// Refuses: fewer than 32 characters, few distinct characters, well-known
/// placeholders, and low estimated entropy (Shannon bits per character).
pub fn secret_key_weakness(value: &str) -> Option<String> {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 32 {
        return Some(format!(
            "{} characters; at least 32 are required",
            chars.len()
        ));
    }
    let lower = value.to_lowercase();
    for placeholder in [
        "changeme",
        "change-me",
        "change_me",
        "secret",
        "password",
        "example",
        "default",
        "your-",
        "xxxx",
        "1234",
        "abcd",
        "test",
    ] {
        if lower.contains(placeholder) {
            return Some(format!("contains the placeholder {placeholder:?}"));
        }
    }
    let mut counts = std::collections::HashMap::new();
    for c in &chars {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    if counts.len() < 12 {
        return Some(format!("only {} distinct characters", counts.len()));
    }
    let n = chars.len() as f64;
    let bits: f64 = counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum();
    if bits < 3.5 {
        return Some(format!(
            "looks non-random ({bits:.1} bits of entropy per character)"
        ));
    }
    None
}
