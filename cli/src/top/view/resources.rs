//! Database pool (in use / idle / max, summed over replicas), Redis memory
//! (marked past `modctl verify`'s `redis.memory` headroom),
//! and each replica's CPU (cores, between the last two snapshots) and RSS.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{fmt, lines, marked};
use crate::top::state::State;

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    let (used, idle, max) = st.replicas.iter().fold((0, 0, 0), |(u, i, m), r| {
        (u + r.db_pool.in_use, i + r.db_pool.idle, m + r.db_pool.max)
    });
    let mut out = vec![
        Line::from(format!("db pool {used} used {idle} idle")),
        Line::from(format!("        of {max} max")),
        Line::from(match &st.redis {
            None => "redis: not configured".into(),
            Some(r) => match (r.used_memory_bytes, r.maxmemory_bytes) {
                (Some(u), Some(0)) => format!("redis {} / no max", fmt::bytes(u)).into(),
                (Some(u), Some(m)) => marked(
                    format!("redis {} / {}", fmt::bytes(u), fmt::bytes(m)),
                    s.thresholds.redis_full(u, m),
                ),
                _ => format!("redis memory unknown ({})", r.probe.status).into(),
            },
        }),
    ];
    let rates = s.rates.as_ref();
    let cpu = |r: &modd_common::ReplicaStats| {
        rates
            .and_then(|x| x.cpu.get(&r.id))
            .map_or_else(|| "-".to_owned(), |c| format!("{:.0}%", c * 100.0))
    };
    let rss = |r: &modd_common::ReplicaStats| {
        r.process
            .map_or_else(|| "-".to_owned(), |p| fmt::bytes(p.resident_memory_bytes))
    };
    if !detail {
        // Sized for the 24-column panel of an 80-column terminal.
        for r in &st.replicas {
            out.push(Line::from(format!(
                "{} cpu {} {}",
                short_id(&r.id),
                cpu(r),
                rss(r)
            )));
        }
    }
    if detail {
        for r in &st.replicas {
            out.push(Line::from(format!(
                "{} {} cpu {} rss {} pool {}/{} (max {}) workers {}/{} up {}",
                r.id,
                r.mode,
                cpu(r),
                rss(r),
                r.db_pool.in_use,
                r.db_pool.idle,
                r.db_pool.max,
                r.workers_alive,
                r.workers_configured,
                fmt::secs(Some(r.uptime_seconds)),
            )));
        }
    }
    lines(f, area, out)
}

/// The replica id without its host: `<pid>-<tag>` fits the narrow panel.
fn short_id(id: &str) -> &str {
    // Hosts may hold `-`; the last two parts are the pid and the tag.
    id.rmatch_indices('-')
        .nth(1)
        .map_or(id, |(i, _)| &id[i + 1..])
}
