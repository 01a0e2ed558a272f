//! PostgreSQL: `pg_dump -Fc` from a snapshot this process holds open (so
//! the manifest's row counts are the dump's), and `pg_restore` in one
//! transaction. The password never reaches a command line: the tools get
//! the URL without it and `PGPASSWORD` in their environment.

use modd_store::backup::postgres::Snapshot;
use std::path::{Path, PathBuf};
use tokio::process::Command;

use super::take::Copy;
use crate::error::CliError;
use crate::secret::DatabaseUrl;

/// The PostgreSQL client tool `name` on `PATH`, or an error naming it.
fn tool(name: &str) -> Result<PathBuf, CliError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            CliError::usage(format!(
                "{name} not found on PATH: install the PostgreSQL client tools of the \
                 server's major version (Debian/Ubuntu: apt-get install postgresql-client)"
            ))
        })
}

/// The tool's command for `url`: URL without password, password in the env.
fn command(program: &Path, url: &DatabaseUrl) -> Result<(Command, String), CliError> {
    let mut parsed = url::Url::parse(url.expose())
        .map_err(|_| CliError::usage("--database-url: invalid PostgreSQL URL"))?;
    let password = parsed.password().map(percent_decode);
    let _ = parsed.set_password(None);
    let mut cmd = Command::new(program);
    cmd.kill_on_drop(true);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    Ok((cmd, parsed.to_string()))
}

/// `%XX` escapes of a URL component decoded (a password may hold `@` or `/`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a tool to completion; a failure carries its last stderr lines.
async fn run(mut cmd: Command, name: &str) -> Result<String, CliError> {
    let out = cmd
        .output()
        .await
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot run {name}: {e}")))?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
    Err(CliError::failure(anyhow::anyhow!(
        "{name} failed ({}): {}",
        out.status,
        tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
    )))
}

/// `pg_dump -Fc` of `url` into `dest`, from a snapshot whose row counts
/// go into the manifest.
pub async fn dump(url: &DatabaseUrl, dest: &Path) -> Result<Copy, CliError> {
    let program = tool("pg_dump")?;
    let (mut version, _) = command(&program, url)?;
    version.arg("--version");
    let dump_tool = run(version, "pg_dump").await?;
    let snapshot = Snapshot::begin(url.expose())
        .await
        .map_err(|e| CliError::from(e).context(format!("cannot open a snapshot of {url}")))?;
    drop(super::create_private(dest)?);
    let (mut cmd, bare) = command(&program, url)?;
    cmd.args(["--format=custom", "--no-owner", "--no-privileges"])
        .arg(format!("--snapshot={}", snapshot.id()))
        .arg("--file")
        .arg(dest)
        .arg("--dbname")
        .arg(bare);
    let dumped = run(cmd, "pg_dump").await;
    let contents = snapshot.contents().clone();
    snapshot.end().await?;
    dumped?;
    Ok(Copy {
        contents,
        dump_tool: Some(dump_tool),
    })
}

/// `pg_restore` of `file` into `url` in one transaction: all or nothing.
/// `clean` drops the dump's objects first (restoring over modd's tables).
pub async fn restore(url: &DatabaseUrl, file: &Path, clean: bool) -> Result<(), CliError> {
    let program = tool("pg_restore")?;
    let (mut cmd, bare) = command(&program, url)?;
    cmd.args([
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
    ]);
    if clean {
        cmd.args(["--clean", "--if-exists"]);
    }
    cmd.arg("--dbname").arg(bare).arg(file);
    run(cmd, "pg_restore").await?;
    Ok(())
}

/// Checks for `pg_restore` before any work, so a missing tool fails first.
pub fn require_restore_tool() -> Result<(), CliError> {
    tool("pg_restore").map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url_and_are_decoded() {
        let url: DatabaseUrl = "postgres://modd:p%40ss%2Fw@db:5432/modd?sslmode=require"
            .parse()
            .unwrap();
        let (cmd, bare) = command(Path::new("pg_dump"), &url).unwrap();
        assert_eq!(bare, "postgres://modd@db:5432/modd?sslmode=require");
        let env: Vec<_> = cmd.as_std().get_envs().collect();
        assert_eq!(
            env,
            [(
                std::ffi::OsStr::new("PGPASSWORD"),
                Some(std::ffi::OsStr::new("p@ss/w"))
            )]
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
