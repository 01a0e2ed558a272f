//! 429s by the keys' app and by key: who is being throttled, not only on
//! which route (the Traffic panel has the routes). Only what is refused
//! now, unless zoomed (then every key since the replicas started).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;

use super::{fmt, lines};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(r) = &s.rates else {
        return lines(f, area, vec![Line::from("429 -")]);
    };
    let mut out = Vec::new();
    let apps = r
        .limited_apps
        .iter()
        .filter(|(app, _)| s.shows_app(app))
        .filter(|(_, rate)| detail || *rate > 0.0);
    for (app, rate) in apps {
        out.push(Line::from(format!(
            "app {} {}",
            fmt::fit(app, 12),
            fmt::rate(Some(*rate))
        )));
    }
    if out.is_empty() && !detail {
        out.push(Line::from("no 429s now"));
    }
    let keys = r
        .limited_keys
        .iter()
        .filter(|k| s.shows_app(&k.source_app))
        .filter(|k| detail || k.per_sec > 0.0);
    for k in keys {
        let who = match &k.name {
            Some(name) => format!("{} {name}", k.subject),
            None => k.subject.clone(),
        };
        let text = if detail {
            format!(
                "{:<30} app {:<16} now {:>8} total {:>8}",
                fmt::fit(&who, 30),
                fmt::fit(&k.source_app, 16),
                fmt::rate(Some(k.per_sec)),
                k.total
            )
        } else {
            format!("{} {}", fmt::fit(&who, 16), fmt::rate(Some(k.per_sec)))
        };
        let style = if k.per_sec > 0.0 {
            Style::new().fg(Color::Yellow)
        } else {
            Style::new()
        };
        out.push(Line::styled(text, style));
    }
    lines(f, area, out)
}
