//! The line counts of the store crate on `docs/src/developing/store.md`:
//! counted here the way the page says (`wc -l` of every Rust file), so the
//! figures cannot go stale.

use super::repo_root;
use std::path::Path;

/// The page's table: each folder of `store/src` with its files and lines,
/// and the total the page compares with the module the crate came from.
pub fn markdown() -> String {
    let src = repo_root().join("store/src");
    let mut rows = Vec::new();
    let (mut files, mut lines, mut compared) = (0, 0, 0);
    for folder in ["", "rows", "sql", "sqlite", "postgres", "backup"] {
        let counts = rust_files(&src.join(folder));
        let n: usize = counts.iter().map(|(_, l)| l).sum();
        files += counts.len();
        lines += n;
        // `redact.rs` and `event.rs` came from elsewhere in the daemon.
        compared += counts
            .iter()
            .filter(|(name, _)| {
                !folder.is_empty() || !["redact.rs", "event.rs"].contains(&name.as_str())
            })
            .map(|(_, l)| l)
            .sum::<usize>();
        let name = if folder.is_empty() {
            "`store/src/*.rs`".to_owned()
        } else {
            format!("`store/src/{folder}/`")
        };
        rows.push(format!("| {name} | {} | {n} |", counts.len()));
    }
    rows.push(format!("| all | {files} | {lines} |"));
    rows.push(format!(
        "| all but `redact.rs` and `event.rs` | {} | {compared} |",
        files - 2
    ));
    format!(
        "| path | files | lines |\n|---|---|---|\n{}\n",
        rows.join("\n")
    )
}

/// `(file name, lines)` of the `.rs` files directly in `dir`.
fn rust_files(dir: &Path) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, text.lines().count())
        })
        .collect();
    out.sort();
    out
}
