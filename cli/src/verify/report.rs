//! Check results and how they are shown: a comfy-table per section, the
//! summary and status line, JSON (`--json`) and JUnit XML (`--junit FILE`).

use serde::Serialize;
use std::fmt::Write as _;

use crate::output;

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Skipped,
    Manual,
}

impl Status {
    fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✔ pass",
            Status::Fail => "✘ FAIL",
            Status::Warn => "! warn",
            Status::Skipped => "- skipped",
            Status::Manual => "? manual",
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub id: String,
    /// Section of the report (`service`, `config`, ...).
    pub section: String,
    pub status: Status,
    /// One line: what was seen.
    pub reason: String,
    /// How to fix it (failures and warnings).
    pub fix: Option<String>,
    /// One line per part checked (e.g. per webhook endpoint), when a check
    /// covers several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl CheckResult {
    pub fn new(id: &str, status: Status, reason: impl Into<String>) -> Self {
        Self {
            section: id.split('.').next().unwrap_or(id).to_owned(),
            id: id.to_owned(),
            status,
            reason: reason.into(),
            fix: None,
            details: Vec::new(),
        }
    }
    pub fn pass(id: &str, reason: impl Into<String>) -> Self {
        Self::new(id, Status::Pass, reason)
    }
    pub fn skipped(id: &str, reason: impl Into<String>) -> Self {
        Self::new(id, Status::Skipped, reason)
    }
    pub fn fail(id: &str, reason: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(id, Status::Fail, reason).with_fix(fix)
    }
    pub fn warn(id: &str, reason: impl Into<String>, fix: impl Into<String>) -> Self {
        Self::new(id, Status::Warn, reason).with_fix(fix)
    }
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
    /// The reason with the details under it, one per line.
    fn full_reason(&self) -> String {
        let mut s = self.reason.clone();
        for d in &self.details {
            s.push_str("\n  ");
            s.push_str(d);
        }
        s
    }
}

/// The whole run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub url: String,
    pub checks: Vec<CheckResult>,
    pub passed: usize,
    pub failed: usize,
    pub warnings: usize,
    pub skipped: usize,
    pub manual: usize,
    /// No failures (and, with `--strict`, no warnings and no unattested
    /// manual items).
    pub approved: bool,
    pub duration_ms: u128,
}

impl Report {
    pub fn new(url: &str, checks: Vec<CheckResult>, strict: bool, duration_ms: u128) -> Self {
        let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
        let (passed, failed, warnings) = (
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Warn),
        );
        let manual = count(Status::Manual);
        Self {
            url: url.to_owned(),
            skipped: count(Status::Skipped),
            manual,
            approved: failed == 0 && (!strict || (warnings == 0 && manual == 0)),
            passed,
            failed,
            warnings,
            checks,
            duration_ms,
        }
    }

    /// The tables, the counts and the status line.
    pub fn print_tables(&self) {
        let mut sections: Vec<&str> = Vec::new();
        for c in &self.checks {
            if !sections.contains(&c.section.as_str()) {
                sections.push(&c.section);
            }
        }
        for section in sections {
            println!("{section}");
            let mut t = output::table(["check", "result", "reason", "fix"]);
            for c in self.checks.iter().filter(|c| c.section == section) {
                t.add_row([
                    c.id.clone(),
                    c.status.mark().to_owned(),
                    c.full_reason(),
                    c.fix.clone().unwrap_or_default(),
                ]);
            }
            println!("{t}");
        }
        println!(
            "Passed: {}  Failed: {}  Warnings: {}  (skipped {}, manual {}; {} ms)",
            self.passed, self.failed, self.warnings, self.skipped, self.manual, self.duration_ms
        );
        if self.approved {
            println!("APPROVED FOR PRODUCTION");
        } else if self.failed > 0 {
            println!("NOT APPROVED: {} check(s) failed", self.failed);
        } else {
            println!("NOT APPROVED: warnings or unattested manual items with --strict");
        }
    }

    /// JUnit XML: one test case per check; fail is a failure, warn and an
    /// unattested manual item failures only with `strict`, skipped (and
    /// manual without `strict`) skipped.
    pub fn junit(&self, strict: bool) -> String {
        let (failures, skipped) = if strict {
            (self.failed + self.warnings + self.manual, self.skipped)
        } else {
            (self.failed, self.skipped + self.manual)
        };
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<testsuites name=\"modctl verify\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
            self.checks.len()
        );
        let _ = writeln!(
            x,
            "  <testsuite name=\"modctl verify\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" time=\"{:.3}\">",
            self.checks.len(),
            self.duration_ms as f64 / 1000.0
        );
        for c in &self.checks {
            let _ = write!(
                x,
                "    <testcase classname=\"{}\" name=\"{}\"",
                esc(&c.section),
                esc(&c.id)
            );
            let message = match &c.fix {
                Some(fix) => format!("{} (fix: {fix})", c.full_reason()),
                None => c.full_reason(),
            };
            match c.status {
                Status::Fail => {
                    let _ = writeln!(
                        x,
                        ">\n      <failure message=\"{}\"/>\n    </testcase>",
                        esc(&message)
                    );
                }
                Status::Warn if strict => {
                    let _ = writeln!(
                        x,
                        ">\n      <failure message=\"warning: {}\"/>\n    </testcase>",
                        esc(&message)
                    );
                }
                Status::Manual if strict => {
                    let _ = writeln!(
                        x,
                        ">\n      <failure message=\"unattested: {}\"/>\n    </testcase>",
                        esc(&message)
                    );
                }
                Status::Skipped | Status::Manual => {
                    let _ = writeln!(
                        x,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        esc(&message)
                    );
                }
                Status::Pass | Status::Warn => {
                    let _ = writeln!(
                        x,
                        ">\n      <system-out>{}</system-out>\n    </testcase>",
                        esc(&message)
                    );
                }
            }
        }
        x.push_str("  </testsuite>\n</testsuites>\n");
        x
    }
}

/// XML attribute and text escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approved_only_without_failures_and_strict_counts_warnings() {
        let checks = vec![
            CheckResult::pass("a.one", "ok"),
            CheckResult::warn("a.two", "meh", "do x"),
        ];
        assert!(Report::new("u", checks.clone(), false, 1).approved);
        assert!(!Report::new("u", checks, true, 1).approved);
        let failed = vec![CheckResult::fail("b.x", "bad", "fix")];
        assert!(!Report::new("u", failed, false, 1).approved);
    }

    #[test]
    fn junit_escapes_and_counts() {
        let r = Report::new(
            "u",
            vec![
                CheckResult::fail("config.cors", "origin \"*\" <all> & more", "set it"),
                CheckResult::skipped("webhooks.delivery", "later"),
            ],
            false,
            5,
        );
        let x = r.junit(false);
        assert!(x.contains("failures=\"1\" skipped=\"1\""));
        assert!(x.contains("&quot;*&quot; &lt;all&gt; &amp; more"));
        assert!(!x.contains("\"*\""));
    }
}
