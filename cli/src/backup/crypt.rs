//! Encryption of backup files at rest: XChaCha20-Poly1305 in the STREAM
//! construction (`aead::stream`, big-endian 32-bit counter), 64 KiB chunks,
//! so a file of any size is sealed and opened in constant memory, and a
//! reordered, dropped or truncated chunk fails authentication like a
//! changed byte does.
//!
//! File layout: `MODDBAK` 0x01, a random 19-byte nonce prefix, then the
//! sealed chunks (each its plaintext plus a 16-byte tag); the last one is
//! sealed as last. The key is 32 bytes, given as 64 hex digits in a file
//! (`openssl rand -hex 32 > backup.key`).

use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, OsRng, rand_core::RngCore};
use chacha20poly1305::{Key, XChaCha20Poly1305};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use super::manifest::Encryption;
use crate::error::CliError;

/// The manifest's name for this scheme.
pub const ALGORITHM: &str = "xchacha20poly1305-stream-be32";
const MAGIC: &[u8; 8] = b"MODDBAK\x01";
const NONCE_PREFIX: usize = 19;
const TAG: usize = 16;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;

/// A backup key, read from `--key-file`. `Debug` shows only its id.
pub struct BackupKey {
    key: Key,
    id: String,
}

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BackupKey({})", self.id)
    }
}

impl BackupKey {
    /// Reads 64 hex digits (surrounding whitespace ignored). Errors name
    /// the file, never its content.
    pub fn from_file(path: &Path) -> Result<Self, CliError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--key-file {}: {e}", path.display())))?;
        let bytes = hex::decode(text.trim())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                CliError::usage(format!(
                    "--key-file {}: want 64 hex digits (32 bytes), e.g. from \
                     `openssl rand -hex 32`",
                    path.display()
                ))
            })?;
        let key = *Key::from_slice(&bytes);
        // A one-way fingerprint, domain-separated: safe to store beside the file.
        let id = hex::encode(
            &Sha256::new_with_prefix(b"modd-backup-key-id\0")
                .chain_update(key)
                .finalize()[..8],
        );
        Ok(Self { key, id })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the manifest records about files sealed with this key.
    pub fn describe(&self) -> Encryption {
        Encryption {
            algorithm: ALGORITHM.to_owned(),
            chunk_bytes: CHUNK,
            key_id: self.id.clone(),
        }
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn sealed_error() -> CliError {
    CliError::failure(anyhow::anyhow!(
        "decryption failed: the backup was altered or truncated, or the key is wrong"
    ))
}

/// Seals `src` into `dest` (created, must not exist).
pub fn encrypt(key: &BackupKey, src: &Path, dest: &Path) -> Result<(), CliError> {
    let mut input = BufReader::new(File::open(src)?);
    let mut out = BufWriter::new(super::create_private(dest)?);
    let mut prefix = [0u8; NONCE_PREFIX];
    OsRng.fill_bytes(&mut prefix);
    out.write_all(MAGIC)?;
    out.write_all(&prefix)?;
    let mut sealer = EncryptorBE32::from_aead(XChaCha20Poly1305::new(&key.key), (&prefix).into());
    let mut current = vec![0u8; CHUNK];
    let mut next = vec![0u8; CHUNK];
    let mut len = read_full(&mut input, &mut current)?;
    loop {
        let next_len = if len == CHUNK {
            read_full(&mut input, &mut next)?
        } else {
            0
        };
        if next_len == 0 {
            let sealed = sealer
                .encrypt_last(&current[..len])
                .map_err(|_| CliError::failure(anyhow::anyhow!("encryption failed")))?;
            out.write_all(&sealed)?;
            break;
        }
        let sealed = sealer
            .encrypt_next(&current[..len])
            .map_err(|_| CliError::failure(anyhow::anyhow!("encryption failed")))?;
        out.write_all(&sealed)?;
        std::mem::swap(&mut current, &mut next);
        len = next_len;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// Opens `src` into `dest` (created, must not exist). Nothing of a chunk is
/// written before it authenticates; on failure `dest` is removed.
pub fn decrypt(key: &BackupKey, src: &Path, dest: &Path) -> Result<(), CliError> {
    let result = decrypt_inner(key, src, dest);
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}

fn decrypt_inner(key: &BackupKey, src: &Path, dest: &Path) -> Result<(), CliError> {
    let mut input = BufReader::new(File::open(src)?);
    let mut header = [0u8; MAGIC.len() + NONCE_PREFIX];
    if read_full(&mut input, &mut header)? != header.len() || &header[..MAGIC.len()] != MAGIC {
        return Err(CliError::failure(anyhow::anyhow!(
            "{} is not an encrypted modd backup",
            src.display()
        )));
    }
    let prefix: [u8; NONCE_PREFIX] = header[MAGIC.len()..]
        .try_into()
        .map_err(|_| sealed_error())?;
    let mut opener = DecryptorBE32::from_aead(XChaCha20Poly1305::new(&key.key), (&prefix).into());
    let mut out = BufWriter::new(super::create_private(dest)?);
    let mut current = vec![0u8; CHUNK + TAG];
    let mut next = vec![0u8; CHUNK + TAG];
    let mut len = read_full(&mut input, &mut current)?;
    loop {
        let next_len = if len == CHUNK + TAG {
            read_full(&mut input, &mut next)?
        } else {
            0
        };
        if next_len == 0 {
            let plain = opener
                .decrypt_last(&current[..len])
                .map_err(|_| sealed_error())?;
            out.write_all(&plain)?;
            break;
        }
        let plain = opener
            .decrypt_next(&current[..len])
            .map_err(|_| sealed_error())?;
        out.write_all(&plain)?;
        std::mem::swap(&mut current, &mut next);
        len = next_len;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(dir: &Path, hex_digit: char) -> BackupKey {
        let path = dir.join(format!("key-{hex_digit}"));
        std::fs::write(&path, format!("{}\n", hex_digit.to_string().repeat(64))).unwrap();
        BackupKey::from_file(&path).unwrap()
    }

    /// Sizes around the chunk boundary: empty, short, exactly one chunk,
    /// one chunk and a byte, several chunks.
    #[test]
    fn round_trips_and_refuses_the_wrong_key_and_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let (k, wrong) = (key(dir.path(), 'a'), key(dir.path(), 'b'));
        assert_ne!(k.id(), wrong.id());
        for size in [0, 10, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let plain: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let (src, sealed, opened) = (
                dir.path().join(format!("p{size}")),
                dir.path().join(format!("s{size}")),
                dir.path().join(format!("o{size}")),
            );
            std::fs::write(&src, &plain).unwrap();
            encrypt(&k, &src, &sealed).unwrap();
            decrypt(&k, &sealed, &opened).unwrap();
            assert_eq!(std::fs::read(&opened).unwrap(), plain, "size {size}");
            std::fs::remove_file(&opened).unwrap();
            assert!(decrypt(&wrong, &sealed, &opened).is_err());
            assert!(!opened.exists(), "nothing left behind on failure");
            // Cut at the last chunk boundary: the rest no longer ends "last".
            let bytes = std::fs::read(&sealed).unwrap();
            if size > CHUNK {
                let cut = MAGIC.len() + NONCE_PREFIX + CHUNK + TAG;
                std::fs::write(&sealed, &bytes[..cut]).unwrap();
                assert!(decrypt(&k, &sealed, &opened).is_err(), "size {size}");
            }
        }
    }

    #[test]
    fn key_files_must_hold_32_hex_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short");
        std::fs::write(&path, "abcd").unwrap();
        let e = BackupKey::from_file(&path).unwrap_err();
        assert!(e.one_line().contains("64 hex digits"), "{e}");
        assert!(!e.one_line().contains("abcd"));
    }
}
