//! Depth, in flight, oldest pending, retries/s, dead letters,
//! accept-to-decision latency, and a sparkline of depth. The oldest item
//! and the dead letters are marked past `modctl verify`'s thresholds.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Sparkline;

use super::{fmt, lines, marked};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    let Some(q) = &st.queue else {
        return lines(f, area, vec![Line::from("queue unavailable")]);
    };
    let r = s.rates.as_ref();
    let t = &s.thresholds;
    let mut text = vec![
        Line::from(format!(
            "depth {}  in flight {}  delayed {}",
            q.depth, q.in_flight, q.delayed
        )),
        Line::from(vec![
            "oldest ".into(),
            marked(
                fmt::secs(Some(q.oldest_pending_seconds)),
                t.pending_too_old(q.oldest_pending_seconds),
            ),
            format!("  retries {}", fmt::rate(r.map(|r| r.retries_per_sec))).into(),
        ]),
        Line::from(vec![
            "dead ".into(),
            marked(q.dead_letters.to_string(), t.dead_letters(q.dead_letters)),
            format!(
                "  decide p50 {} p95 {}",
                fmt::secs(r.and_then(|r| r.decision_p50)),
                fmt::secs(r.and_then(|r| r.decision_p95)),
            )
            .into(),
        ]),
    ];
    if detail {
        text.push(Line::from(format!(
            "kind {}  pending items {}  workers {}",
            q.kind, q.pending_items, q.workers_alive
        )));
        text.push(Line::from(format!(
            "totals: retries {}  dead-lettered {}  reclaimed {}",
            q.retries_total, q.dead_lettered_total, q.reclaimed_total
        )));
    }
    let n = text.len() as u16;
    let [top, spark] = Layout::vertical([Constraint::Length(n), Constraint::Min(0)]).areas(area);
    let hidden = lines(f, top, text);
    f.render_widget(
        Sparkline::default().data(s.depth.last(spark.width as usize)),
        spark,
    );
    hidden
}
