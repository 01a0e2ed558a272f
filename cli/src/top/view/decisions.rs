//! Approved, flagged and blocked per second by `source_app` (the `/`
//! filter applies), and the human review backlog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{fmt, lines};
use crate::top::state::rates::AppRate;
use crate::top::state::{Sort, State};

fn sorted(apps: Vec<&AppRate>, sort: Sort) -> Vec<&AppRate> {
    let mut v = apps;
    match sort {
        Sort::Rate | Sort::Latency => v.sort_by(|a, b| b.total().total_cmp(&a.total())),
        Sort::Errors => v.sort_by(|a, b| b.blocked.total_cmp(&a.blocked)),
        Sort::Name => v.sort_by(|a, b| a.source_app.cmp(&b.source_app)),
    }
    v
}

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    let mut out = vec![Line::from(match &st.review {
        Some(r) => format!(
            "review backlog {}  oldest {}",
            r.backlog,
            fmt::secs(Some(r.oldest_flagged_seconds))
        ),
        None => "review backlog unavailable".to_owned(),
    })];
    let app_w = if detail { 30 } else { 11 };
    out.push(Line::from(format!(
        "{:<app_w$} {:>8} {:>8} {:>8}",
        "source_app", "approved", "flagged", "blocked"
    )));
    if let Some(r) = &s.rates {
        let shown: Vec<&AppRate> = r
            .decisions
            .iter()
            .filter(|d| s.shows_app(&d.source_app))
            .collect();
        if shown.is_empty() {
            out.push(Line::from("no decisions"));
        }
        for d in sorted(shown, s.sort) {
            out.push(Line::from(format!(
                "{:<app_w$} {:>8} {:>8} {:>8}",
                fmt::fit(&d.source_app, app_w),
                fmt::rate(Some(d.approved)),
                fmt::rate(Some(d.flagged)),
                fmt::rate(Some(d.blocked)),
            )));
        }
    }
    lines(f, area, out)
}
