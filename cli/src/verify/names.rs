//! Tests that what `modctl verify` prints agrees with the daemon: every
//! setting a check or fix text names is one `modd` reads, and every check id
//! the checks report is in the catalogue (`--list`, `--skip`).
//!
//! The texts are built inline in each check, so the test reads the check
//! sources themselves: a new fix text is covered without registering it.

use std::path::PathBuf;

use super::catalog;

/// `(file, text)` of every source file of `modctl verify`.
fn sources() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/verify");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("src/verify is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            out.push((path.display().to_string(), text));
        }
    }
    assert!(
        out.len() > 5,
        "found the check sources in {}",
        dir.display()
    );
    out
}

/// Maximal runs of `[A-Za-z0-9_.*-]` in `text`: candidate names and ids.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '*' | '-')))
        .filter(|w| !w.is_empty())
}

#[test]
fn every_setting_a_check_names_is_one_the_daemon_reads() {
    // Built, not written, so this file's own text is no match.
    let prefix = ["MODD", "_"].concat();
    let mut unknown = Vec::new();
    for (file, text) in sources() {
        for word in words(&text) {
            let Some(at) = word.find(&prefix) else {
                continue;
            };
            let name = word[at..].trim_end_matches(['.', '-']);
            // `MODD_RATE_LIMIT*` names a family of settings.
            let known = match name.strip_suffix('*') {
                Some(stem) => modd::settings::CATALOG
                    .iter()
                    .any(|s| s.env.starts_with(stem)),
                None => modd::settings::CATALOG.iter().any(|s| s.env == name),
            };
            if !known {
                unknown.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "not in the settings catalog: {unknown:?}"
    );
}

#[test]
fn every_check_id_in_the_sources_is_in_the_catalog() {
    let sections = catalog::sections();
    let mut seen = 0;
    let mut unknown = Vec::new();
    for (file, text) in sources() {
        // Ids are string literals: `"section.name"`.
        for literal in text.split('"').skip(1).step_by(2) {
            let Some((section, name)) = literal.split_once('.') else {
                continue;
            };
            let id_like = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !(sections.contains(&section) && id_like) {
                continue;
            }
            seen += 1;
            if !catalog::known(literal) {
                unknown.push(format!("{file}: {literal}"));
            }
        }
    }
    assert!(seen > 20, "found the check ids ({seen})");
    assert!(unknown.is_empty(), "ids not in the catalog: {unknown:?}");
}
