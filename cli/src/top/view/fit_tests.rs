//! A terminal between 80×24 and the tall layout degrades predictably: every
//! panel stays, each grows with the terminal, and a panel that cannot show
//! all its rows counts the rest on its border.

use super::tests::screen;
use crate::top::fixture::{stats, t0};
use crate::top::state::State;
use chrono::TimeDelta;
use modd_common::{DeadLetterView, StatsView, WorkerInfo};

const WORKERS: usize = 6;
const DEAD: usize = 6;

/// The fixture's cluster with more workers and dead letters than an 80×24
/// panel can list.
fn crowded_stats(tick: u64) -> StatsView {
    let mut st = stats(tick);
    let now = st.generated_at;
    st.workers = (0..WORKERS)
        .map(|i| WorkerInfo {
            id: format!("w{i}-0"),
            host: "web1".into(),
            pid: 42,
            started_at: t0(),
            jobs_done: 10,
            current_item: None,
            current_since: None,
            seen_at: now,
        })
        .collect();
    st.dead_letters = (0..DEAD)
        .map(|i| DeadLetterView {
            id: format!("1732000000000-{i}"),
            item_id: 100 + i as i64,
            attempts: 5,
            reason: "failed after 5 attempts".into(),
            failed_at: now,
        })
        .collect();
    st
}

fn crowded() -> State {
    let mut s = State::new(None);
    s.ingest(crowded_stats(1), t0() + TimeDelta::seconds(1));
    s.ingest(crowded_stats(3), t0() + TimeDelta::seconds(3));
    s
}

/// The rows inside the panel titled `title`, and its bottom border.
fn panel(lines: &[String], title: &str) -> (Vec<String>, String) {
    let grid: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    for (y, row) in grid.iter().enumerate() {
        let text: String = row.iter().collect();
        let Some(byte) = text.find(title) else {
            continue;
        };
        let col = text[..byte].chars().count();
        let left = (0..col)
            .rev()
            .find(|&x| row[x] == '┌')
            .expect("left corner");
        let right = (col..row.len())
            .find(|&x| row[x] == '┐')
            .expect("right corner");
        let bottom = (y + 1..grid.len())
            .find(|&r| grid[r][left] == '└')
            .expect("bottom edge");
        let cut = |r: usize| grid[r][left..=right].iter().collect::<String>();
        return ((y + 1..bottom).map(cut).collect(), cut(bottom));
    }
    panic!("no panel {title}:\n{}", lines.join("\n"))
}

/// N of a border's "+N more", 0 without one.
fn more(border: &str) -> usize {
    border
        .split_once('+')
        .and_then(|(_, rest)| rest.split_once(" more"))
        .map_or(0, |(n, _)| n.parse().expect("a count"))
}

const TITLES: [&str; 9] = [
    "Traffic",
    "Queue",
    "Workers",
    "Decisions",
    "Providers",
    "Images",
    "Webhooks",
    "Resources",
    "Dead letters",
];

#[test]
fn rows_that_do_not_fit_are_counted_never_dropped() {
    let s = crowded();
    for h in 24..=40 {
        let lines = screen(&s, 80, h);
        let (rows, border) = panel(&lines, "Workers");
        let shown = rows.iter().filter(|r| r.contains(" idle ")).count();
        assert_eq!(
            shown + more(&border),
            WORKERS,
            "{h} rows: {rows:#?}\n{border}"
        );
        let (rows, border) = panel(&lines, "Dead letters");
        let shown = rows.iter().filter(|r| r.contains("item 1")).count();
        assert_eq!(shown + more(&border), DEAD, "{h} rows: {rows:#?}\n{border}");
    }
    // At 80×24 the Workers panel has room for its header and two workers.
    let (rows, border) = panel(&screen(&s, 80, 24), "Workers");
    assert!(rows[0].contains("state"), "{rows:#?}");
    assert!(border.contains("+4 more"), "{border}");
    // With room for all, no count.
    let lines = screen(&s, 120, 60);
    assert_eq!(more(&panel(&lines, "Workers").1), 0);
}

#[test]
fn every_panel_stays_and_grows_with_the_terminal() {
    let s = crowded();
    let heights = |h: u16| -> Vec<usize> {
        let lines = screen(&s, 80, h);
        TITLES.iter().map(|t| panel(&lines, t).0.len()).collect()
    };
    // Below the tall layout (33 rows), and in it: no panel shrinks when
    // the terminal grows, and the rows go to every panel row, not one.
    for range in [24..=32, 33..=40] {
        let sizes: Vec<Vec<usize>> = range.map(heights).collect();
        for pair in sizes.windows(2) {
            assert!(
                pair[0].iter().zip(&pair[1]).all(|(a, b)| a <= b),
                "{:?} → {:?}",
                pair[0],
                pair[1]
            );
        }
        let (first, last) = (&sizes[0], &sizes[sizes.len() - 1]);
        let grown = first.iter().zip(last).filter(|(a, b)| b > a).count();
        assert!(grown >= 6, "most panels grow: {first:?} → {last:?}");
    }
    // At 80×24: the lanes keep two rows, no panel fewer.
    assert!(heights(24).iter().all(|&h| h >= 2), "{:?}", heights(24));
}

#[test]
fn the_fixture_at_80_by_24_says_what_it_cuts() {
    let mut s = State::new(None);
    s.ingest(stats(1), t0() + TimeDelta::seconds(1));
    s.ingest(stats(3), t0() + TimeDelta::seconds(3));
    let lines = screen(&s, 80, 24);
    // Two routes with traffic, room for one: the busiest, and a count.
    let (rows, border) = panel(&lines, "Traffic");
    assert!(
        rows.iter().any(|r| r.contains("POST /api/v1/mod")),
        "{rows:#?}"
    );
    assert_eq!(more(&border), 1, "{border}");
    // Resources: pool, Redis, the first replica; the second is counted.
    let (rows, border) = panel(&lines, "Resources");
    assert!(rows.iter().any(|r| r.contains("42-aaaa")), "{rows:#?}");
    assert_eq!(more(&border), 1, "{border}");
    // The Queue panel fits: no count.
    assert_eq!(more(&panel(&lines, "Queue").1), 0);
}
