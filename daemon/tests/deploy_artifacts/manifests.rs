//! Reading the shipped deployment files: the repository's `deploy/` tree,
//! the Dockerfile, YAML documents, Kubernetes quantities, settings names.

use serde::Deserialize;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// The repository root (this crate is `daemon/`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root")
        .to_path_buf()
}

pub fn read(relative: &str) -> String {
    let path = repo().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every YAML document in the file, with `<<` merge keys applied.
pub fn yaml_documents(relative: &str) -> Vec<Value> {
    let text = read(relative);
    serde_yaml::Deserializer::from_str(&text)
        .map(|doc| {
            let mut value =
                Value::deserialize(doc).unwrap_or_else(|e| panic!("{relative}: not YAML: {e}"));
            value
                .apply_merge()
                .unwrap_or_else(|e| panic!("{relative}: bad merge key: {e}"));
            value
        })
        .filter(|v| !v.is_null())
        .collect()
}

/// Every Kubernetes object of the kustomize base (the files it lists).
pub fn kubernetes_base() -> Vec<Value> {
    let kustomization = &yaml_documents("deploy/kubernetes/base/kustomization.yaml")[0];
    seq(&kustomization["resources"])
        .iter()
        .flat_map(|file| {
            yaml_documents(&format!(
                "deploy/kubernetes/base/{}",
                file.as_str().expect("a file name")
            ))
        })
        .collect()
}

pub fn seq(v: &Value) -> &[Value] {
    v.as_sequence().map(Vec::as_slice).unwrap_or(&[])
}

pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => panic!("expected a scalar, got {other:?}"),
    }
}

/// Whether `name` is something `modd` reads: a row of the settings catalog
/// (which lists the `X_FILE` forms of secrets too).
pub fn is_known_setting(name: &str) -> bool {
    modd::settings::CATALOG.iter().any(|d| d.env == name)
}

/// Names that are not settings, collected so a test reports all of them
/// at once, after its other checks have run.
#[derive(Default)]
pub struct Unknown(Vec<String>);

impl Unknown {
    pub fn check(&mut self, place: &str, name: &str) {
        if !is_known_setting(name) {
            self.0.push(format!("{place}: {name}"));
        }
    }

    pub fn assert_none(self) {
        assert!(
            self.0.is_empty(),
            "not in the settings catalog:\n{}",
            self.0.join("\n")
        );
    }
}

/// Bytes in a Kubernetes memory quantity (`512Mi`, `1Gi`, `500M`, `1000`).
pub fn memory_bytes(quantity: &str) -> u64 {
    let units: [(&str, u64); 8] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
    ];
    let (number, factor) = units
        .iter()
        .find_map(|(suffix, f)| quantity.strip_suffix(suffix).map(|n| (n, *f)))
        .unwrap_or((quantity, 1));
    number
        .parse::<u64>()
        .unwrap_or_else(|_| panic!("unsupported memory quantity {quantity:?}"))
        * factor
}

/// `(name, value)` of every `ENV` and `ARG name=default` in the Dockerfile.
pub fn dockerfile_assignments(keyword: &str) -> Vec<(String, String)> {
    // Join continuation lines so `ENV A=1 \ B=2` reads as one instruction.
    let joined = read("Dockerfile").replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|l| l.trim().strip_prefix(keyword)?.strip_prefix(' '))
        .flat_map(|rest| rest.split_whitespace())
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.trim_matches('"').to_owned()))
        .collect()
}

#[test]
fn memory_quantities_parse() {
    assert_eq!(memory_bytes("512Mi"), 512 << 20);
    assert_eq!(memory_bytes("1Gi"), 1 << 30);
    assert_eq!(memory_bytes("500M"), 500_000_000);
    assert_eq!(memory_bytes("4096"), 4096);
}
