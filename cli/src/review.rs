//! `modctl review`: the human review queue over the admin API.

use crate::args::GlobalOpts;
use crate::client::ReviewFilter;
use crate::error::CliError;
use crate::output::{self, print_json};
use clap::{Args, Subcommand, ValueEnum};
use modd_common::{ReviewBatchRequest, ReviewBatchResult, ReviewItem, ReviewNote, ReviewVerdict};

/// `modctl review …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List flagged items waiting for a reviewer, oldest first.
    List(ListArgs),
    /// Show one item with its text, scores and decision.
    Show {
        /// Item id.
        id: i64,
    },
    /// Approve a flagged item (final).
    Approve(DecideArgs),
    /// Reject (block) a flagged item (final).
    Reject(DecideArgs),
    /// Approve or reject every flagged item matching a filter.
    Batch(BatchArgs),
    /// Appeals of decided items: list, show, decide (uphold or overturn).
    #[command(subcommand)]
    Appeals(crate::appeals::Cmd),
}

/// Which flagged items.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only items of this source app.
    #[arg(long, value_name = "APP")]
    pub source_app: Option<String>,
    /// Match on this category's score (with --min-score / --max-score).
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,
    /// Lowest score, 0..1.
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    /// Highest score, 0..1.
    #[arg(long, value_name = "X")]
    pub max_score: Option<f64>,
}

/// `modctl review list`
#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Items with an id above this (for paging).
    #[arg(long, value_name = "ID")]
    pub after_id: Option<i64>,
    /// At most this many items (1..500).
    #[arg(long, default_value = "50")]
    pub limit: i64,
}

/// `modctl review approve|reject`
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// Item id.
    pub id: i64,
    /// Why, for the record.
    #[arg(long)]
    pub note: Option<String>,
    /// One of the item's app's reason codes (`modctl apps reason-codes APP`).
    #[arg(long, value_name = "CODE")]
    pub reason: Option<String>,
}

/// The decision of a batch.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum VerdictArg {
    /// Approve the matching items.
    Approve,
    /// Reject (block) the matching items.
    Reject,
}

/// `modctl review batch`
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// approve or reject.
    #[arg(value_enum)]
    pub verdict: VerdictArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Why, for the record.
    #[arg(long)]
    pub note: Option<String>,
    /// One of the app's reason codes, for every item (needs --source-app).
    #[arg(long, value_name = "CODE", requires = "source_app")]
    pub reason: Option<String>,
    /// Only count the matching items.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long)]
    pub yes: bool,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        match self {
            Cmd::List(a) => {
                let f = a.filter;
                let filter = ReviewFilter {
                    source_app: f.source_app,
                    category: f.category,
                    min_score: f.min_score,
                    max_score: f.max_score,
                    after_id: a.after_id,
                    limit: Some(a.limit),
                };
                let page = client
                    .review_list(&filter)
                    .await
                    .map_err(CliError::failure)?;
                if global.json {
                    return print_json(&page);
                }
                if page.items.is_empty() {
                    println!("Nothing waits for review.");
                    return Ok(());
                }
                println!("{}", render(&page.items));
                if let Some(next) = page.next_after_id {
                    eprintln!("more: --after-id {next}");
                }
                Ok(())
            }
            Cmd::Show { id } => {
                let item = client.review_show(id).await.map_err(CliError::failure)?;
                show(&item, global.json)
            }
            Cmd::Approve(a) => decide(global, a, ReviewVerdict::Approved).await,
            Cmd::Reject(a) => decide(global, a, ReviewVerdict::Blocked).await,
            Cmd::Batch(a) => batch(global, a).await,
            Cmd::Appeals(cmd) => cmd.run(global).await,
        }
    }
}

async fn decide(
    global: &GlobalOpts,
    a: DecideArgs,
    verdict: ReviewVerdict,
) -> Result<(), CliError> {
    let body = ReviewNote {
        note: a.note,
        reason_code: a.reason,
    };
    let item = global
        .client()?
        .review_decide_with(a.id, verdict, &body)
        .await
        .map_err(CliError::failure)?;
    show(&item, global.json)
}

async fn batch(global: &GlobalOpts, a: BatchArgs) -> Result<(), CliError> {
    let client = global.client()?;
    let verdict = match a.verdict {
        VerdictArg::Approve => ReviewVerdict::Approved,
        VerdictArg::Reject => ReviewVerdict::Blocked,
    };
    let mut req = ReviewBatchRequest {
        verdict,
        source_app: a.filter.source_app,
        category: a.filter.category,
        min_score: a.filter.min_score,
        max_score: a.filter.max_score,
        up_to_id: None,
        note: a.note,
        reason_code: a.reason,
        dry_run: true,
    };
    let counted = client.review_batch(&req).await.map_err(CliError::failure)?;
    if a.dry_run || counted.count == 0 {
        return report(&counted, global.json);
    }
    if !a.yes {
        crate::prompt::confirm(&format!(
            "{} {} flagged item(s)?",
            if verdict == ReviewVerdict::Approved {
                "Approve"
            } else {
                "Reject"
            },
            counted.count
        ))?;
    }
    // Decide exactly what was counted: items flagged meanwhile wait.
    req.dry_run = false;
    req.up_to_id = counted.max_id;
    let done = client.review_batch(&req).await.map_err(CliError::failure)?;
    report(&done, global.json)
}

fn report(r: &ReviewBatchResult, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(r);
    }
    if r.dry_run {
        println!("{} item(s) match", r.count);
    } else {
        println!("{} item(s) decided", r.count);
    }
    Ok(())
}

fn top_score(item: &ReviewItem) -> String {
    item.scores
        .iter()
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map_or("-".into(), |s| format!("{} {:.2}", s.category, s.score))
}

/// Why an item waits: the decision's reason (`classifier_failed:open_nsfw`,
/// `language:fra`, the category that reached the review band).
fn reason(item: &ReviewItem) -> String {
    item.decision
        .as_ref()
        .and_then(|d| d.reason.clone())
        .unwrap_or_else(|| "-".into())
}

/// The queue as a table.
pub fn render(items: &[ReviewItem]) -> comfy_table::Table {
    let mut t = output::table([
        "id",
        "app",
        "external id",
        "reason",
        "top score",
        "text",
        "flagged",
    ]);
    for i in items {
        let text: String = i.text.as_deref().unwrap_or("").chars().take(60).collect();
        t.add_row([
            i.id.to_string(),
            i.source_app.clone(),
            i.external_id.clone(),
            reason(i),
            top_score(i),
            text,
            output::timestamp(i.updated_at),
        ]);
    }
    t
}

fn show(item: &ReviewItem, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(item);
    }
    print!("{}", describe(item));
    Ok(())
}

/// One item as `review show` prints it: why it waits (the reason, and the
/// cause of each gap, e.g. an image the SSRF guard refused), its image and
/// text, and its scores.
pub fn describe(item: &ReviewItem) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "item {} ({}/{})",
        item.id, item.source_app, item.external_id
    );
    let _ = writeln!(out, "status: {}", item.status);
    if let Some(d) = &item.decision {
        let _ = writeln!(out, "reason: {}", reason(item));
        for gap in &d.gaps {
            let _ = writeln!(out, "  {}", gap.explain());
        }
        let by = match &d.reviewed_by {
            Some(r) => format!("human ({r})"),
            None => d.decided_by.clone(),
        };
        let _ = writeln!(
            out,
            "decided by: {by} at {}",
            output::timestamp(d.decided_at)
        );
        if let Some(code) = &d.review_reason {
            let _ = writeln!(out, "reason code: {code}");
        }
        if let Some(n) = &d.review_note {
            let _ = writeln!(out, "note: {n}");
        }
    }
    if let Some(url) = &item.image_url {
        let _ = writeln!(out, "image: {}", modd_common::image_label(url));
    }
    let _ = writeln!(
        out,
        "text: {}",
        item.text.as_deref().unwrap_or("(not stored)")
    );
    let mut t = output::table(["category", "score", "classifier", "model version"]);
    for s in &item.scores {
        t.add_row([
            s.category.clone(),
            format!("{:.3}", s.score),
            s.classifier.clone(),
            s.model_version.clone(),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let spans: Vec<String> = item
        .scores
        .iter()
        .flat_map(|s| s.spans.iter().map(move |span| (s, span)))
        .map(|(s, span)| {
            let found = item
                .text
                .as_deref()
                .map(|t| format!(": {:?}", excerpt(t, span.begin, span.end)))
                .unwrap_or_default();
            format!(
                "  {} · {} at {}..{}{found}",
                s.category, span.kind, span.begin, span.end
            )
        })
        .collect();
    if !spans.is_empty() {
        let _ = writeln!(out, "spans (char offsets in the text):");
        for line in spans {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// Longest excerpt of a span shown, in chars.
const EXCERPT_CHARS: usize = 60;

/// The chars `begin..end` of `text` (offsets count chars, so this never cuts
/// one), shortened with `…` past [`EXCERPT_CHARS`].
fn excerpt(text: &str, begin: usize, end: usize) -> String {
    let found: Vec<char> = text
        .chars()
        .skip(begin)
        .take(end.saturating_sub(begin))
        .collect();
    let mut out: String = found.iter().take(EXCERPT_CHARS).collect();
    if found.len() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::{CategoryScore, ItemStatus, Span};

    #[test]
    fn spans_are_shown_with_their_text_in_chars() {
        let text = "日本 é 😀 write to a@b.co";
        let begin = text.chars().position(|c| c == 'a').unwrap_or_default();
        let item = ReviewItem {
            id: 7,
            source_app: "forum".into(),
            external_id: "c-7".into(),
            content_type: "comment".into(),
            status: ItemStatus::Flagged,
            text: Some(text.into()),
            image_url: None,
            error: None,
            decision: None,
            scores: vec![CategoryScore {
                category: "pii".into(),
                score: 0.95,
                classifier: "pii-detector".into(),
                model_version: "1".into(),
                languages: Vec::new(),
                spans: vec![Span {
                    begin,
                    end: begin + 6,
                    score: 0.95,
                    kind: "email".into(),
                }],
            }],
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let shown = describe(&item);
        assert!(
            shown.contains(&format!(
                "pii · email at {begin}..{}: \"a@b.co\"",
                begin + 6
            )),
            "{shown}"
        );
        assert_eq!(excerpt("東京", 1, 2), "京");
        assert_eq!(excerpt("😀😀", 1, 99), "😀");
        assert_eq!(excerpt(&"x".repeat(100), 0, 100).chars().count(), 61);
    }
}
