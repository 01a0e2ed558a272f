//! SQLite: the online copy, and the swap that puts a checked copy in place
//! of the database file.

use chrono::Utc;
use modd_store::backup::sqlite as db;
use std::path::{Path, PathBuf};

use super::take::Copy;
use crate::error::CliError;
use crate::secret::DatabaseUrl;

/// `VACUUM INTO` `dest` (an empty file made here, private) while `modd`
/// keeps writing, then counts the copy itself: the manifest describes
/// exactly the file.
pub async fn copy(url: &DatabaseUrl, dest: &Path) -> Result<Copy, CliError> {
    if db::file_of(url.expose())?.is_none() {
        return Err(CliError::usage(
            "--database-url: an in-memory database cannot be backed up",
        ));
    }
    // VACUUM INTO accepts an existing empty file: this one has mode 0600.
    drop(super::create_private(dest)?);
    db::vacuum_into(url.expose(), dest)
        .await
        .map_err(|e| CliError::from(e).context(format!("cannot copy {url}")))?;
    let contents = db::contents(dest).await?;
    Ok(Copy {
        contents,
        dump_tool: None,
    })
}

/// The database file of `url`, for a restore.
pub fn target(url: &DatabaseUrl) -> Result<PathBuf, CliError> {
    db::file_of(url.expose())?
        .ok_or_else(|| CliError::usage("--database-url: cannot restore into an in-memory database"))
}

/// Where a restore stages the new file: beside the target, so the final
/// rename stays on one filesystem and is atomic.
pub fn staging(target: &Path) -> PathBuf {
    with_suffix(target, ".restoring")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether `target` exists and another process has it open.
pub async fn live(target: &Path) -> Result<bool, CliError> {
    if !target.exists() {
        return Ok(false);
    }
    Ok(db::in_use(target).await?)
}

/// Moves the current database (with its `-wal`, which may hold commits)
/// aside as `<file>.pre-restore-<time>`, then renames `staged` into its
/// place. Returns where the old file went, if there was one.
pub fn swap(staged: &Path, target: &Path) -> Result<Option<PathBuf>, CliError> {
    let aside = with_suffix(
        target,
        &format!(".pre-restore-{}", Utc::now().format("%Y%m%dT%H%M%S%.3fZ")),
    );
    let mut kept = None;
    if target.exists() {
        std::fs::rename(target, &aside)?;
        kept = Some(aside.clone());
    }
    // A `-wal` must never meet the new file (SQLite would replay it into
    // it): it goes with the old file, even when that file is gone.
    let wal = with_suffix(target, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, with_suffix(&aside, "-wal"))?;
    }
    let _ = std::fs::remove_file(with_suffix(target, "-shm"));
    std::fs::rename(staged, target)?;
    if let Some(dir) = target.parent() {
        super::manifest::sync_dir(dir);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_keeps_the_old_file_with_its_wal_and_no_wal_meets_the_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let (target, staged) = (dir.path().join("modd.db"), dir.path().join("new"));
        let wal = with_suffix(&target, "-wal");
        std::fs::write(&target, "old").unwrap();
        std::fs::write(&wal, "old wal").unwrap();
        std::fs::write(with_suffix(&target, "-shm"), "shm").unwrap();
        std::fs::write(&staged, "new").unwrap();
        let kept = swap(&staged, &target).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old");
        let kept_wal = with_suffix(&kept, "-wal");
        assert_eq!(std::fs::read_to_string(kept_wal).unwrap(), "old wal");
        assert!(!wal.exists() && !with_suffix(&target, "-shm").exists());

        // No database but a stray WAL: it still goes aside.
        std::fs::remove_file(&target).unwrap();
        std::fs::write(&wal, "stray").unwrap();
        std::fs::write(&staged, "newer").unwrap();
        assert_eq!(swap(&staged, &target).unwrap(), None);
        assert!(!wal.exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "newer");
    }
}
