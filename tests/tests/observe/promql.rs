//! PromQL as the dashboard and the alert rules hold it: every expression
//! collected, Grafana's variables replaced, and the metric names read out
//! without a PromQL parser (`promtool` does the parsing; this only needs
//! the selectors' names).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every expression of the dashboard's panels and template queries, with
/// Grafana's variables replaced by values Prometheus accepts.
pub fn dashboard_exprs() -> Vec<String> {
    let path = repo().join("deploy/grafana/dashboards/modd.json");
    let text = std::fs::read_to_string(&path).expect("dashboard JSON");
    let dash: Value = serde_json::from_str(&text).expect("dashboard is JSON");
    let mut out = Vec::new();
    let panels = dash["panels"].as_array().expect("panels");
    for panel in panels {
        for target in panel["targets"].as_array().into_iter().flatten() {
            if let Some(expr) = target["expr"].as_str() {
                out.push(grafana_vars(expr));
            }
        }
    }
    for var in dash["templating"]["list"].as_array().into_iter().flatten() {
        // `label_values(metric, label)` is Grafana's, not PromQL: the
        // metric is what must exist.
        if let Some(q) = var["query"].as_str()
            && let Some(args) = q.strip_prefix("label_values(")
        {
            let metric = args.split(',').next().unwrap_or_default().trim();
            out.push(metric.to_owned());
        }
    }
    out
}

fn grafana_vars(expr: &str) -> String {
    expr.replace("$__rate_interval", "5m")
        .replace("$instance", ".*")
}

/// One rule of a Prometheus rule file.
#[derive(Debug, serde::Deserialize)]
pub struct Rule {
    pub alert: Option<String>,
    pub record: Option<String>,
    pub expr: String,
    #[serde(default)]
    pub annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, serde::Deserialize)]
struct Group {
    rules: Vec<Rule>,
}

#[derive(Debug, serde::Deserialize)]
struct RuleFile {
    groups: Vec<Group>,
}

/// The rule files under `deploy/prometheus/`.
pub fn rule_files() -> Vec<PathBuf> {
    let dir = repo().join("deploy/prometheus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("deploy/prometheus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".rules.yml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rule files in {}", dir.display());
    files
}

pub fn rules() -> Vec<Rule> {
    rule_files()
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("rule file");
            let file: RuleFile = serde_yaml::from_str(&text).expect("rule file is YAML");
            file.groups.into_iter().flat_map(|g| g.rules)
        })
        .collect()
}

/// Operators and aggregations written without parentheses right after
/// them (`sum by (le) (…)`); label-list keywords are in [`LABEL_LISTS`].
const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "unless",
    "offset",
    "bool",
    "sum",
    "min",
    "max",
    "avg",
    "count",
    "stddev",
    "stdvar",
    "topk",
    "bottomk",
    "quantile",
    "count_values",
    "group",
    "inf",
    "nan",
];

/// Label lists follow these; their contents are labels, not metrics.
const LABEL_LISTS: &[&str] = &[
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

/// The metric names an expression selects.
pub fn metric_names(expr: &str) -> BTreeSet<String> {
    let cleaned = strip_enclosed(&strip_enclosed(&strip_strings(expr), '{', '}'), '[', ']');
    let chars: Vec<char> = cleaned.chars().collect();
    let mut names = BTreeSet::new();
    let mut i = 0;
    let mut skip_list = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || c == '.' {
            // A number or a duration (1e9, 0.5, 14.4, 1h).
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == '_' || c == ':') {
            if c == '(' && skip_list {
                // Skip the label list.
                while i < chars.len() && chars[i] != ')' {
                    i += 1;
                }
                skip_list = false;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == ':')
        {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let next = chars[i..].iter().find(|c| !c.is_whitespace());
        if LABEL_LISTS.contains(&word.as_str()) {
            skip_list = true;
            continue;
        }
        if next == Some(&'(') || KEYWORDS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        names.insert(word);
    }
    names
}

fn strip_strings(s: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                    out.push(q);
                }
            }
            None => {
                if c == '"' || c == '\'' || c == '`' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

fn strip_enclosed(s: &str, open: char, close: char) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            out.push(c);
        }
    }
    out
}

#[test]
fn names_are_read_from_selectors_only() {
    let expr = r#"histogram_quantile(0.99, sum by (le, route) (rate(modd_x_bucket{route="/a b",status=~"5.."}[5m])))
        / on(instance) group_left(version) max without (pod) (modd_y offset 1h) > 14.4 * 0.001
        and modd:rec:ratio_rate5m > bool 1e9 or absent(modd_z)"#;
    let names: Vec<String> = metric_names(expr).into_iter().collect();
    assert_eq!(
        names,
        ["modd:rec:ratio_rate5m", "modd_x_bucket", "modd_y", "modd_z"]
    );
}
