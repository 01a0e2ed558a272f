//! `modctl policy`: an app's moderation policy through the admin API.
//!
//! `show` and `history` read it, `set --file policy.toml` stores a new
//! version, and `test --file new.toml [--last N]` asks the daemon to
//! re-decide the app's newest automatic decisions under the proposal (from
//! stored scores: nothing is classified, nothing changes) and prints how
//! many verdicts would change, in which direction, with examples.

use clap::{Args, Subcommand};
use modd_common::{PolicyDocument, PolicyTestReport, PolicyView, Thresholds};
use std::path::{Path, PathBuf};

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};

/// `modctl policy …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print the app's current policy (the built-in one if it has none).
    Show(AppArg),
    /// Store a new version of the app's policy from a TOML file.
    Set(FileArgs),
    /// List the app's policy versions, newest first.
    History(AppArg),
    /// Dry run: how many recent decisions a proposed policy would change.
    Test(TestArgs),
}

#[derive(Debug, Args)]
pub struct AppArg {
    /// The `source_app` whose policy this is.
    pub app: String,
}

#[derive(Debug, Args)]
pub struct FileArgs {
    /// The `source_app` whose policy this is.
    pub app: String,
    /// Policy file (TOML; see docs/src/using/engine.md, "Policies").
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The `source_app` whose decisions to re-decide.
    pub app: String,
    /// Proposed policy file (TOML).
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,
    /// How many of the newest automatic decisions to re-decide.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub last: u32,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        match self {
            Cmd::Show(a) => {
                let p = client.policy(&a.app).await.map_err(CliError::failure)?;
                show(global, &p)
            }
            Cmd::Set(a) => {
                let doc = read_document(&a.file)?;
                let p = client
                    .set_policy(&a.app, &doc)
                    .await
                    .map_err(CliError::failure)?;
                if !global.json {
                    eprintln!("stored {} (version {})", p.policy_version, p.version);
                }
                show(global, &p)
            }
            Cmd::History(a) => {
                let list = client
                    .policy_history(&a.app)
                    .await
                    .map_err(CliError::failure)?;
                if global.json {
                    return print_json(&list);
                }
                if list.is_empty() {
                    println!("{} has no stored policy: it uses the built-in one.", a.app);
                    return Ok(());
                }
                let mut t = output::table(["version", "created", "by", "default", "overrides"]);
                for p in &list {
                    t.add_row([
                        p.version.to_string(),
                        p.created_at.map_or(String::new(), output::timestamp),
                        p.created_by.clone().unwrap_or_default(),
                        thresholds(&p.document.default),
                        p.document.categories.len().to_string(),
                    ]);
                }
                println!("{t}");
                Ok(())
            }
            Cmd::Test(a) => {
                let doc = read_document(&a.file)?;
                let r = client
                    .test_policy(&a.app, &doc, a.last)
                    .await
                    .map_err(CliError::failure)?;
                if global.json {
                    return print_json(&r);
                }
                println!("{}", render_report(&r));
                Ok(())
            }
        }
    }
}

/// Reads and validates a policy file; a bad file is a usage error (exit 2).
pub fn read_document(path: &Path) -> Result<PolicyDocument, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("--file {}: {e}", path.display())))?;
    let doc: PolicyDocument = toml::from_str(&text)
        .map_err(|e| CliError::usage(format!("--file {}: {e}", path.display())))?;
    doc.validate()
        .map_err(|e| CliError::usage(format!("--file {}: {e}", path.display())))?;
    Ok(doc)
}

fn thresholds(t: &Thresholds) -> String {
    let f = |v: Option<f64>| v.map_or("never".to_owned(), |v| v.to_string());
    format!("review ≥ {}, block ≥ {}", f(t.review_at), f(t.block_at))
}

fn show(global: &GlobalOpts, p: &PolicyView) -> Result<(), CliError> {
    if global.json {
        return print_json(p);
    }
    println!(
        "{} — {}{}",
        p.source_app,
        p.policy_version,
        if p.builtin { " (built-in)" } else { "" }
    );
    let mut t = output::table(["category", "content type", "thresholds"]);
    t.add_row([
        "(default)".to_owned(),
        "*".to_owned(),
        thresholds(&p.document.default),
    ]);
    for (c, th) in &p.document.categories {
        t.add_row([c.to_string(), "*".to_owned(), thresholds(th)]);
    }
    for (ct, rules) in &p.document.content_types {
        for (c, th) in &rules.categories {
            t.add_row([c.to_string(), ct.clone(), thresholds(th)]);
        }
    }
    println!("{t}");
    let d = &p.document;
    println!(
        "uncovered language: {:?}; classifier failure: {:?}; unscored image: {:?}",
        d.uncovered_language, d.classifier_failure, d.unscored_image
    );
    println!("{}", category_gaps(d));
    Ok(())
}

/// What a category nothing scored means: the default and each override.
fn category_gaps(d: &PolicyDocument) -> String {
    let mut out = format!("category no model scored: {:?}", d.uncovered_category);
    for (c, action) in &d.uncovered_categories {
        out.push_str(&format!("; {c}: {action:?}"));
    }
    out
}

/// The dry-run report for people.
pub fn render_report(r: &PolicyTestReport) -> String {
    let mut out = format!(
        "{} decisions of {} re-decided (current policy {}): {} would change ({} stricter, {} looser)",
        r.examined, r.source_app, r.current_policy_version, r.changed, r.stricter, r.looser
    );
    if r.needs_reclassification > 0 {
        out.push_str(&format!(
            "\n{} cannot be re-decided without classifying again (models skipped for an uncovered language)",
            r.needs_reclassification
        ));
    }
    if !r.transitions.is_empty() {
        let mut t = output::table(["change", "count"]);
        for (k, n) in &r.transitions {
            t.add_row([k.replace("->", " → "), n.to_string()]);
        }
        out.push_str(&format!("\n{t}"));
        let mut e = output::table([
            "item",
            "external id",
            "from",
            "to",
            "now because",
            "then because",
        ]);
        for x in &r.examples {
            e.add_row([
                x.item_id.to_string(),
                x.external_id.clone(),
                x.from.as_status().to_string(),
                x.to.as_status().to_string(),
                x.to_reason.clone().unwrap_or_default(),
                x.from_reason.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&format!("\nExamples:\n{e}"));
    }
    out
}
