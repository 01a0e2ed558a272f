//! `modctl backup` and `modctl restore`: consistent copies of the database
//! with a manifest, optional encryption and pruning, and restores that
//! check everything before they replace anything.
//!
//! | file | owns |
//! |---|---|
//! | `take.rs` | `modctl backup`: copy, seal, checksum, manifest, prune |
//! | `restore.rs` | `modctl restore`: checksum, key, schema, liveness, then replace |
//! | `sqlite.rs` | the SQLite copy (`VACUUM INTO`) and the atomic file swap |
//! | `postgres.rs` | driving `pg_dump -Fc` / `pg_restore` |
//! | `manifest.rs` | the manifest, file names, finding the newest backup |
//! | `crypt.rs` | XChaCha20-Poly1305 STREAM encryption of the file |
//! | `prune.rs` | `--keep N` / `--max-age` |

pub mod crypt;
pub mod manifest;
mod postgres;
mod prune;
mod restore;
mod sqlite;
mod take;

pub use restore::RestoreArgs;
pub use take::BackupArgs;

use std::path::Path;

use crate::error::CliError;

/// Creates a file only its owner can read (a backup holds user content).
fn create_private(path: &Path) -> Result<std::fs::File, CliError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot create {}: {e}", path.display())))
}

/// Removes a file when dropped unless kept: partial outputs never linger.
struct Partial(Option<std::path::PathBuf>);

impl Partial {
    fn new(path: std::path::PathBuf) -> Self {
        Self(Some(path))
    }

    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// The file is now somewhere else (renamed) or wanted: do not remove it.
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}
