//! `modctl restore`: puts a backup in place of `--database-url`, checking
//! first, in order: the manifest, the file's checksum, the key, the schema
//! (never newer than this binary's migrations), that the target is not
//! live (`--force` overrides), and after: integrity and row counts against
//! the manifest. Replacing is atomic: SQLite stages the file beside the
//! target and renames it (the old file is kept aside); PostgreSQL restores
//! in one transaction.

use clap::Args;
use modd_store::Backend;
use modd_store::backup::{Contents, latest_known};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::crypt::BackupKey;
use super::manifest::{self, Found};
use super::{Partial, postgres, sqlite};
use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::print_json;
use crate::secret::DatabaseUrl;

/// `modctl restore`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup's manifest (`….manifest.json`), or a directory: its newest
    /// backup of the target's backend.
    #[arg(value_name = "MANIFEST_OR_DIR")]
    pub from: PathBuf,

    /// The key file the backup was encrypted with.
    #[arg(long, env = "MODCTL_BACKUP_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Restore even though the target is live: SQLite: another process has
    /// the file open; PostgreSQL: other sessions are connected, or modd's
    /// tables exist (they are dropped and replaced). Stop modd first.
    #[arg(long)]
    pub force: bool,
}

/// `--json` of `modctl restore`.
#[derive(Debug, Serialize)]
struct Report {
    manifest: PathBuf,
    backend: &'static str,
    target: String,
    schema_version: Option<i64>,
    row_counts: modd_store::backup::RowCounts,
    /// SQLite `PRAGMA integrity_check`; `None` on PostgreSQL.
    integrity: Option<String>,
    /// SQLite: where the replaced database file was moved.
    previous: Option<PathBuf>,
    duration_ms: u128,
}

impl RestoreArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let started = Instant::now();
        let url = global.database()?;
        let backend = Backend::from_url(url.expose())
            .map_err(|e| CliError::usage(format!("--database-url / DATABASE_URL: {e}")))?;
        let found = self.find(backend)?;
        check_schema(&found, backend, found.manifest.schema_version, &[])?;
        let data = found.data_path();
        let (sha256, bytes) = manifest::digest(&data)?;
        if sha256 != found.manifest.sha256 || bytes != found.manifest.bytes {
            return Err(CliError::failure(anyhow::anyhow!(
                "{}: checksum mismatch (the file is damaged or not the one the manifest describes)",
                data.display()
            )));
        }
        let key = self.key(&found)?;
        let mut report = Report {
            manifest: found.path.clone(),
            backend: backend.as_str(),
            target: url.redacted(),
            schema_version: None,
            row_counts: Default::default(),
            integrity: None,
            previous: None,
            duration_ms: 0,
        };
        let contents = match backend {
            Backend::Sqlite => self.sqlite(&url, &found, key.as_ref(), &mut report).await?,
            Backend::Postgres => self.postgres(&url, &found, key.as_ref()).await?,
        };
        report.schema_version = contents.schema_version;
        report.row_counts = contents.row_counts;
        report.duration_ms = started.elapsed().as_millis();
        if global.json {
            return print_json(&report);
        }
        let rows: i64 = report.row_counts.values().sum();
        println!(
            "restored {} into {} ({rows} rows, row counts match the manifest), {} ms",
            found.path.display(),
            report.target,
            report.duration_ms
        );
        if let Some(p) = &report.previous {
            println!("the previous database file is kept as {}", p.display());
        }
        Ok(())
    }

    /// The manifest named, or the newest one for `backend` in a directory.
    fn find(&self, backend: Backend) -> Result<Found, CliError> {
        let found = if self.from.is_dir() {
            manifest::latest(&self.from, Some(backend.as_str()))?.ok_or_else(|| {
                CliError::usage(format!(
                    "no {} backup manifest in {}",
                    backend.as_str(),
                    self.from.display()
                ))
            })?
        } else {
            manifest::read(&self.from)?
        };
        if found.manifest.backend != backend.as_str() {
            return Err(CliError::usage(format!(
                "{} is a {} backup; --database-url is {}",
                found.path.display(),
                found.manifest.backend,
                backend.as_str()
            )));
        }
        Ok(found)
    }

    /// The key, checked against the manifest's key id before any work.
    fn key(&self, found: &Found) -> Result<Option<BackupKey>, CliError> {
        let Some(enc) = &found.manifest.encryption else {
            return Ok(None);
        };
        if enc.algorithm != super::crypt::ALGORITHM || enc.chunk_bytes != super::crypt::CHUNK {
            return Err(CliError::usage(format!(
                "{}: encryption {} ({} byte chunks) is not one this modctl reads",
                found.path.display(),
                enc.algorithm,
                enc.chunk_bytes
            )));
        }
        let path = self.key_file.as_deref().ok_or_else(|| {
            CliError::usage("this backup is encrypted: pass --key-file (or MODCTL_BACKUP_KEY_FILE)")
        })?;
        let key = BackupKey::from_file(path)?;
        if key.id() != enc.key_id {
            return Err(CliError::usage(format!(
                "--key-file {}: wrong key (key id {}; the backup was encrypted with key id {})",
                path.display(),
                key.id(),
                enc.key_id
            )));
        }
        Ok(Some(key))
    }

    async fn sqlite(
        &self,
        url: &DatabaseUrl,
        found: &Found,
        key: Option<&BackupKey>,
        report: &mut Report,
    ) -> Result<Contents, CliError> {
        let target = sqlite::target(url)?;
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let staged = Partial::new(sqlite::staging(&target));
        // A staging file left by an interrupted restore is ours to replace.
        let _ = std::fs::remove_file(staged.path());
        unpack(found, key, staged.path())?;
        let contents = modd_store::backup::sqlite::contents(staged.path()).await?;
        check_schema(
            found,
            Backend::Sqlite,
            contents.schema_version,
            &contents.unknown_migrations,
        )?;
        let integrity = modd_store::backup::sqlite::integrity_check(staged.path()).await?;
        if integrity != "ok" {
            return Err(CliError::failure(anyhow::anyhow!(
                "{}: integrity check failed: {integrity}",
                found.data_path().display()
            )));
        }
        check_counts(found, &contents)?;
        // Last, so a refused restore leaves the target exactly as it was.
        if sqlite::live(&target).await? && !self.force {
            return Err(live_error(format!(
                "{} is open in another process (a running modd?)",
                target.display()
            )));
        }
        report.previous = sqlite::swap(staged.path(), &target)?;
        staged.keep();
        report.integrity = Some(integrity);
        Ok(contents)
    }

    async fn postgres(
        &self,
        url: &DatabaseUrl,
        found: &Found,
        key: Option<&BackupKey>,
    ) -> Result<Contents, CliError> {
        use modd_store::backup::postgres as pg;
        postgres::require_restore_tool()?;
        let sessions = pg::other_sessions(url.expose()).await?;
        let existing = pg::contents(url.expose()).await?;
        if !self.force {
            if sessions > 0 {
                return Err(live_error(format!(
                    "{sessions} other session(s) are connected to {url} (a running modd?)"
                )));
            }
            if !existing.row_counts.is_empty() {
                return Err(live_error(format!(
                    "{url} already has {} table(s): restore into a new database (createdb)",
                    existing.row_counts.len()
                )));
            }
        }
        let plain = match key {
            Some(key) => {
                let staged = Partial::new(hidden_beside(&found.data_path(), ".restoring"));
                let _ = std::fs::remove_file(staged.path());
                super::crypt::decrypt(key, &found.data_path(), staged.path())?;
                Some(staged)
            }
            None => None,
        };
        let file = plain
            .as_ref()
            .map_or(found.data_path(), |p| p.path().to_owned());
        postgres::restore(url, &file, !existing.row_counts.is_empty()).await?;
        let contents = pg::contents(url.expose()).await?;
        check_schema(
            found,
            Backend::Postgres,
            contents.schema_version,
            &contents.unknown_migrations,
        )?;
        check_counts(found, &contents)?;
        Ok(contents)
    }
}

/// `--force` is the way past a live target: exit 2, the operator decides.
fn live_error(what: String) -> CliError {
    CliError::usage(format!(
        "refusing to restore: {what}; stop it first, or pass --force"
    ))
}

/// `.<name><suffix>` in the same directory as `path`.
fn hidden_beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{suffix}"))
}

/// The backup's file, decrypted or copied, at `dest`.
fn unpack(found: &Found, key: Option<&BackupKey>, dest: &Path) -> Result<(), CliError> {
    match key {
        Some(key) => super::crypt::decrypt(key, &found.data_path(), dest),
        None => {
            let mut from = std::fs::File::open(found.data_path())?;
            let mut to = super::create_private(dest)?;
            std::io::copy(&mut from, &mut to)?;
            to.sync_all()?;
            Ok(())
        }
    }
}

/// Refuses a schema newer than this binary's migrations.
fn check_schema(
    found: &Found,
    backend: Backend,
    version: Option<i64>,
    unknown: &[i64],
) -> Result<(), CliError> {
    let known = latest_known(backend);
    let newer = version.is_some_and(|v| known.is_none_or(|k| v > k));
    if newer || !unknown.is_empty() {
        return Err(CliError::usage(format!(
            "{}: schema version {} is newer than this modctl knows ({}): restore with the \
             modctl of the release that took the backup",
            found.path.display(),
            version.map_or_else(|| "?".into(), |v| v.to_string()),
            known.map_or_else(|| "none".into(), |v| v.to_string()),
        )));
    }
    Ok(())
}

/// The restored rows must be the manifest's, table by table.
fn check_counts(found: &Found, contents: &Contents) -> Result<(), CliError> {
    if contents.row_counts == found.manifest.row_counts {
        return Ok(());
    }
    let differ: Vec<String> = found
        .manifest
        .row_counts
        .iter()
        .filter(|(t, n)| contents.row_counts.get(*t) != Some(n))
        .map(|(t, n)| {
            format!(
                "{t}: {n} in the manifest, {:?} restored",
                contents.row_counts.get(t)
            )
        })
        .collect();
    Err(CliError::failure(anyhow::anyhow!(
        "row counts differ from the manifest: {}",
        differ.join(", ")
    )))
}
