//! The local image lane: threads busy of all, images waiting for one
//! (and `model N/M` when a replica runs without the model), images scored
//! per second, decode-and-score latency p50/p99 and the error ratio over
//! the interval, summed over the replicas.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{fmt, lines, marked};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    if st.replicas.iter().all(|r| r.images.is_none()) {
        return lines(f, area, vec![Line::from("no image lane")]);
    }
    let Some(lane) = s.rates.as_ref().and_then(|r| r.images.as_ref()) else {
        return lines(f, area, vec![Line::from("waiting for a second snapshot")]);
    };
    let mut first = vec![
        format!("busy {}/{}  queue ", lane.running, lane.workers).into(),
        // Images wait only when every thread is busy: a backlog.
        marked(lane.queued.to_string(), lane.queued > 0),
    ];
    if lane.loaded < lane.replicas {
        // Without the model a replica sends images elsewhere (review).
        first.push("  ".into());
        first.push(marked(
            format!("model {}/{}", lane.loaded, lane.replicas),
            true,
        ));
    }
    let mut out = vec![
        Line::from(first),
        Line::from(format!(
            "{}  p50 {}  p99 {}",
            fmt::rate(Some(lane.scored_per_sec)),
            fmt::secs(lane.p50),
            fmt::secs(lane.p99)
        )),
        Line::from(format!("errors {}", fmt::percent(lane.error_ratio))),
    ];
    if detail {
        out.push(Line::from(format!(
            "model loaded on {} of {} replica(s)",
            lane.loaded, lane.replicas
        )));
    }
    lines(f, area, out)
}
