//! The labelled JSONL format `modctl eval` reads, one example a line:
//!
//! ```json
//! {"id":"en-0001","text":"…","lang":"en","labels":{"harassment":1,"violence":0},"split":"test","tags":["idiom"]}
//! ```
//!
//! `text` and `labels` are required; a category is judged on a line only
//! when the line labels it (0/1 or false/true), so files may label
//! different categories. Category names are the taxonomy's
//! (`harassment_threatening`) or OpenAI's (`harassment/threatening`).
//! Other fields are ignored, so operators can keep their own.

use modd_common::Category;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use crate::error::CliError;

/// The group of examples without a `lang`.
pub const NO_LANGUAGE: &str = "(none)";

/// One labelled example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub lang: String,
    /// The categories this example is labelled for, and whether it is a
    /// positive of each.
    pub labels: BTreeMap<Category, bool>,
}

#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    lang: Option<String>,
    labels: BTreeMap<String, Label>,
    #[serde(default)]
    split: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Label {
    Flag(bool),
    Number(u8),
}

impl Label {
    fn positive(&self) -> Option<bool> {
        match self {
            Label::Flag(b) => Some(*b),
            Label::Number(0) => Some(false),
            Label::Number(1) => Some(true),
            Label::Number(_) => None,
        }
    }
}

/// A taxonomy or OpenAI category name.
pub fn category(name: &str) -> Option<Category> {
    name.parse().ok().or_else(|| Category::from_openai(name))
}

/// Reads the examples of `path` (of `split` only, when given). Errors
/// name the file and line, never the text.
pub fn read(path: &Path, split: Option<&str>) -> Result<Vec<Example>, CliError> {
    let file = std::fs::File::open(path)
        .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
    parse(std::io::BufReader::new(file), split)
        .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

/// [`read`] from any reader; errors say which line.
pub fn parse(reader: impl BufRead, split: Option<&str>) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| format!("line {n}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(&line).map_err(|e| {
            // serde's message may quote the input; keep only where it broke.
            format!(
                "line {n}: not an example (text and labels are required) at column {}",
                e.column()
            )
        })?;
        if split.is_some() && parsed.split.as_deref() != split {
            continue;
        }
        if parsed.lang.as_deref() == Some(super::report::ALL) {
            return Err(format!(
                "line {n}: lang \"{}\" is reserved for the total",
                super::report::ALL
            ));
        }
        if parsed.text.trim().is_empty() {
            return Err(format!("line {n}: text is empty"));
        }
        let mut labels = BTreeMap::new();
        for (name, label) in &parsed.labels {
            let c = category(name).ok_or_else(|| {
                format!("line {n}: unknown category {name:?} (taxonomy or OpenAI names)")
            })?;
            let positive = label
                .positive()
                .ok_or_else(|| format!("line {n}: label {name:?} must be 0 or 1"))?;
            if labels.insert(c, positive).is_some() {
                return Err(format!("line {n}: {c} is labelled twice"));
            }
        }
        out.push(Example {
            text: parsed.text,
            lang: parsed
                .lang
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| NO_LANGUAGE.to_owned()),
            labels,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_with_both_name_styles_and_the_split_filter() {
        let input = r#"{"text":"a","lang":"en","labels":{"harassment/threatening":1,"hate":0},"split":"test","id":"x"}

{"text":"b","labels":{"self_harm":true},"split":"train","tags":["t"]}
"#;
        let all = parse(input.as_bytes(), None).unwrap_or_default();
        assert_eq!(all.len(), 2);
        assert!(all[0].labels[&Category::HarassmentThreatening]);
        assert!(!all[0].labels[&Category::Hate]);
        assert_eq!(all[1].lang, NO_LANGUAGE);
        let test = parse(input.as_bytes(), Some("test")).unwrap_or_default();
        assert_eq!(test.len(), 1);
        assert_eq!(test[0].text, "a");
    }

    #[test]
    fn bad_lines_name_the_line_and_not_the_text() {
        let cases = [
            (
                r#"{"text":"secret words","labels":{"harrassment":1}}"#,
                "unknown category",
            ),
            (r#"{"text":"secret words","labels":{"hate":2}}"#, "0 or 1"),
            (r#"{"text":"  ","labels":{}}"#, "empty"),
            (r#"{"txt":"secret words"}"#, "text and labels"),
            (
                r#"{"text":"a","labels":{"self-harm":1,"self_harm":0}}"#,
                "twice",
            ),
            (r#"{"text":"a","lang":"all","labels":{}}"#, "reserved"),
        ];
        for (line, want) in cases {
            let input = format!("{{\"text\":\"ok\",\"labels\":{{}}}}\n{line}\n");
            let err = parse(input.as_bytes(), None).unwrap_err();
            assert!(err.starts_with("line 2:"), "{err}");
            assert!(err.contains(want), "{line}: {err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }
}
