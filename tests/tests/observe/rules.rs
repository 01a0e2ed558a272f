//! The alert rules as an on-call person meets them: they load, their unit
//! tests pass, every alert has a test that fires it and one that keeps it
//! silent, and every alert names a summary, a first command and a runbook
//! page that exists.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::Command;

use crate::promql::{repo, rule_files, rules};

/// `promtool` with `args`; its output when it fails.
pub fn promtool(args: &[&str]) {
    let out = Command::new("promtool")
        .args(args)
        .current_dir(repo())
        .output()
        .expect("promtool is installed (.ci/run installs the Debian package prometheus)");
    assert!(
        out.status.success(),
        "promtool {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rules_load_and_their_unit_tests_pass() {
    let files: Vec<String> = rule_files()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["check", "rules"];
    args.extend(files.iter().map(String::as_str));
    promtool(&args);
    let tests = test_files();
    let mut args = vec!["test", "rules"];
    args.extend(tests.iter().map(String::as_str));
    promtool(&args);
}

fn test_files() -> Vec<String> {
    let dir = repo().join("deploy/prometheus/tests");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("deploy/prometheus/tests")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.yml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn every_alert_fires_in_one_test_and_stays_silent_in_another() {
    let mut fires = BTreeSet::new();
    let mut silent = BTreeSet::new();
    for file in test_files() {
        let text = std::fs::read_to_string(&file).expect("test file");
        let doc: Value = serde_yaml::from_str(&text).expect("test file is YAML");
        for test in doc["tests"].as_array().expect("tests") {
            for case in test["alert_rule_test"].as_array().into_iter().flatten() {
                let name = case["alertname"].as_str().expect("alertname").to_owned();
                match case["exp_alerts"].as_array().map(Vec::len) {
                    Some(0) | None => silent.insert(name),
                    Some(_) => fires.insert(name),
                };
            }
        }
    }
    let alerts: BTreeSet<String> = rules().into_iter().filter_map(|r| r.alert).collect();
    assert!(alerts.len() >= 20, "{alerts:?}");
    let untested: Vec<_> = alerts.difference(&fires).collect();
    assert!(untested.is_empty(), "never shown to fire: {untested:?}");
    let unchecked: Vec<_> = alerts.difference(&silent).collect();
    assert!(
        unchecked.is_empty(),
        "never shown to stay silent: {unchecked:?}"
    );
}

#[test]
fn every_alert_has_a_summary_a_first_command_and_a_runbook() {
    for rule in rules() {
        let Some(alert) = rule.alert else { continue };
        let a = &rule.annotations;
        assert!(
            a.get("summary").is_some_and(|s| !s.is_empty()),
            "{alert}: no summary"
        );
        let description = a.get("description").cloned().unwrap_or_default();
        assert!(
            description.contains("First run: `"),
            "{alert}: the description must name the first command to run: {description}"
        );
        let runbook = a.get("runbook_url").cloned().unwrap_or_default();
        assert!(
            runbook.starts_with("docs/src/operating/runbooks/") && runbook.ends_with(".md"),
            "{alert}: runbook_url {runbook:?}"
        );
        let page = std::fs::read_to_string(repo().join(&runbook))
            .unwrap_or_else(|e| panic!("{alert}: runbook {runbook}: {e}"));
        assert!(page.contains(&alert), "{runbook} does not name {alert}");
        for section in ["## Meaning", "## Confirm", "## Fix", "## Roll back"] {
            assert!(page.contains(section), "{runbook}: no {section:?} section");
        }
    }
}

/// A rule file holding `exprs` as recording rules, for `promtool check rules`
/// to parse (JSON is YAML, so serde_json writes it).
pub fn as_rule_file(exprs: &[String]) -> String {
    let rules: Vec<Value> = exprs
        .iter()
        .enumerate()
        .map(|(i, e)| json!({"record": format!("extracted:expr_{i}"), "expr": e}))
        .collect();
    json!({"groups": [{"name": "extracted", "rules": rules}]}).to_string()
}
