//! Where new secrets go. A secret shown only on a terminal is lost when the
//! terminal scrolls or closes, so `keys rotate` writes secrets to a file
//! (`--out`, created 0600, never overwriting), to stdout as JSON (`--json`,
//! for a pipe into a secret store), or as text only when stdout is not a
//! terminal. The choice is made before anything is rotated.

use serde::Serialize;
use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// Where the secrets of one `keys rotate` run go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A new file, readable by its owner only.
    File(PathBuf),
    /// Stdout, as JSON.
    Json,
    /// Stdout, as text: only when stdout is a pipe or a file.
    Text,
}

impl Destination {
    /// Picks the destination, or refuses before anything changes: a
    /// terminal without `--out` or `--json`, or an `--out` file that exists.
    pub fn choose(
        out: Option<PathBuf>,
        json: bool,
        stdout_is_terminal: bool,
    ) -> Result<Self, CliError> {
        match out {
            Some(path) => {
                refuse_existing(&path)?;
                Ok(Destination::File(path))
            }
            None if json => Ok(Destination::Json),
            None if stdout_is_terminal => Err(CliError::usage(
                "refusing to show new secrets only on a terminal: write them to a file \
                 with --out FILE, or pipe them with --json",
            )),
            None => Ok(Destination::Text),
        }
    }
}

/// An existing file is never overwritten: it may hold the secrets of an
/// earlier run that nobody has stored yet.
fn refuse_existing(path: &Path) -> Result<(), CliError> {
    if path.symlink_metadata().is_ok() {
        return Err(CliError::usage(format!(
            "{} exists; refusing to overwrite it (it may hold secrets): choose another --out",
            path.display()
        )));
    }
    Ok(())
}

/// The `--out` file, rewritten whole after each rotation so that a run cut
/// short still leaves every secret issued so far on disk.
#[derive(Debug)]
pub struct SecretsFile {
    file: File,
    path: PathBuf,
}

impl SecretsFile {
    /// Creates the file, mode 0600, failing if it exists (even if it
    /// appeared since [`Destination::choose`] looked).
    pub fn create(path: &Path) -> Result<Self, CliError> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                CliError::usage(format!(
                    "{} exists; refusing to overwrite it",
                    path.display()
                ))
            } else {
                CliError::failure(anyhow::anyhow!("cannot create {}: {e}", path.display()))
            }
        })?;
        Ok(Self {
            file,
            path: path.to_owned(),
        })
    }

    /// Replaces the file's content with `value` as JSON and syncs it to disk.
    pub fn write<T: Serialize>(&mut self, value: &T) -> Result<(), CliError> {
        let text = serde_json::to_vec_pretty(value).map_err(anyhow::Error::new)?;
        let fail = |e: std::io::Error| {
            CliError::failure(anyhow::anyhow!("cannot write {}: {e}", self.path.display()))
        };
        self.file.set_len(0).map_err(fail)?;
        self.file.rewind().map_err(fail)?;
        self.file.write_all(&text).map_err(fail)?;
        self.file.write_all(b"\n").map_err(fail)?;
        self.file.sync_all().map_err(fail)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_alone_never_gets_secrets() {
        assert!(Destination::choose(None, false, true).is_err());
        assert_eq!(
            Destination::choose(None, true, true).ok(),
            Some(Destination::Json)
        );
        assert_eq!(
            Destination::choose(None, false, false).ok(),
            Some(Destination::Text)
        );
    }

    #[test]
    fn the_out_file_is_new_private_and_rewritten_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        assert_eq!(
            Destination::choose(Some(path.clone()), false, true).ok(),
            Some(Destination::File(path.clone()))
        );
        let mut file = SecretsFile::create(&path).unwrap();
        file.write(&vec!["a-much-longer-first-value"]).unwrap();
        file.write(&vec!["b"]).unwrap();
        let back: Vec<String> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(back, ["b"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = Destination::choose(Some(path.clone()), false, false).unwrap_err();
        assert_eq!(again.exit_code(), 2);
        assert!(SecretsFile::create(&path).is_err());
    }
}
