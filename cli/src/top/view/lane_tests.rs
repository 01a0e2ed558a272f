//! The providers and image panels, and the marks on values past
//! `modctl verify`'s thresholds, on the fixture's two replicas.

use super::*;
use crate::top::fixture::{stats, t0};
use chrono::TimeDelta;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn draw(s: &State, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| render(f, s)).expect("draw");
    t.backend().buffer().clone()
}

fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

fn live_with(edit: impl Fn(&mut modd_common::StatsView)) -> State {
    let mut s = State::new(None);
    for (tick, at) in [(1, 1), (3, 3)] {
        let mut snap = stats(tick);
        edit(&mut snap);
        s.ingest(snap, t0() + TimeDelta::seconds(at));
    }
    s
}

/// Whether the `!` right after `text` on some row is bold red.
fn marked_red(buf: &Buffer, text: &str) -> bool {
    rows(buf).iter().enumerate().any(|(y, row)| {
        row.find(&format!("{text}!")).is_some_and(|byte| {
            let x = row[..byte].chars().count() + text.chars().count();
            let cell = &buf[(x as u16, y as u16)];
            cell.fg == Color::Red && cell.modifier.contains(Modifier::BOLD)
        })
    })
}

#[test]
fn providers_show_breaker_error_ratio_and_latency() {
    for (w, h) in [(80, 24), (120, 40)] {
        // 120 columns: room for p99 too.
        let buf = draw(&live_with(|_| {}), w, h);
        let all = rows(&buf).join("\n");
        assert!(all.contains("Providers"), "{all}");
        let line = |name: &str| {
            rows(&buf)
                .into_iter()
                .find(|r| r.contains(&format!("│{name}")))
                .unwrap_or_else(|| panic!("{name} missing at {w}x{h}:\n{all}"))
        };
        let openai = line("openai");
        assert!(openai.contains("closed err 5.0% p50 175.0ms"), "{openai}");
        // Tripped on one replica of two: named, counted and marked.
        let generic = line("generic");
        assert!(generic.contains("open 1/2! err 100.0%"), "{generic}");
        assert!(marked_red(&buf, "open 1/2"), "{all}");
        if w == 120 {
            assert!(openai_has_p99(&line("openai")), "{all}");
        }
        assert!(!all.contains("closed!"), "{all}");
    }
}

fn openai_has_p99(line: &str) -> bool {
    line.contains(" p99 ") && line.contains("ms")
}

#[test]
fn the_image_lane_shows_threads_queue_rate_and_latency() {
    let buf = draw(&live_with(|_| {}), 80, 24);
    let all = rows(&buf).join("\n");
    assert!(all.contains("Images"), "{all}");
    assert!(all.contains("busy 4/4  queue 6!"), "{all}");
    assert!(all.contains("16.0/s  p50 37.5ms  p99 "), "{all}");
    let tall = rows(&draw(&live_with(|_| {}), 120, 40)).join("\n");
    assert!(tall.contains("errors 0.0%"), "{tall}");
    let idle = live_with(|s| {
        for r in &mut s.replicas {
            r.images = r.images.clone().map(|mut i| {
                i.queued = 0;
                i.loaded = !r.id.starts_with("web2");
                i
            });
        }
    });
    let all = rows(&draw(&idle, 80, 24)).join("\n");
    assert!(
        all.contains("queue 0") && !all.contains("queue 0!"),
        "{all}"
    );
    assert!(all.contains("queue 0  model 1/2!"), "{all}");
}

#[test]
fn panels_say_when_there_is_nothing_to_show() {
    let none = live_with(|s| {
        for r in &mut s.replicas {
            r.providers.clear();
            r.images = None;
        }
    });
    let all = rows(&draw(&none, 80, 24)).join("\n");
    assert!(all.contains("none configured"), "{all}");
    assert!(all.contains("no image lane"), "{all}");
}

#[test]
fn values_past_verify_thresholds_are_marked() {
    // The fixture: two dead letters, 90 % of deliveries succeed (verify
    // wants 95 %), the oldest item 1.5 s old, Redis without maxmemory.
    let buf = draw(&live_with(|_| {}), 80, 24);
    let all = rows(&buf).join("\n");
    assert!(marked_red(&buf, "dead 2"), "{all}");
    assert!(marked_red(&buf, "success 90.0%"), "{all}");
    assert!(
        all.contains("oldest 1.5s ") && !all.contains("1.5s!"),
        "{all}"
    );
    assert!(!all.contains("no max!"), "{all}");

    let bad = live_with(|s| {
        if let Some(q) = &mut s.queue {
            q.oldest_pending_seconds = 400.0;
            q.dead_letters = 0;
        }
        if let Some(r) = &mut s.redis {
            r.maxmemory_bytes = Some(3 * 1024 * 1024 + 1024);
        }
        for r in &mut s.replicas {
            for w in &mut r.webhooks {
                w.failed = 0;
            }
        }
    });
    let buf = draw(&bad, 80, 24);
    let all = rows(&buf).join("\n");
    assert!(marked_red(&buf, "oldest 6m40s"), "{all}");
    assert!(all.contains("dead 0 ") && !all.contains("dead 0!"), "{all}");
    assert!(
        all.contains("success 100.0%") && !all.contains("100.0%!"),
        "{all}"
    );
    assert!(marked_red(&buf, "redis 3.0MiB / 3.0MiB"), "{all}");
}

#[test]
fn a_slow_p95_is_marked() {
    let slow = live_with(|s| {
        for r in &mut s.replicas {
            for route in &mut r.routes {
                let n = route.latency.count();
                route.latency = modd_common::Histogram::default();
                for _ in 0..n {
                    route.latency.record(0.9);
                }
            }
        }
    });
    let all = rows(&draw(&slow, 80, 24)).join("\n");
    let line = all
        .lines()
        .find(|l| l.contains("p95 "))
        .unwrap_or_default()
        .to_owned();
    assert!(line.contains("ms! p99") || line.contains("s! p99"), "{all}");
}
