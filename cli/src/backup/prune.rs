//! Pruning old backups after a new one: keep the newest `--keep N`, and/or
//! drop those older than `--max-age`. Only complete backups (a manifest
//! this tool can read) are touched, and never the one just written. The
//! manifest goes first: a backup without one no longer counts anywhere,
//! so a crash halfway leaves an orphan file, never a manifest whose file
//! is gone.

use chrono::{TimeDelta, Utc};
use clap::Args;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use super::manifest;
use crate::error::CliError;

/// The pruning flags of `modctl backup`.
#[derive(Debug, Args)]
pub struct PruneArgs {
    /// After the backup, delete all but the newest N backups in the
    /// directory (of any backend).
    #[arg(long, value_name = "N")]
    pub keep: Option<NonZeroUsize>,

    /// After the backup, delete backups older than this (`7d`, `12h`).
    #[arg(long, value_name = "AGE")]
    pub max_age: Option<String>,
}

/// What to prune, parsed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    keep: Option<usize>,
    max_age: Option<TimeDelta>,
}

impl PruneArgs {
    pub fn policy(&self) -> Result<Policy, CliError> {
        let max_age = self
            .max_age
            .as_deref()
            .map(modd_common::parse_duration)
            .transpose()
            .map_err(|e| CliError::usage(format!("--max-age: {e}")))?;
        Ok(Policy {
            keep: self.keep.map(NonZeroUsize::get),
            max_age,
        })
    }
}

/// Deletes what `policy` says is too many or too old; returns the
/// manifests removed (with their files).
pub fn prune(dir: &Path, policy: &Policy, just_written: &Path) -> Result<Vec<PathBuf>, CliError> {
    if policy.keep.is_none() && policy.max_age.is_none() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let all = manifest::list(dir)?;
    let count = all.len();
    let mut removed = Vec::new();
    // Oldest first: index i has `count - i - 1` newer backups.
    for (i, found) in all.into_iter().enumerate() {
        let newer = count - i - 1;
        let too_many = policy.keep.is_some_and(|k| newer >= k);
        let too_old = policy
            .max_age
            .is_some_and(|age| now - found.manifest.started_at > age);
        if !(too_many || too_old) || found.path == just_written {
            continue;
        }
        std::fs::remove_file(&found.path)?;
        match std::fs::remove_file(found.data_path()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        removed.push(found.path);
    }
    manifest::sync_dir(dir);
    Ok(removed)
}
