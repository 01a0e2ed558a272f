//! The manifest: a JSON file beside each backup saying what it is (backend,
//! schema version, rows per table, when, from where, which tool), how to
//! check it (size, SHA-256 of the file as stored) and how it is encrypted.
//! A backup without a manifest is unfinished: the manifest is written last,
//! atomically, so readers (restore, prune, `verify`) trust only complete ones.

use chrono::{DateTime, Utc};
use modd_store::backup::RowCounts;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The manifest format this binary writes and reads.
pub const FORMAT: u32 = 1;
/// Every manifest's name ends so; the backup file's name is the same stem.
pub const SUFFIX: &str = ".manifest.json";
/// Every backup's name starts so: `modd-<backend>-<UTC time>`.
pub const PREFIX: &str = "modd-";

/// How a backup file is encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encryption {
    /// `xchacha20poly1305-stream-be32`: see `crypt.rs`.
    pub algorithm: String,
    /// Plaintext bytes per sealed chunk.
    pub chunk_bytes: usize,
    /// A fingerprint of the key (not the key): restore names a wrong key.
    pub key_id: String,
}

/// What `modctl backup` writes beside each backup file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The backup file's name, in the manifest's directory.
    pub file: String,
    pub bytes: u64,
    /// SHA-256 of the file as stored (after encryption), hex.
    pub sha256: String,
    pub encryption: Option<Encryption>,
    /// The newest applied migration in the backup.
    pub schema_version: Option<i64>,
    /// Rows per table, counted in the same snapshot the backup holds.
    pub row_counts: RowCounts,
    /// When the snapshot was taken: everything committed before is in it.
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// The database backed up, password redacted.
    pub source: String,
    /// `modctl <version>`.
    pub tool: String,
    /// `pg_dump --version` for PostgreSQL backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dump_tool: Option<String>,
}

/// A manifest and where it was read from.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub manifest: Manifest,
}

impl Found {
    /// The backup file the manifest describes.
    pub fn data_path(&self) -> PathBuf {
        self.path.with_file_name(&self.manifest.file)
    }
}

/// `modd-<backend>-<time>`: sorts by time, never collides within a millisecond.
pub fn stem(backend: &str, at: DateTime<Utc>) -> String {
    format!("{PREFIX}{backend}-{}", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// Reads and checks one manifest.
pub fn read(path: &Path) -> Result<Found, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("cannot read manifest {}: {e}", path.display())))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(format!("{} is not a backup manifest: {e}", path.display()))
    })?;
    if manifest.format != FORMAT {
        return Err(CliError::usage(format!(
            "{}: manifest format {} is not {FORMAT}: use the modctl that wrote it",
            path.display(),
            manifest.format
        )));
    }
    // The file must sit beside the manifest: a name, never a path.
    if manifest.file.is_empty() || manifest.file.contains(['/', '\\']) || manifest.file == ".." {
        return Err(CliError::usage(format!(
            "{}: bad file name in manifest",
            path.display()
        )));
    }
    Ok(Found {
        path: path.to_owned(),
        manifest,
    })
}

/// Writes `manifest` as `<dir>/<stem>.manifest.json`, atomically.
pub fn write(dir: &Path, stem: &str, manifest: &Manifest) -> Result<PathBuf, CliError> {
    let path = dir.join(format!("{stem}{SUFFIX}"));
    let partial = dir.join(format!(".{stem}{SUFFIX}.partial"));
    let text = serde_json::to_string_pretty(manifest).map_err(anyhow::Error::new)?;
    std::fs::write(&partial, text + "\n")?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, &path)?;
    sync_dir(dir);
    Ok(path)
}

/// Every readable manifest in `dir`, oldest first; others are ignored.
pub fn list(dir: &Path) -> Result<Vec<Found>, CliError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot list {}: {e}", dir.display())))?;
    let mut found: Vec<Found> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(PREFIX) && name.ends_with(SUFFIX)
        })
        .filter_map(|e| read(&e.path()).ok())
        .collect();
    found.sort_by_key(|f| f.manifest.started_at);
    Ok(found)
}

/// The newest manifest in `dir` for `backend` (any backend when `None`).
pub fn latest(dir: &Path, backend: Option<&str>) -> Result<Option<Found>, CliError> {
    Ok(list(dir)?
        .into_iter()
        .rev()
        .find(|f| backend.is_none_or(|b| f.manifest.backend == b)))
}

/// SHA-256 (hex) and size of a file, read in 1 MiB pieces.
pub fn digest(path: &Path) -> Result<(String, u64), CliError> {
    let mut file = std::fs::File::open(path)
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot read {}: {e}", path.display())))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), bytes))
}

/// Makes a rename in `dir` durable; best effort (not every filesystem can).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_sort_by_time() {
        let a = "2026-12-06T09:00:00.5Z".parse::<DateTime<Utc>>().unwrap();
        let b = "2026-12-06T10:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(stem("sqlite", a), "modd-sqlite-20261206T090000.500Z");
        assert!(stem("sqlite", a) < stem("sqlite", b));
    }
}
