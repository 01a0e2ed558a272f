//! `db.backups`: is there a recent backup? With `--backup-dir` (or
//! `MODCTL_BACKUP_DIR`, the directory `modctl backup` writes to) the newest
//! manifest there for the deployment's backend must be younger than
//! `--backup-max-age` and its file present at the recorded size. Without
//! it, PostgreSQL WAL archiving is the only signal visible from here.

use chrono::{TimeDelta, Utc};
use std::path::Path;

use super::CheckResult;
use crate::backup::manifest;
use crate::output::span;

const ID: &str = "db.backups";

/// The check, from the daemon's backend and `archive_mode`.
pub fn check(
    backend: &str,
    archive_mode: Option<&str>,
    dir: Option<&Path>,
    max_age: TimeDelta,
) -> CheckResult {
    match dir {
        Some(dir) => newest_manifest(backend, dir, max_age),
        None => archiving(backend, archive_mode),
    }
}

fn newest_manifest(backend: &str, dir: &Path, max_age: TimeDelta) -> CheckResult {
    let fix = format!(
        "modctl backup --to {} (from cron or a systemd timer)",
        dir.display()
    );
    let found = match manifest::latest(dir, Some(backend)) {
        Ok(Some(found)) => found,
        Ok(None) => {
            return CheckResult::fail(
                ID,
                format!("no {backend} backup manifest in {}", dir.display()),
                fix,
            );
        }
        Err(e) => return CheckResult::fail(ID, e.one_line(), fix),
    };
    let age = Utc::now() - found.manifest.started_at;
    let size = std::fs::metadata(found.data_path()).map(|m| m.len()).ok();
    if size != Some(found.manifest.bytes) {
        return CheckResult::fail(
            ID,
            format!(
                "{}: its backup file is missing or not the recorded size",
                found.path.display()
            ),
            fix,
        );
    }
    if age > max_age {
        return CheckResult::fail(
            ID,
            format!(
                "newest backup {} is {} old (limit {})",
                found.manifest.file,
                span(age),
                span(max_age)
            ),
            fix,
        );
    }
    CheckResult::pass(
        ID,
        format!(
            "newest backup {} taken {} ago, schema {}",
            found.manifest.file,
            span(age),
            found
                .manifest
                .schema_version
                .map_or_else(|| "none".to_owned(), |v| v.to_string())
        ),
    )
}

fn archiving(backend: &str, archive_mode: Option<&str>) -> CheckResult {
    match archive_mode {
        Some("on" | "always") => CheckResult::pass(ID, "WAL archiving on"),
        Some(mode) => CheckResult::warn(
            ID,
            format!("archive_mode={mode}: no backup signal visible from here"),
            "pass --backup-dir (MODCTL_BACKUP_DIR) where `modctl backup` writes, or enable \
             WAL archiving (see manual.backup-restore)",
        ),
        None => CheckResult::warn(
            ID,
            format!("{backend}: no backup signal visible"),
            "pass --backup-dir (MODCTL_BACKUP_DIR) where `modctl backup` writes",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::manifest::{Manifest, stem, write};
    use crate::verify::Status;

    fn backup(dir: &Path, backend: &str, age: TimeDelta, bytes: &[u8]) {
        let at = Utc::now() - age;
        let stem = stem(backend, at);
        let file = format!("{stem}.bin");
        std::fs::write(dir.join(&file), bytes).unwrap();
        let m = Manifest {
            format: manifest::FORMAT,
            backend: backend.into(),
            file,
            bytes: 3,
            sha256: String::new(),
            encryption: None,
            schema_version: Some(1),
            row_counts: Default::default(),
            started_at: at,
            finished_at: at,
            source: "test".into(),
            tool: "test".into(),
            dump_tool: None,
        };
        write(dir, &stem, &m).unwrap();
    }

    #[test]
    fn the_newest_manifest_of_the_backend_decides() {
        let dir = tempfile::tempdir().unwrap();
        let day = TimeDelta::hours(26);
        let status = |b: &str| check(b, None, Some(dir.path()), day).status;
        assert_eq!(status("sqlite"), Status::Fail, "empty directory");
        backup(dir.path(), "sqlite", TimeDelta::days(3), b"abc");
        assert_eq!(status("sqlite"), Status::Fail, "too old");
        backup(dir.path(), "postgres", TimeDelta::hours(1), b"abc");
        assert_eq!(status("sqlite"), Status::Fail, "another backend's");
        assert_eq!(status("postgres"), Status::Pass);
        backup(dir.path(), "sqlite", TimeDelta::hours(2), b"ab");
        assert_eq!(status("sqlite"), Status::Fail, "file not the recorded size");
        backup(dir.path(), "sqlite", TimeDelta::hours(1), b"abc");
        assert_eq!(status("sqlite"), Status::Pass);
        assert_eq!(check("sqlite", None, None, day).status, Status::Warn);
        assert_eq!(
            check("postgres", Some("on"), None, day).status,
            Status::Pass
        );
    }
}
