//! One row per worker: id, host, busy or idle, current job age, jobs done,
//! last heartbeat; `STALE` when the heartbeat is late.

use chrono::{DateTime, Utc};
use modd_common::WorkerInfo;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;

use super::{fmt, lines};
use crate::top::state::{Sort, State};

/// Heartbeats are published every 2 s: one older than this is late.
pub const STALE_AFTER_SECS: f64 = 5.0;

fn age(t: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    (now - t).num_milliseconds().max(0) as f64 / 1000.0
}

/// Rows by the sort key, ties by id: the daemon lists workers in no fixed
/// order, and rows that swap places between frames are hard to follow.
fn sorted(workers: &[WorkerInfo], sort: Sort, now: DateTime<Utc>) -> Vec<&WorkerInfo> {
    let mut v: Vec<&WorkerInfo> = workers.iter().collect();
    // By id first; the sorts below are stable, so ids order the ties.
    v.sort_by(|a, b| a.id.cmp(&b.id));
    match sort {
        Sort::Rate => v.sort_by_key(|w| std::cmp::Reverse(w.jobs_done)),
        // Oldest heartbeat first: stale workers are this table's errors.
        Sort::Errors => v.sort_by_key(|w| w.seen_at),
        Sort::Latency => v.sort_by_key(|w| w.current_since.unwrap_or(now)),
        Sort::Name => {}
    }
    v
}

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    let now = st.generated_at;
    // Compact rows fit 38 columns (half of 80); the host is in the id.
    let (id_w, host_w) = if detail { (36, 12) } else { (11, 0) };
    let mut out = vec![Line::from(format!(
        "{:<id_w$}{:<host_w$} {:<5} {:>6} {:>7} {:>5}",
        "id",
        if detail { " host" } else { "" },
        "state",
        "job",
        "done",
        "hb"
    ))];
    if st.workers.is_empty() {
        out.push(Line::from("no live workers"));
    }
    for w in sorted(&st.workers, s.sort, now) {
        let hb = age(w.seen_at, now);
        let stale = hb > STALE_AFTER_SECS;
        let state = if stale {
            "STALE"
        } else if w.current_item.is_some() {
            "busy"
        } else {
            "idle"
        };
        let host = if detail {
            format!(" {}", fmt::fit(&w.host, host_w - 1))
        } else {
            String::new()
        };
        let text = format!(
            "{:<id_w$}{:<host_w$} {:<5} {:>6} {:>7} {:>5}",
            fmt::tail(&w.id, id_w),
            host,
            state,
            fmt::secs(w.current_since.map(|t| age(t, now))),
            w.jobs_done,
            format!("{hb:.0}s"),
        );
        out.push(if stale {
            Line::styled(text, Style::new().fg(Color::Yellow))
        } else {
            Line::from(text)
        });
    }
    lines(f, area, out)
}
