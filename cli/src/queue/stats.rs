//! `modctl queue stats` and `modctl queue workers`.

use chrono::{DateTime, TimeDelta, Utc};
use modd_common::{QueueStatsView, WorkerInfo};

use super::failed;
use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};

pub async fn stats(global: &GlobalOpts) -> Result<(), CliError> {
    let stats = global.client()?.queue_stats().await.map_err(failed)?;
    if global.json {
        return print_json(&stats);
    }
    println!("{}", render_stats(&stats));
    Ok(())
}

pub async fn workers(global: &GlobalOpts) -> Result<(), CliError> {
    let workers = global.client()?.workers().await.map_err(failed)?;
    if global.json {
        return print_json(&workers);
    }
    if workers.is_empty() {
        println!("No live workers.");
        return Ok(());
    }
    println!("{}", render_workers(&workers, Utc::now()));
    Ok(())
}

pub fn render_stats(s: &QueueStatsView) -> comfy_table::Table {
    let mut t = output::table(["", "value"]);
    let oldest = TimeDelta::milliseconds((s.oldest_pending_seconds * 1000.0) as i64);
    for (name, value) in [
        ("queue", s.kind.clone()),
        ("depth", s.depth.to_string()),
        ("delayed retries", s.delayed.to_string()),
        ("in flight", s.in_flight.to_string()),
        ("dead letters", s.dead_letters.to_string()),
        ("pending items", s.pending_items.to_string()),
        ("oldest pending", output::span(oldest)),
        ("live workers", s.workers_alive.to_string()),
        ("retries (total)", s.retries_total.to_string()),
        ("dead-lettered (total)", s.dead_lettered_total.to_string()),
        ("reclaimed (total)", s.reclaimed_total.to_string()),
    ] {
        t.add_row([name.to_owned(), value]);
    }
    t
}

pub fn render_workers(workers: &[WorkerInfo], now: DateTime<Utc>) -> comfy_table::Table {
    let mut t = output::table(["id", "host", "pid", "up", "jobs", "current item", "seen"]);
    for w in workers {
        let current = match (w.current_item, w.current_since) {
            (Some(id), Some(since)) => format!("{id} (for {})", output::span(now - since)),
            (Some(id), None) => id.to_string(),
            _ => "idle".to_owned(),
        };
        t.add_row([
            w.id.clone(),
            w.host.clone(),
            w.pid.to_string(),
            output::span(now - w.started_at),
            w.jobs_done.to_string(),
            current,
            output::relative(w.seen_at, now),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_show_the_numbers() {
        let s = QueueStatsView {
            kind: "redis".into(),
            depth: 12,
            delayed: 3,
            in_flight: 2,
            dead_letters: 1,
            retries_total: 40,
            dead_lettered_total: 5,
            reclaimed_total: 7,
            pending_items: 17,
            oldest_pending_seconds: 125.0,
            workers_alive: 4,
        };
        let text = render_stats(&s).to_string();
        for needle in ["redis", "12", "17", "2m", "40", "reclaimed"] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
        let now = Utc::now();
        let w = WorkerInfo {
            id: "h-1-ab12-0".into(),
            host: "h".into(),
            pid: 1,
            started_at: now - TimeDelta::hours(3),
            jobs_done: 99,
            current_item: Some(42),
            current_since: Some(now - TimeDelta::seconds(5)),
            seen_at: now - TimeDelta::seconds(1),
        };
        let idle = WorkerInfo {
            id: "h-1-ab12-1".into(),
            current_item: None,
            current_since: None,
            ..w.clone()
        };
        let text = render_workers(&[w, idle], now).to_string();
        for needle in ["h-1-ab12-0", "3h", "99", "42 (for 5s)", "idle", "1s ago"] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
    }
}
