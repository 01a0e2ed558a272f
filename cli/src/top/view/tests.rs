use super::*;
use crate::top::fixture::{stats, t0};
use crate::top::input::Action;
use crate::top::state::Link;
use chrono::TimeDelta;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub(super) fn screen(s: &State, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| render(f, s)).expect("draw");
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect()
}

fn text(lines: &[String]) -> String {
    lines.join("\n")
}

fn live() -> State {
    let mut s = State::new(None);
    s.ingest(stats(1), t0() + TimeDelta::seconds(1));
    s.ingest(stats(3), t0() + TimeDelta::seconds(3));
    s
}

#[test]
fn keys_past_their_maximum_age_show_in_the_header() {
    let all = text(&screen(&live(), 80, 24));
    assert!(all.contains("keys due 1"), "{all}");
    let mut s = State::new(None);
    let mut none = stats(1);
    none.keys_due.clear();
    s.ingest(none, t0() + TimeDelta::seconds(1));
    assert!(!text(&screen(&s, 80, 24)).contains("keys due"));
}

#[test]
fn every_panel_fits_in_80_by_24() {
    let lines = screen(&live(), 80, 24);
    let all = text(&lines);
    for title in [
        "Traffic",
        "Queue",
        "Workers",
        "Decisions",
        "Webhooks",
        "Resources",
        "Dead letters",
    ] {
        assert!(all.contains(title), "{title} missing:\n{all}");
    }
    assert!(lines[0].contains("modd 0.1.0"), "{}", lines[0]);
    assert!(lines[0].contains("production") && lines[0].contains("2 replicas"));
    assert!(lines[0].contains("live"));
    assert!(lines[1].contains("db ok") && lines[1].contains("redis ok"));
    assert!(all.contains("req 202/s"), "{all}");
    assert!(all.contains("429 4.0/s"), "{all}");
    assert!(all.contains("depth 13"), "{all}");
    assert!(all.contains("review backlog 7"), "{all}");
    assert!(all.contains("forum"), "{all}");
    assert!(
        all.contains("STALE"),
        "the late heartbeat is marked:\n{all}"
    );
    assert!(all.contains("success 90.0%"), "{all}");
    assert!(all.contains("FAIL forum HTTP 502"), "{all}");
    assert!(all.contains("db pool 6 used 10 idle"), "{all}");
    assert!(all.contains("redis 3.0MiB / no max"), "{all}");
    assert!(all.contains("42-aaaa cpu 25% 48.0MiB"), "{all}");
    assert!(all.contains("item 11"), "{all}");
    assert!(lines[23].contains("q quit"), "{}", lines[23]);
}

#[test]
fn the_429_panel_names_the_apps_and_keys_being_refused() {
    // 80×24: it shares the Decisions cell while focused.
    let mut s = live();
    assert!(!text(&screen(&s, 80, 24)).contains("429s"));
    for _ in 0..4 {
        s.apply(Action::NextPanel);
    }
    let small = text(&screen(&s, 80, 24));
    assert!(
        small.contains("[429s]") && !small.contains("Decisions"),
        "{small}"
    );
    assert!(small.contains("key:7 forum-web"), "{small}");
    // A taller terminal: a row of its own next to Webhooks.
    let all = text(&screen(&live(), 80, 33));
    assert!(all.contains("429s") && all.contains("Decisions"), "{all}");
    assert!(all.contains("app forum 3.0/s"), "{all}");
    assert!(all.contains("key:7 forum-web"), "{all}");
    assert!(all.contains("anonymous"), "{all}");
    let mut s = live();
    for _ in 0..4 {
        s.apply(Action::NextPanel);
    }
    s.apply(Action::ToggleDetails);
    let zoomed = text(&screen(&s, 120, 40));
    assert!(zoomed.contains("[429s]"), "{zoomed}");
    let key = zoomed
        .lines()
        .find(|l| l.contains("key:7"))
        .expect("key row");
    assert!(
        key.contains(&format!("total {:>8}", 8)),
        "4 per replica: {key}"
    );
}

#[test]
fn a_replay_says_so_with_the_recorded_time() {
    let mut s = live();
    s.replay_speed = Some(4.0);
    let lines = screen(&s, 80, 24);
    assert!(lines[0].contains("REPLAY 12:00:03 ×4"), "{}", lines[0]);
    assert!(!lines[0].contains("live"), "{}", lines[0]);
}

#[test]
fn a_snapshot_prints_no_key_legend() {
    let mut s = live();
    s.snapshot = true;
    let all = text(&screen(&s, 80, 24));
    assert!(!all.contains("q quit") && !all.contains("? help"), "{all}");
    assert!(all.contains("forum"), "the panels are all there:\n{all}");
}

#[test]
fn focus_is_shown_in_text_not_only_colour() {
    let mut s = live();
    assert!(text(&screen(&s, 80, 24)).contains("[Traffic]"));
    s.apply(Action::PrevPanel);
    s.apply(Action::Down);
    let all = text(&screen(&s, 80, 24));
    assert!(all.contains("[Dead letters]"), "{all}");
    assert!(all.contains(">item 12"), "selection marked:\n{all}");
}

#[test]
fn details_show_the_whole_route_table() {
    let mut s = live();
    s.apply(Action::ToggleDetails);
    let all = text(&screen(&s, 120, 40));
    assert!(all.contains("/api/v1/moderation/analyse"), "{all}");
    assert!(all.contains("/api/v1/admin/stats"), "{all}");
    assert!(all.contains("method") && all.contains("p95"), "{all}");
    assert!(!all.contains("Workers"), "only the focused panel:\n{all}");
}

#[test]
fn zoomed_traffic_keeps_every_column_of_every_route() {
    let mut s = live();
    s.apply(Action::ToggleDetails);
    let routes = s
        .rates
        .as_ref()
        .map(|r| r.routes.clone())
        .unwrap_or_default();
    assert!(routes.len() > 1);
    for (w, h) in [(80, 24), (120, 40)] {
        let lines = screen(&s, w, h);
        let all = text(&lines);
        let header = lines.iter().find(|l| l.contains("method")).expect("header");
        assert!(header.contains("429      p95"), "{w}x{h}: {header}");
        for route in &routes {
            let row = lines
                .iter()
                .find(|l| l.contains(&format!("{:<6} {} ", route.method, route.route)))
                .unwrap_or_else(|| panic!("{w}x{h}: no row for {}:\n{all}", route.route));
            let p95 = fmt::secs(route.p95);
            assert!(
                row.trim_end_matches(['│', ' ']).ends_with(&p95),
                "{w}x{h}: p95 {p95} cut off: {row}"
            );
        }
    }
}

#[test]
fn worker_rows_keep_their_order_between_frames() {
    let mut s = live();
    let Some(stats) = s.stats.as_mut() else {
        panic!("live state has stats")
    };
    // A third worker that ties with web2 under the rate sort (same jobs done).
    let mut twin = stats.workers[1].clone();
    twin.id = "web0-44-cccc-0".into();
    stats.workers.push(twin);
    // 33 rows: room for three workers.
    let rows = |s: &State| -> Vec<String> {
        screen(s, 80, 33)
            .into_iter()
            .filter(|l| l.contains("-0 "))
            .collect()
    };
    let first = rows(&s);
    assert_eq!(first.len(), 3, "{first:?}");
    if let Some(stats) = s.stats.as_mut() {
        stats.workers.reverse();
    }
    assert_eq!(
        rows(&s),
        first,
        "the daemon's listing order leaked into the rows"
    );
}

#[test]
fn filter_hides_other_apps() {
    let mut s = live();
    for a in [
        Action::StartFilter,
        Action::FilterInput('c'),
        Action::FilterInput('h'),
        Action::FilterDone,
    ] {
        s.apply(a);
    }
    let all = text(&screen(&s, 80, 24));
    assert!(all.contains("chat"), "{all}");
    assert!(!all.contains("forum "), "{all}");
    assert!(all.contains("filter ch"), "{all}");
}

#[test]
fn disconnection_keeps_the_numbers_and_says_since_when() {
    let mut s = live();
    let at = t0() + TimeDelta::seconds(10);
    s.failed(
        Link::Disconnected {
            since: at,
            why: "cannot connect".into(),
        },
        at,
    );
    let lines = screen(&s, 80, 24);
    assert!(
        lines[0].contains("DISCONNECTED since 12:00:10"),
        "{}",
        lines[0]
    );
    assert!(text(&lines).contains("depth 13"));
    assert!(lines[23].contains("reconnecting: cannot connect"));
    s.failed(Link::RateLimited { since: at }, at);
    let lines = screen(&s, 80, 24);
    assert!(lines[0].contains("RATE LIMITED"), "{}", lines[0]);
    assert!(!lines[0].contains("DISCONNECTED"));
}

#[test]
fn a_refusal_says_why_at_the_bottom() {
    let mut s = live();
    s.failed(
        Link::Refused {
            why: "HTTP 404 Not Found: no such replica".into(),
        },
        t0(),
    );
    let lines = screen(&s, 80, 24);
    assert!(lines[0].starts_with("REFUSED"), "{}", lines[0]);
    assert!(lines[23].contains("no such replica"), "{}", lines[23]);
}

#[test]
fn confirmation_and_help_are_drawn() {
    let mut s = live();
    s.focus = crate::top::state::Panel::DeadLetters;
    s.apply(Action::Retry);
    let lines = screen(&s, 80, 24);
    assert!(
        lines[23].contains("Retry dead letter 1732000000000-0? y/n"),
        "{}",
        lines[23]
    );
    s.apply(Action::Cancel);
    s.apply(Action::ToggleHelp);
    assert!(text(&screen(&s, 80, 24)).contains("retry the selected dead letter"));
}

#[test]
fn before_the_first_answer_it_waits() {
    let s = State::new(None);
    let all = text(&screen(&s, 80, 24));
    assert!(all.contains("connecting"), "{all}");
    assert!(all.contains("waiting for data"), "{all}");
}

#[test]
fn tiny_terminals_do_not_panic() {
    let s = live();
    for (w, h) in [(1, 1), (10, 5), (40, 10), (80, 24), (200, 60)] {
        screen(&s, w, h);
    }
}

#[test]
#[ignore = "prints the 80×24 screen for a person to look at"]
fn show_80_by_24() {
    println!("{}", crate::top::once::draw(&live(), 80, 24));
}

#[test]
fn sort_reorders_the_tables() {
    let mut s = live();
    let row = |all: &str, name: &str| all.find(name).unwrap_or(usize::MAX);
    let by_rate = text(&screen(&s, 80, 24));
    assert!(
        row(&by_rate, "forum ") < row(&by_rate, "chat "),
        "{by_rate}"
    );
    for _ in 0..3 {
        s.apply(Action::CycleSort); // rate → errors → latency → name
    }
    let by_name = text(&screen(&s, 80, 24));
    assert!(by_name.contains("sort name"), "{by_name}");
    assert!(
        row(&by_name, "chat ") < row(&by_name, "forum "),
        "{by_name}"
    );
}

#[test]
fn resources_show_cpu_and_rss_per_replica() {
    let mut s = live();
    // Traffic → Dead letters → Resources.
    s.apply(Action::PrevPanel);
    s.apply(Action::PrevPanel);
    s.apply(Action::ToggleDetails);
    let all = text(&screen(&s, 120, 40));
    // The fixture burns 0.25 CPU seconds per second on each replica.
    for id in ["web1-42-aaaa", "web2-43-bbbb"] {
        assert!(
            all.contains(&format!("{id} serve cpu 25% rss 48.0MiB")),
            "{id}:\n{all}"
        );
    }
}
