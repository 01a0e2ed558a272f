//! A small link checker for our Markdown: inline links and images outside
//! code, `{{#include}}` directives, and `#anchors` against the headings of
//! the target page (GitHub's and mdBook's ids agree for our headings).
//!
//! Rules: no link leaves the repository (no `http:`, no absolute path);
//! pages of the book (`docs/src`) link only within the book, since the
//! rendered book contains nothing else (`{{#include}}` brings a file in).

use regex::Regex;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"!?\[[^\]]*\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)"#).unwrap());
static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#include\s+([^}\s:]+)[^}]*\}\}").unwrap());

/// The checked documents: README.md, BENCHMARKS.md and every page of the book.
pub fn documents(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    let mut dirs = vec![root.join("docs/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every broken link in `files`, as `file: target: why`.
pub fn check(root: &Path, files: &[PathBuf]) -> Vec<String> {
    let book = root.join("docs/src");
    let mut anchors = HashMap::new();
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        let dir = file.parent().unwrap();
        let prose = without_code(&text);
        for include in INCLUDE.captures_iter(&text) {
            if !dir.join(&include[1]).is_file() {
                problems.push(format!(
                    "{shown}: {{{{#include {}}}}}: no such file",
                    &include[1]
                ));
            }
        }
        for link in LINK.captures_iter(&prose) {
            let target = &link[1];
            if let Some(why) = broken(target, file, &book, &mut anchors) {
                problems.push(format!("{shown}: {target}: {why}"));
            }
        }
    }
    problems
}

/// Why `target`, linked from `file`, does not resolve (`None` when it does).
fn broken(
    target: &str,
    file: &Path,
    book: &Path,
    anchors: &mut HashMap<PathBuf, Vec<String>>,
) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") {
        return Some("links outside the repository are not allowed".into());
    }
    if target.starts_with('/') {
        return Some("absolute paths do not resolve on GitHub or in the book".into());
    }
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let resolved = if path.is_empty() {
        file.to_path_buf()
    } else {
        normalize(&file.parent().unwrap().join(path))
    };
    if !resolved.exists() {
        return Some("no such file".into());
    }
    if file.starts_with(book) && !resolved.starts_with(book) {
        return Some("leaves the book (docs/src): use {{#include}} or name the path".into());
    }
    if anchor.is_empty() || resolved.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let ids = anchors
        .entry(resolved.clone())
        .or_insert_with(|| heading_ids(&std::fs::read_to_string(&resolved).unwrap()));
    (!ids.iter().any(|id| id == anchor)).then(|| format!("no heading with id #{anchor}"))
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The text with fenced code blocks and inline code spans blanked out, so
/// examples that look like links are not taken for links.
fn without_code(text: &str) -> String {
    outside_fences(text)
        .map(without_code_spans)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines outside fenced code blocks.
fn outside_fences(text: &str) -> impl Iterator<Item = &str> {
    let mut fenced = false;
    text.lines().filter(move |line| {
        let fence = line.trim_start().starts_with("```");
        fenced ^= fence;
        !fence && !fenced
    })
}

/// One line with each `code span` replaced by the word `code`.
fn without_code_spans(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let ticks = rest[open..].chars().take_while(|c| *c == '`').count();
        let fence = &rest[open..open + ticks];
        let after = &rest[open + ticks..];
        match after.find(fence) {
            Some(close) => {
                out.push_str("code");
                rest = &after[close + ticks..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The ids of a page's headings, as GitHub and mdBook derive them: the text
/// without markup, lower-cased, spaces to `-`, other punctuation dropped;
/// a repeated id gets `-1`, `-2`, ….
fn heading_ids(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for line in outside_fences(text) {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let mut base = String::new();
        for c in line[hashes..].trim().chars() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                base.extend(c.to_lowercase());
            } else if c.is_whitespace() {
                base.push('-');
            }
        }
        let mut id = base.clone();
        let mut n = 0;
        while ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        ids.push(id);
    }
    ids
}
