//! `modctl backup`: a consistent copy of `--database-url` into `--to`, then
//! (with `--key-file`) sealed, checksummed, described by a manifest written
//! last, and old backups pruned.

use chrono::Utc;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

use super::crypt::BackupKey;
use super::manifest::{self, Manifest};
use super::{Partial, postgres, prune, sqlite};
use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::print_json;
use modd_store::Backend;
use modd_store::backup::Contents;

/// `modctl backup`
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Directory to write the backup and its manifest into (created).
    #[arg(long, env = "MODCTL_BACKUP_DIR", value_name = "DIR")]
    pub to: PathBuf,

    /// Encrypt the backup with the 32-byte key in this file (64 hex
    /// digits, e.g. `openssl rand -hex 32`); restore needs the same file.
    #[arg(long, env = "MODCTL_BACKUP_KEY_FILE", value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    #[command(flatten)]
    pub prune: prune::PruneArgs,
}

/// A raw copy (before sealing) and what it holds.
pub(super) struct Copy {
    pub contents: Contents,
    /// `pg_dump --version`, for PostgreSQL.
    pub dump_tool: Option<String>,
}

/// `--json` of `modctl backup`.
#[derive(Debug, Serialize)]
struct Report {
    manifest: PathBuf,
    /// The backup file (the manifest's `file`, with its directory).
    path: PathBuf,
    #[serde(flatten)]
    written: Manifest,
    duration_ms: u128,
    pruned: Vec<PathBuf>,
}

impl BackupArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let started = Instant::now();
        let url = global.database()?;
        let backend = Backend::from_url(url.expose())
            .map_err(|e| CliError::usage(format!("--database-url / DATABASE_URL: {e}")))?;
        let key = self
            .key_file
            .as_deref()
            .map(BackupKey::from_file)
            .transpose()?;
        let policy = self.prune.policy()?;
        std::fs::create_dir_all(&self.to).map_err(|e| {
            CliError::usage(format!("--to {}: cannot create: {e}", self.to.display()))
        })?;
        let started_at = Utc::now();
        let stem = manifest::stem(backend.as_str(), started_at);
        let ext = match backend {
            Backend::Sqlite => "sqlite3",
            Backend::Postgres => "pgdump",
        };
        let raw = Partial::new(self.to.join(format!(".{stem}.{ext}.partial")));
        let copy = match backend {
            Backend::Sqlite => sqlite::copy(&url, raw.path()).await?,
            Backend::Postgres => postgres::dump(&url, raw.path()).await?,
        };
        let (file_name, data) = match &key {
            Some(key) => {
                let name = format!("{stem}.{ext}.enc");
                let sealed = Partial::new(self.to.join(format!(".{name}.partial")));
                super::crypt::encrypt(key, raw.path(), sealed.path())?;
                drop(raw);
                (name, sealed)
            }
            None => (format!("{stem}.{ext}"), raw),
        };
        let (sha256, bytes) = manifest::digest(data.path())?;
        let final_path = self.to.join(&file_name);
        std::fs::rename(data.path(), &final_path)?;
        data.keep();
        let written = Manifest {
            format: manifest::FORMAT,
            backend: backend.as_str().to_owned(),
            file: file_name,
            bytes,
            sha256,
            encryption: key.as_ref().map(BackupKey::describe),
            schema_version: copy.contents.schema_version,
            row_counts: copy.contents.row_counts,
            started_at,
            finished_at: Utc::now(),
            source: url.redacted(),
            tool: format!("modctl {}", env!("CARGO_PKG_VERSION")),
            dump_tool: copy.dump_tool,
        };
        let manifest_path = manifest::write(&self.to, &stem, &written)?;
        let pruned = prune::prune(&self.to, &policy, &manifest_path)?;
        let report = Report {
            manifest: manifest_path,
            path: final_path,
            written,
            duration_ms: started.elapsed().as_millis(),
            pruned,
        };
        if global.json {
            return print_json(&report);
        }
        print_human(&report);
        Ok(())
    }
}

fn print_human(r: &Report) {
    let rows: i64 = r.written.row_counts.values().sum();
    println!(
        "backed up {} ({} rows, schema {}) to {}",
        r.written.source,
        rows,
        r.written
            .schema_version
            .map_or_else(|| "none".to_owned(), |v| v.to_string()),
        r.path.display()
    );
    println!(
        "{} bytes, sha256 {}{}, {} ms",
        r.written.bytes,
        r.written.sha256,
        if r.written.encryption.is_some() {
            ", encrypted"
        } else {
            ""
        },
        r.duration_ms
    );
    println!("manifest {}", r.manifest.display());
    for p in &r.pruned {
        println!("pruned {}", p.display());
    }
}
