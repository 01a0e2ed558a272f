//! `modctl classify`: classify text through the daemon without storing it.
//!
//! One `TEXT`, or `--file FILE` with one text per line (plain, or JSONL
//! objects with a `text` field), streamed: the file is read as it is sent,
//! in batches that fit the daemon's body limit, a few requests in flight,
//! results in file order, with a progress bar on stderr.

use clap::Args;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use modd_common::{ClassifyRequest, ClassifyResult, Verdict};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use crate::output::{self, print_json};
use crate::secret::Secret;

/// Bytes of text per request: well under the default 64 KiB body limit
/// even if JSON escaping doubles some characters.
pub(crate) const BATCH_BYTES: usize = 24 * 1024;
/// How long requests may wait out the key's rate limit in total.
pub(crate) const RATE_LIMIT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(120);
/// Requests in flight while streaming a file.
const IN_FLIGHT: usize = 4;

/// `modctl classify`
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// The text to classify (or use --file).
    #[arg(conflicts_with = "file", required_unless_present = "file")]
    pub text: Option<String>,
    /// A file with one text per line, or JSONL objects with a "text" field.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Whose policy decides (default: the key's only app, else the built-in policy).
    #[arg(long, value_name = "APP")]
    pub source_app: Option<String>,
    /// Texts per request when streaming a file (the daemon caps it too).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub batch: usize,
    /// API key for classify (any valid key); defaults to --admin-key.
    #[arg(
        long,
        env = "MODCTL_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<Secret>,
}

impl ClassifyArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = match &self.api_key {
            Some(k) => Client::new(&global.url, Some(k.expose().to_owned()))
                .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?,
            None => global.client()?,
        }
        // A file of texts meets the key's rate limit: wait it out, as eval does.
        .with_rate_limit_patience(RATE_LIMIT_PATIENCE);
        if self.batch == 0 {
            return Err(CliError::usage("--batch must be at least 1"));
        }
        match (&self.text, &self.file) {
            (Some(text), _) => self.one(global, &client, text.clone()).await,
            (None, Some(path)) => self.stream(global, &client, path).await,
            (None, None) => Err(CliError::usage("give TEXT or --file FILE")),
        }
    }

    async fn one(
        &self,
        global: &GlobalOpts,
        client: &Client,
        text: String,
    ) -> Result<(), CliError> {
        let req = ClassifyRequest {
            text: Some(text),
            source_app: self.source_app.clone(),
            ..ClassifyRequest::default()
        };
        let mut resp = client.classify(&req).await.map_err(CliError::failure)?;
        let Some(r) = resp.results.pop() else {
            return Err(CliError::failure(anyhow::anyhow!(
                "the daemon returned no result"
            )));
        };
        if global.json {
            return print_json(&r);
        }
        println!("{}", render_one(&r));
        Ok(())
    }

    async fn stream(
        &self,
        global: &GlobalOpts,
        client: &Client,
        path: &PathBuf,
    ) -> Result<(), CliError> {
        let file = std::fs::File::open(path)
            .map_err(|e| CliError::usage(format!("--file {}: {e}", path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bar = ProgressBar::new(size).with_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {per_sec} eta {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let batches = Batches::new(std::io::BufReader::new(file), self.batch);
        let source_app = self.source_app.clone();
        let mut results = futures::stream::iter(batches)
            .map(|batch| {
                let client = client.clone();
                let source_app = source_app.clone();
                async move {
                    let batch = batch?;
                    let req = ClassifyRequest {
                        texts: Some(batch.texts.clone()),
                        source_app,
                        ..ClassifyRequest::default()
                    };
                    let resp = client.classify(&req).await.map_err(CliError::failure)?;
                    Ok::<_, CliError>((batch, resp.results))
                }
            })
            .buffered(IN_FLIGHT);
        let mut summary = Summary::default();
        while let Some(next) = results.next().await {
            let (batch, results) = next?;
            bar.inc(batch.bytes);
            for (line, r) in batch.lines.iter().zip(&results) {
                summary.add(r);
                if global.json {
                    let mut v = serde_json::to_value(r).map_err(anyhow::Error::new)?;
                    if let Some(o) = v.as_object_mut() {
                        o.insert("line".into(), (*line).into());
                    }
                    println!("{v}");
                }
            }
        }
        bar.finish_and_clear();
        if !global.json {
            println!("{}", summary.render());
        }
        Ok(())
    }
}

/// A request's worth of texts and their line numbers.
struct Batch {
    texts: Vec<String>,
    lines: Vec<usize>,
    /// File bytes consumed (for the progress bar).
    bytes: u64,
}

/// Reads the file lazily into batches; a bad JSONL line is an error naming it.
struct Batches<R> {
    reader: R,
    max: usize,
    line: usize,
    done: bool,
}

impl<R: BufRead> Batches<R> {
    fn new(reader: R, max: usize) -> Self {
        Self {
            reader,
            max,
            line: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for Batches<R> {
    type Item = Result<Batch, CliError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut b = Batch {
            texts: Vec::new(),
            lines: Vec::new(),
            bytes: 0,
        };
        let mut text_bytes = 0;
        let mut buf = String::new();
        while b.texts.len() < self.max && text_bytes < BATCH_BYTES {
            buf.clear();
            match self.reader.read_line(&mut buf) {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(n) => b.bytes += n as u64,
                Err(e) => {
                    self.done = true;
                    return Some(Err(CliError::failure(e)));
                }
            }
            self.line += 1;
            let line = buf.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let text = match parse_line(line) {
                Ok(t) => t,
                Err(e) => {
                    self.done = true;
                    return Some(Err(CliError::usage(format!("line {}: {e}", self.line))));
                }
            };
            text_bytes += text.len();
            b.texts.push(text);
            b.lines.push(self.line);
        }
        (!b.texts.is_empty()).then_some(Ok(b))
    }
}

/// A JSONL object's `text`, or the line itself.
fn parse_line(line: &str) -> Result<String, String> {
    if !line.trim_start().starts_with('{') {
        return Ok(line.to_owned());
    }
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    v.get("text")
        .and_then(|t| t.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "a JSON line needs a string field \"text\"".to_owned())
}

#[derive(Default)]
struct Summary {
    texts: u64,
    verdicts: BTreeMap<&'static str, u64>,
    reasons: BTreeMap<String, u64>,
}

impl Summary {
    fn add(&mut self, r: &ClassifyResult) {
        self.texts += 1;
        let v = match r.decision.verdict {
            Verdict::Approved => "approved",
            Verdict::Flagged => "flagged",
            Verdict::Blocked => "blocked",
        };
        *self.verdicts.entry(v).or_default() += 1;
        if let Some(reason) = &r.decision.reason {
            *self.reasons.entry(reason.clone()).or_default() += 1;
        }
    }

    fn render(&self) -> String {
        let mut t = output::table(["", "texts"]);
        t.add_row(["total".to_owned(), self.texts.to_string()]);
        for (v, n) in &self.verdicts {
            t.add_row([(*v).to_owned(), n.to_string()]);
        }
        for (r, n) in &self.reasons {
            t.add_row([format!("  because {r}"), n.to_string()]);
        }
        t.to_string()
    }
}

/// One result for people: decision, language, scores, raw outputs.
pub fn render_one(r: &ClassifyResult) -> String {
    let lang = r.language.as_ref().map_or("no text".to_owned(), |l| {
        format!(
            "{} ({}), {}",
            l.code.as_deref().unwrap_or("undetermined"),
            l.script.as_deref().unwrap_or("no letters"),
            if l.covered {
                "covered by the models"
            } else {
                "NOT covered by the models"
            }
        )
    });
    let mut out = format!(
        "decision: {} ({}) under {}\nlanguage: {lang}\n",
        r.decision.verdict.as_status(),
        r.decision
            .reason
            .as_deref()
            .unwrap_or("no category reached a threshold"),
        r.decision.policy_version
    );
    let mut t = output::table(["category", "score", "classifier", "valid for", "spans"]);
    for s in &r.scores {
        let spans = s
            .spans
            .iter()
            .map(|x| format!("{} {}..{}", x.kind, x.begin, x.end))
            .collect::<Vec<_>>()
            .join(", ");
        t.add_row([
            s.category.clone(),
            format!("{:.4}", s.score),
            s.classifier.clone(),
            s.languages.join(" "),
            spans,
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if !r.gaps.is_empty() {
        let gaps: Vec<String> = r.gaps.iter().map(|g| g.explain()).collect();
        out.push_str(&format!("not scored: {}\n", gaps.join(", ")));
    }
    let mut raw = output::table(["classifier", "model version", "raw outputs"]);
    for c in &r.classifiers {
        let outputs = match (&c.skipped, &c.error) {
            (Some(why), _) => format!("skipped: {why}"),
            (_, Some(e)) => format!("failed: {e}"),
            _ => c
                .raw
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
        };
        raw.add_row([c.classifier.clone(), c.model_version.clone(), outputs]);
    }
    out.push_str(&raw.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_batches_with_their_numbers() {
        let input = "first\n\n{\"text\":\"second\",\"id\":1}\nthird\r\n";
        let batches: Vec<_> = Batches::new(input.as_bytes(), 2)
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(batches.len(), 2);
        assert_eq!(batches[0].texts, ["first", "second"]);
        assert_eq!(batches[0].lines, [1, 3]);
        assert_eq!(batches[1].texts, ["third"]);
        assert_eq!(
            batches.iter().map(|b| b.bytes).sum::<u64>(),
            input.len() as u64
        );
    }

    #[test]
    fn bad_jsonl_names_the_line() {
        let mut it = Batches::new("ok\n{\"txt\":1}\n".as_bytes(), 10);
        let err = it
            .next()
            .and_then(Result::err)
            .map(|e| e.one_line())
            .unwrap_or_default();
        assert!(err.contains("line 2"), "{err}");
    }
}
