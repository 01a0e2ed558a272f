use super::*;
use crate::top::fixture::{stats, t0};
use chrono::TimeDelta;

fn at(secs: i64) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(secs)
}

#[test]
fn rates_come_from_two_snapshots_and_the_injected_clock() {
    let mut s = State::new(None);
    s.ingest(stats(1), at(1));
    assert!(s.rates.is_none(), "one snapshot has no rate");
    // Two seconds later on the client's clock, two ticks of traffic.
    s.ingest(stats(3), at(3));
    let r = s.rates.as_ref().expect("rates");
    // 2 replicas × (100 + 1) requests per tick, over 2 ticks, in 2 s.
    assert!((r.requests_per_sec - 202.0).abs() < 1e-9, "{r:?}");
    assert!((r.limited_per_sec - 4.0).abs() < 1e-9);
    let p95 = r.p95.expect("p95");
    assert!(p95 > 0.0025 && p95 <= 0.005, "{p95}");
    let forum = r
        .decisions
        .iter()
        .find(|d| d.source_app == "forum")
        .expect("forum");
    assert!((forum.approved - 100.0).abs() < 1e-9);
    assert!((r.retries_per_sec - 3.0).abs() < 1e-9);
    assert_eq!(r.webhook_success, Some(0.9));
    assert_eq!(s.link, Link::Live);
    assert_eq!(s.depth.last(2), vec![11, 13]);
}

#[test]
fn a_replica_that_appears_is_not_a_spike() {
    let mut s = State::new(None);
    let mut first = stats(1);
    first.replicas.truncate(1);
    s.ingest(first, at(1));
    s.ingest(stats(2), at(2));
    let r = s.rates.as_ref().expect("rates");
    assert!((r.requests_per_sec - 101.0).abs() < 1e-9, "{r:?}");
    // CPU only for the replica seen twice; the newcomer has no rate yet.
    assert_eq!(r.cpu.len(), 1, "{:?}", r.cpu);
    assert!((r.cpu["web1-42-aaaa"] - 0.25).abs() < 1e-9, "{:?}", r.cpu);
}

#[test]
fn outages_keep_their_first_moment_and_recover() {
    let mut s = State::new(None);
    s.ingest(stats(1), at(1));
    let down = |why: &str| Link::Disconnected {
        since: at(0),
        why: why.into(),
    };
    s.failed(down("refused"), at(5));
    s.failed(down("refused again"), at(9));
    assert_eq!(
        s.link,
        Link::Disconnected {
            since: at(5),
            why: "refused again".into()
        }
    );
    assert!(s.stats.is_some(), "the last snapshot stays");
    s.failed(Link::RateLimited { since: at(0) }, at(10));
    assert_eq!(s.link, Link::RateLimited { since: at(10) });
    s.ingest(stats(2), at(11));
    assert_eq!(s.link, Link::Live);
}

#[test]
fn tab_cycles_panels_both_ways() {
    let mut s = State::new(None);
    s.apply(Action::PrevPanel);
    assert_eq!(s.focus, Panel::DeadLetters);
    for _ in 0..Panel::ALL.len() {
        s.apply(Action::NextPanel);
    }
    assert_eq!(s.focus, Panel::DeadLetters);
}

#[test]
fn retry_asks_first_and_only_on_the_dead_letter_panel() {
    let mut s = State::new(None);
    s.ingest(stats(1), at(1));
    assert_eq!(s.apply(Action::Retry), None);
    assert_eq!(s.confirm, None, "not on the traffic panel");
    s.focus = Panel::DeadLetters;
    s.apply(Action::Down);
    s.apply(Action::Down); // stays on the last row
    assert_eq!(s.selected, 1);
    s.apply(Action::Retry);
    assert_eq!(s.input_mode(), InputMode::Confirm);
    assert_eq!(s.apply(Action::Cancel), None);
    assert_eq!(s.confirm, None);
    s.apply(Action::Retry);
    assert_eq!(
        s.apply(Action::Confirm),
        Some(Effect::Retry("1732000000001-0".into()))
    );
    assert_eq!(s.input_mode(), InputMode::Normal);
}

#[test]
fn filter_is_typed_then_applied_or_cancelled() {
    let mut s = State::new(None);
    s.apply(Action::StartFilter);
    assert_eq!(s.input_mode(), InputMode::Filter);
    for c in "forx".chars() {
        s.apply(Action::FilterInput(c));
    }
    s.apply(Action::FilterBackspace);
    s.apply(Action::FilterDone);
    assert_eq!(s.filter, "for");
    assert!(s.shows_app("forum") && !s.shows_app("chat"));
    s.apply(Action::StartFilter);
    s.apply(Action::FilterInput('z'));
    s.apply(Action::FilterCancel);
    assert_eq!(s.filter, "for");
}

#[test]
fn pause_sort_help_details_toggle() {
    let mut s = State::new(None);
    s.apply(Action::TogglePause);
    assert!(s.paused);
    s.apply(Action::CycleSort);
    assert_eq!(s.sort, Sort::Errors);
    s.apply(Action::ToggleDetails);
    assert!(s.detail);
    s.apply(Action::Cancel);
    assert!(!s.detail);
    s.apply(Action::ToggleHelp);
    assert_eq!(s.input_mode(), InputMode::Help);
    assert_eq!(s.apply(Action::Quit), Some(Effect::Quit));
}
