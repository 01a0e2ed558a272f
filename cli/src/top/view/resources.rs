//! Database pool (in use / idle / max, summed over replicas) and Redis memory.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{fmt, lines};
use crate::top::state::State;

pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) {
    let Some(st) = &s.stats else { return };
    let (used, idle, max) = st.replicas.iter().fold((0, 0, 0), |(u, i, m), r| {
        (u + r.db_pool.in_use, i + r.db_pool.idle, m + r.db_pool.max)
    });
    let mut out = vec![
        Line::from(format!("db pool {used} used {idle} idle")),
        Line::from(format!("        of {max} max")),
        Line::from(match &st.redis {
            None => "redis: not configured".to_owned(),
            Some(r) => match (r.used_memory_bytes, r.maxmemory_bytes) {
                (Some(u), Some(0)) => format!("redis {} / no max", fmt::bytes(u)),
                (Some(u), Some(m)) => format!("redis {} / {}", fmt::bytes(u), fmt::bytes(m)),
                _ => format!("redis memory unknown ({})", r.probe.status),
            },
        }),
    ];
    if detail {
        for r in &st.replicas {
            out.push(Line::from(format!(
                "{} {} pool {}/{} (max {}) workers {}/{} up {}",
                r.id,
                r.mode,
                r.db_pool.in_use,
                r.db_pool.idle,
                r.db_pool.max,
                r.workers_alive,
                r.workers_configured,
                fmt::secs(Some(r.uptime_seconds)),
            )));
        }
    }
    lines(f, area, out);
}
