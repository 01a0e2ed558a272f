//! Remote providers: per provider its breaker (the worst of any replica;
//! `open 1/2` says on how many it is not closed), calls/s, error ratio and
//! latency p50/p99 over the interval. A breaker that is not closed is
//! highlighted: the cascade is failing fast and items get gaps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{fmt, lines, marked};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    if st.replicas.iter().all(|r| r.providers.is_empty()) {
        return lines(f, area, vec![Line::from("none configured")]);
    }
    let Some(r) = &s.rates else {
        return lines(f, area, vec![Line::from("waiting for a second snapshot")]);
    };
    let out = r
        .providers
        .iter()
        .map(|p| {
            let breaker = if p.tripped > 0 {
                format!("{} {}/{}", p.breaker, p.tripped, p.replicas)
            } else {
                p.breaker.clone()
            };
            let rest = if detail {
                format!(
                    " {} err {} p50 {} p99 {} on {} replica(s)",
                    fmt::rate(Some(p.calls_per_sec)),
                    fmt::percent(p.error_ratio),
                    fmt::secs(p.p50),
                    fmt::secs(p.p99),
                    p.replicas,
                )
            } else {
                format!(
                    " err {} p50 {} p99 {}",
                    fmt::percent(p.error_ratio),
                    fmt::secs(p.p50),
                    fmt::secs(p.p99),
                )
            };
            Line::from(vec![
                format!("{:<8}", fmt::fit(&p.name, 8)).into(),
                marked(breaker, p.tripped > 0),
                rest.into(),
            ])
        })
        .collect();
    lines(f, area, out)
}
