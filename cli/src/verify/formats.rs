//! The pipeline outputs of a report (`--format`): GitHub Actions workflow
//! commands (one annotation per failure, warning and manual item, then a
//! notice with the counts) and a Markdown summary to paste into a release
//! ticket or `$GITHUB_STEP_SUMMARY`.

use clap::ValueEnum;
use std::fmt::Write as _;

use super::report::{CheckResult, Report, Status};

/// How `modctl verify` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables per section for people (the default).
    Table,
    /// The report as JSON (the same as `--json`).
    Json,
    /// JUnit XML on stdout (`--junit FILE` writes it to a file besides).
    Junit,
    /// GitHub Actions workflow commands: `::error`/`::warning`/`::notice`.
    Github,
    /// A Markdown summary with one table row per check.
    Markdown,
}

/// One annotation per check that needs someone's attention, then the counts.
pub fn github(report: &Report, strict: bool) -> String {
    let mut out = String::new();
    for c in &report.checks {
        let level = match c.status {
            Status::Fail => "error",
            Status::Warn | Status::Manual if strict => "error",
            Status::Warn => "warning",
            Status::Manual => "notice",
            Status::Pass | Status::Skipped => continue,
        };
        let _ = writeln!(
            out,
            "::{level} title={}::{}",
            property(&format!("modctl verify {}", c.id)),
            data(&message(c))
        );
    }
    let _ = writeln!(
        out,
        "::notice title=modctl verify::{}",
        data(&summary(report))
    );
    out
}

/// A heading with the verdict, the counts, and one table row per check.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let verdict = if report.approved {
        "✅ approved for production"
    } else {
        "❌ not approved"
    };
    let _ = writeln!(out, "## modctl verify: {verdict}\n");
    let _ = writeln!(out, "`{}`: {}\n", cell(&report.url), summary(report));
    out.push_str("| check | result | reason | fix |\n|---|---|---|---|\n");
    for c in &report.checks {
        let reason = std::iter::once(c.reason.as_str())
            .chain(c.details.iter().map(String::as_str))
            .map(cell)
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            c.id,
            result(c.status),
            reason,
            cell(c.fix.as_deref().unwrap_or(""))
        );
    }
    out
}

fn result(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅ pass",
        Status::Fail => "❌ **fail**",
        Status::Warn => "⚠️ warn",
        Status::Skipped => "➖ skipped",
        Status::Manual => "❔ manual",
    }
}

fn summary(r: &Report) -> String {
    format!(
        "passed {}, failed {}, warnings {}, skipped {}, manual {} ({} ms)",
        r.passed, r.failed, r.warnings, r.skipped, r.manual, r.duration_ms
    )
}

fn message(c: &CheckResult) -> String {
    let mut m = c.reason.clone();
    for d in &c.details {
        m.push('\n');
        m.push_str(d);
    }
    if let Some(fix) = &c.fix {
        let _ = write!(m, "\nfix: {fix}");
    }
    m
}

/// A workflow command's message: `%`, CR and LF escaped (GitHub's toolkit
/// `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,` (`escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown table cell: one line, no column break.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(strict: bool) -> Report {
        Report::new(
            "http://x",
            vec![
                CheckResult::pass("service.health", "ok"),
                CheckResult::fail("config.cors", "origin 100% *\nall", "set it, now: a|b"),
                CheckResult::warn("db.backups", "none seen", "configure them"),
                CheckResult::skipped("perf.analyse-p95", "viewer key"),
                CheckResult::new("manual.dashboards", Status::Manual, "signed?"),
            ],
            strict,
            7,
        )
    }

    #[test]
    fn github_annotates_what_needs_attention_escaped() {
        let out = github(&report(false), false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error title=modctl verify config.cors::origin 100%25 *%0Aall%0Afix: set it, now: a|b"
        );
        assert_eq!(
            lines[1],
            "::warning title=modctl verify db.backups::none seen%0Afix: configure them"
        );
        assert_eq!(
            lines[2],
            "::notice title=modctl verify manual.dashboards::signed?"
        );
        assert!(
            lines[3].starts_with("::notice title=modctl verify::passed 1, failed 1, warnings 1")
        );
        assert_eq!(lines.len(), 4, "passes and skips are not annotated");
        // Under --strict a warning fails the job, so it is an error.
        assert!(github(&report(true), true).contains("::error title=modctl verify db.backups::"));
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn markdown_is_one_row_per_check_with_cells_kept_whole() {
        let out = markdown(&report(false));
        assert!(out.starts_with("## modctl verify: ❌ not approved\n"));
        assert!(
            out.contains(
                "| `config.cors` | ❌ **fail** | origin 100% * all | set it, now: a\\|b |"
            )
        );
        assert_eq!(out.lines().filter(|l| l.starts_with("| `")).count(), 5);
    }
}
