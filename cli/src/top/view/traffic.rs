//! Requests/s with a sparkline, p50/p95/p99, error rate, 429s/s, and the
//! busiest routes (all of them in details).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Sparkline;

use super::{fmt, lines, marked};
use crate::top::state::rates::RouteRate;
use crate::top::state::{Sort, State};

/// Column widths of the route table; the route name gets the rest.
const METHOD_W: usize = 6;
const RATE_W: usize = 9;
const COLUMN_W: usize = 8;

fn sorted(routes: &[RouteRate], sort: Sort) -> Vec<RouteRate> {
    let mut v = routes.to_vec();
    let key = |r: &RouteRate| match sort {
        Sort::Rate => r.per_sec,
        Sort::Errors => r.errors_per_sec + r.limited_per_sec,
        Sort::Latency => r.p95.unwrap_or(0.0),
        Sort::Name => 0.0,
    };
    v.sort_by(|a, b| {
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.route.cmp(&b.route))
    });
    v
}

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let r = s.rates.as_ref();
    let [summary, spark, table] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    lines(
        f,
        summary,
        vec![
            Line::from(format!(
                "req {}  err {}  429 {}",
                fmt::rate(r.map(|r| r.requests_per_sec)),
                fmt::percent(r.map(|r| r.error_ratio)),
                fmt::rate(r.map(|r| r.limited_per_sec)),
            )),
            Line::from(vec![
                format!("p50 {} p95 ", fmt::secs(r.and_then(|r| r.p50))).into(),
                // The budget `modctl verify` holds `perf.analyse-p95` to.
                marked(
                    fmt::secs(r.and_then(|r| r.p95)),
                    r.and_then(|r| r.p95)
                        .is_some_and(|p| s.thresholds.too_slow(p)),
                ),
                format!(" p99 {}", fmt::secs(r.and_then(|r| r.p99))).into(),
            ]),
        ],
    );
    f.render_widget(
        Sparkline::default().data(s.requests.last(spark.width as usize)),
        spark,
    );
    let Some(r) = r else { return 0 };
    let w = table.width as usize;
    // Everything but the name: "method " and four " value" columns in
    // details, one " req/s" column otherwise.
    let others = if detail {
        METHOD_W + 1 + (RATE_W + 1) + 3 * (COLUMN_W + 1)
    } else {
        COLUMN_W + 1
    };
    let name_w = w.saturating_sub(others).max(8);
    let mut out = Vec::new();
    if detail {
        out.push(Line::from(format!(
            "{:<METHOD_W$} {:<name_w$} {:>RATE_W$} {:>COLUMN_W$} {:>COLUMN_W$} {:>COLUMN_W$}",
            "method", "route", "req", "5xx", "429", "p95"
        )));
    }
    for route in sorted(&r.routes, s.sort)
        .iter()
        .filter(|x| x.per_sec > 0.0 || detail)
    {
        out.push(Line::from(if detail {
            format!(
                "{:<METHOD_W$} {:<name_w$} {:>RATE_W$} {:>COLUMN_W$} {:>COLUMN_W$} {:>COLUMN_W$}",
                route.method,
                fmt::fit(&route.route, name_w),
                fmt::rate(Some(route.per_sec)),
                fmt::rate(Some(route.errors_per_sec)),
                fmt::rate(Some(route.limited_per_sec)),
                fmt::secs(route.p95),
            )
        } else {
            format!(
                "{:<name_w$} {:>COLUMN_W$}",
                fmt::fit(&format!("{} {}", route.method, route.route), name_w),
                fmt::rate(Some(route.per_sec)),
            )
        }));
    }
    lines(f, table, out)
}
