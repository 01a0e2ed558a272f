//! Records the git commit the binary was built from, for
//! `modd_build_info{commit}`. `MODD_BUILD_COMMIT` wins (image builds have no
//! `.git`); otherwise `git rev-parse`; `unknown` when neither answers.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=MODD_BUILD_COMMIT");
    let commit = std::env::var("MODD_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".to_owned());
    // Rebuild when HEAD moves (a commit, a checkout), so the label is true.
    for path in ["HEAD", "logs/HEAD"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rustc-env=MODD_BUILD_COMMIT={}", commit.trim());
}

fn git_commit() -> Option<String> {
    git(&["rev-parse", "--short=12", "HEAD"])
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}
