//! The completion scripts committed in `completions/` match the CLI.
//!
//! Regenerated in-process from the clap definition; a stale file fails with
//! the command that refreshes it. `MODCTL_UPDATE_COMPLETIONS=1` rewrites them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use clap_complete::Shell;
use modctl::completions::{completion_file_name, write_completions};
use std::path::PathBuf;

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

fn completions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../completions")
}

#[test]
fn committed_completions_are_fresh() {
    let update = std::env::var_os("MODCTL_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for shell in SHELLS {
        let mut generated = Vec::new();
        write_completions(shell, &mut generated);
        let path = completions_dir().join(completion_file_name(shell));
        if update {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        if committed != generated {
            stale.push(format!(
                "  {} (refresh: cargo run -p modctl -- completions {shell} > completions/{})",
                path.display(),
                completion_file_name(shell)
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "completion scripts are stale; refresh all with \
         `MODCTL_UPDATE_COMPLETIONS=1 cargo test -p modctl --test completions`, or one by one:\n{}",
        stale.join("\n")
    );
}

#[test]
fn file_names_follow_the_shell_conventions() {
    let names: Vec<String> = SHELLS.into_iter().map(completion_file_name).collect();
    assert_eq!(
        names,
        [
            "modctl.bash",
            "_modctl",
            "modctl.fish",
            "_modctl.ps1",
            "modctl.elv"
        ]
    );
}
