//! Repository checks (`--repo DIR` only): `.env` ignored by git,
//! `.env.example` names every setting, and no live key anywhere in the git
//! history. The key format's checksum makes the last one exact: a string
//! that looks like a key but fails the checksum is not reported.

use modd_common::ApiKey;
use std::path::Path;
use std::process::Command;

use super::CheckResult;

const IDS: [&str; 3] = ["repo.env-ignored", "repo.env-example", "repo.no-live-keys"];
const LIVE_TAG: &str = "mod_live_";

pub fn checks(repo: Option<&Path>) -> Vec<CheckResult> {
    let Some(dir) = repo else {
        return IDS
            .iter()
            .map(|id| CheckResult::skipped(id, "no --repo DIR given"))
            .collect();
    };
    vec![env_ignored(dir), env_example(dir), no_live_keys(dir)]
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("running git: {e}"))
}

fn env_ignored(dir: &Path) -> CheckResult {
    const ID: &str = "repo.env-ignored";
    match git(dir, &["ls-files", "--error-unmatch", ".env"]) {
        Ok(o) if o.status.success() => {
            return CheckResult::fail(
                ID,
                ".env is tracked by git",
                "git rm --cached .env; add .env to .gitignore",
            );
        }
        Err(e) => return CheckResult::fail(ID, e, "install git"),
        _ => {}
    }
    match git(dir, &["check-ignore", "-q", ".env"]) {
        Ok(o) if o.status.success() => CheckResult::pass(ID, ".env is ignored"),
        Ok(o) if o.status.code() == Some(1) => {
            CheckResult::fail(ID, ".env is not ignored", "add .env to .gitignore")
        }
        Ok(o) => CheckResult::fail(
            ID,
            format!(
                "git check-ignore: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ),
            "is --repo a git checkout?",
        ),
        Err(e) => CheckResult::fail(ID, e, "install git"),
    }
}

fn env_example(dir: &Path) -> CheckResult {
    const ID: &str = "repo.env-example";
    let text = match std::fs::read_to_string(dir.join(".env.example")) {
        Ok(t) => t,
        Err(e) => {
            return CheckResult::fail(
                ID,
                format!(".env.example: {e}"),
                "modd config env-example > .env.example",
            );
        }
    };
    let named = |env: &str| {
        text.lines()
            .map(|l| l.trim_start_matches(['#', ' ']))
            .any(|l| {
                l.strip_prefix(env)
                    .is_some_and(|rest| rest.starts_with('='))
            })
    };
    let missing: Vec<&str> = modd_common::settings::CATALOG
        .iter()
        .map(|s| s.env)
        .filter(|env| !named(env))
        .collect();
    if missing.is_empty() {
        CheckResult::pass(
            ID,
            format!(
                "all {} settings documented",
                modd_common::settings::CATALOG.len()
            ),
        )
    } else {
        CheckResult::fail(
            ID,
            format!("missing: {}", missing.join(", ")),
            "modd config env-example > .env.example",
        )
    }
}

fn no_live_keys(dir: &Path) -> CheckResult {
    const ID: &str = "repo.no-live-keys";
    let out = match git(dir, &["log", "-p", "--all", "--no-color"]) {
        Ok(o) if o.status.success() => o.stdout,
        Ok(o) => {
            return CheckResult::fail(
                ID,
                format!("git log: {}", String::from_utf8_lossy(&o.stderr).trim()),
                "is --repo a git checkout?",
            );
        }
        Err(e) => return CheckResult::fail(ID, e, "install git"),
    };
    let found = live_keys(&String::from_utf8_lossy(&out));
    if found.is_empty() {
        CheckResult::pass(ID, "no valid mod_live_ key in the history")
    } else {
        CheckResult::fail(
            ID,
            format!(
                "{} live key(s) in the history: {}…",
                found.len(),
                found.join("…, ")
            ),
            "revoke them now (modctl keys revoke), then rewrite the history",
        )
    }
}

/// Display prefixes of the distinct valid live keys in `text`.
pub fn live_keys(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in text.match_indices(LIVE_TAG) {
        let rest = &text[at + LIVE_TAG.len()..];
        let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let candidate = &text[at..at + LIVE_TAG.len() + len];
        if let Ok(key) = ApiKey::parse(candidate) {
            let prefix = key.display_prefix().to_owned();
            if !found.contains(&prefix) {
                found.push(prefix);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::KeyEnvironment;

    #[test]
    fn only_keys_with_a_valid_checksum_are_found() {
        let live = ApiKey::generate(KeyEnvironment::Live);
        let test = ApiKey::generate(KeyEnvironment::Test);
        let mut forged = live.expose_secret().to_owned();
        forged.pop();
        forged.push(if live.expose_secret().ends_with('A') {
            'B'
        } else {
            'A'
        });
        let text = format!(
            "+KEY={}\n-old {forged} and {}\nmod_live_ docs mod_live_xyz\n",
            live.expose_secret(),
            test.expose_secret()
        );
        assert_eq!(live_keys(&text), vec![live.display_prefix().to_owned()]);
    }
}
