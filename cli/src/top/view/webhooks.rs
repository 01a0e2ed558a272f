//! Delivery success rate (marked below `modctl verify`'s
//! `--min-delivery-rate`) and the apps whose deliveries fail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;

use super::{fmt, lines, marked};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(r) = &s.rates else {
        return lines(f, area, vec![Line::from("success -")]);
    };
    let failing = r
        .webhook_success
        .is_some_and(|v| s.thresholds.deliveries_failing(v));
    let mut out = vec![Line::from(vec![
        "success ".into(),
        marked(fmt::percent(r.webhook_success), failing),
    ])];
    let shown = r
        .webhooks
        .iter()
        .filter(|w| s.shows_app(&w.source_app))
        .filter(|w| detail || w.failing_per_sec > 0.0 || w.dead > 0);
    let mut any = false;
    for w in shown {
        any = true;
        let status = w
            .last_failure_status
            .map_or_else(|| "no answer".to_owned(), |c| format!("HTTP {c}"));
        let text = if detail {
            format!(
                "{:<20} ok {:>7} failed {:>6} dead {:>4} failing {} last {}",
                fmt::fit(&w.source_app, 20),
                w.delivered,
                w.failed,
                w.dead,
                fmt::rate(Some(w.failing_per_sec)),
                if w.failed > 0 { status.as_str() } else { "-" },
            )
        } else {
            format!("FAIL {} {}", fmt::fit(&w.source_app, 10), status)
        };
        out.push(Line::styled(text, Style::new().fg(Color::Red)));
    }
    if !any && !detail {
        out.push(Line::from("no failing endpoints"));
    }
    lines(f, area, out)
}
