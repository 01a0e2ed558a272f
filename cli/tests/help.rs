//! `--help` renders for every (sub)command, every flag is documented, the
//! env vars are named, and their values (secrets) are never shown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use clap::CommandFactory;
use modctl::Cli;
use std::process::Command;

const ENV_VARS: [&str; 3] = ["DATABASE_URL", "MODCTL_URL", "MODCTL_ADMIN_KEY"];

/// Every subcommand path, e.g. `["keys", "create"]`, the root as `[]`.
fn all_paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    for sub in cmd.get_subcommands() {
        let mut p = prefix.clone();
        p.push(sub.get_name().to_owned());
        all_paths(sub, p, out);
    }
}

fn paths() -> Vec<Vec<String>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut out = Vec::new();
    all_paths(&cmd, vec![], &mut out);
    // clap's generated `help` subcommands print help, not their own flags.
    out.retain(|p| !p.iter().any(|s| s == "help"));
    out
}

#[test]
fn debug_of_the_parsed_command_line_hides_secrets() {
    use clap::Parser;
    let cli = Cli::try_parse_from([
        "modctl",
        "--admin-key",
        "mod_live_TOPSECRETTOPSECRETTOPSEC123456",
        "--database-url",
        "postgres://modd:hunter2@db/modd",
        "keys",
        "list",
    ])
    .unwrap();
    let shown = format!("{cli:?}");
    assert!(!shown.contains("TOPSECRET"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("postgres://modd:***@db/modd"), "{shown}");
}

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_flag_and_subcommand_is_documented() {
    let mut cmd = Cli::command();
    cmd.build();
    let mut missing = Vec::new();
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        if cmd.get_about().is_none() {
            missing.push(format!("{path}: no about"));
        }
        for arg in cmd.get_arguments() {
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} --{}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    walk(&cmd, "modctl", &mut missing);
    assert!(missing.is_empty(), "undocumented: {missing:?}");
}

#[test]
fn every_help_renders_and_names_the_env_vars_without_values() {
    let secret = "mod_live_SECRETSECRETSECRETSECRET1234";
    let db_password = "hunter2-db-password";
    for path in paths() {
        let out = Command::new(env!("CARGO_BIN_EXE_modctl"))
            .args(&path)
            .arg("--help")
            .env("MODCTL_ADMIN_KEY", secret)
            .env(
                "DATABASE_URL",
                format!("postgres://modd:{db_password}@db/modd"),
            )
            .env("MODCTL_URL", "http://example.test:1234")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let shown = format!("modctl {}", path.join(" "));
        assert!(out.status.success(), "{shown} --help failed");
        assert!(text.contains("Usage: modctl"), "{shown}:\n{text}");
        for var in ENV_VARS {
            assert!(
                text.contains(var),
                "{shown} --help does not mention {var}:\n{text}"
            );
        }
        assert!(!text.contains(secret), "{shown} --help shows the admin key");
        assert!(
            !text.contains(db_password),
            "{shown} --help shows the DB password"
        );
        assert!(
            !text.contains("example.test"),
            "{shown} --help shows env values"
        );
    }
}

/// Every environment variable a flag reads, anywhere in the command tree.
fn flag_env_vars(cmd: &clap::Command, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        if let Some(var) = arg.get_env() {
            out.push(var.to_string_lossy().into_owned());
        }
    }
    for sub in cmd.get_subcommands() {
        flag_env_vars(sub, out);
    }
}

#[test]
fn root_help_lists_every_environment_variable() {
    let mut vars = Vec::new();
    flag_env_vars(&Cli::command(), &mut vars);
    // Read with std::env, not through a flag: `keys create` and `migrate`.
    vars.push("MODD_ENV".to_owned());
    assert!(vars.len() >= 7, "{vars:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_modctl"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (_, environment) = text
        .split_once("Environment")
        .unwrap_or_else(|| panic!("no Environment section:\n{text}"));
    for var in vars {
        assert!(
            environment.contains(&format!("\n  {var} ")),
            "modctl --help does not list {var} under Environment:\n{text}"
        );
    }
}

#[test]
fn subcommand_help_names_its_own_flags() {
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["keys", "create"],
            &[
                "--name",
                "--role",
                "--source-app",
                "--rate-limit",
                "--expires-in",
                "--env",
                "MODD_ENV",
            ],
        ),
        (&["migrate", "down"], &["--steps", "[default: 1]"]),
        (
            &["completions"],
            &["bash", "zsh", "fish", "powershell", "elvish"],
        ),
        (&["man"], &["--out-dir"]),
    ];
    for (path, needles) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_modctl"))
            .args(path)
            .arg("--help")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for n in needles {
            assert!(text.contains(n), "{path:?} --help lacks {n}:\n{text}");
        }
    }
}

#[test]
fn man_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_modctl"))
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    for page in [
        "modctl.1",
        "modctl-keys.1",
        "modctl-keys-create.1",
        "modctl-keys-list.1",
        "modctl-migrate.1",
        "modctl-migrate-redo.1",
        "modctl-completions.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|_| panic!("{page} missing"));
        assert!(
            text.starts_with(".ie") || text.contains(".TH"),
            "{page} is not roff"
        );
    }
    let main = Command::new(env!("CARGO_BIN_EXE_modctl"))
        .arg("man")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(main.stdout)
            .unwrap()
            .contains(".TH modctl")
    );
}
