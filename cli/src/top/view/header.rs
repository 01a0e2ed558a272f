//! Service, version, environment, uptime, replicas, workers, database and
//! Redis, and whether the numbers are live.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::fmt;
use crate::top::state::{Link, State};

pub fn render(f: &mut Frame, area: Rect, s: &State) {
    let link = match &s.link {
        Link::Connecting => Span::raw("connecting…"),
        Link::Live if s.paused => Span::styled("PAUSED", Style::new().fg(Color::Yellow)),
        Link::Live if s.replay_speed.is_some() => Span::styled(
            format!(
                "REPLAY {} ×{}",
                s.received_at
                    .map_or("-".into(), |t| t.format("%H:%M:%S").to_string()),
                s.replay_speed.unwrap_or(1.0)
            ),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ),
        Link::Live => Span::styled("live", Style::new().fg(Color::Green)),
        Link::Disconnected { since, .. } => Span::styled(
            format!("DISCONNECTED since {}", since.format("%H:%M:%S")),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
        Link::RateLimited { since } => Span::styled(
            format!("RATE LIMITED since {}", since.format("%H:%M:%S")),
            Style::new().fg(Color::Yellow),
        ),
        Link::Refused { .. } => Span::styled(
            "REFUSED (see below)",
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
    };
    let Some(st) = &s.stats else {
        f.render_widget(
            ratatui::widgets::Paragraph::new(vec![
                Line::from(vec![Span::raw("modd top · "), link]),
                Line::from(match &s.link {
                    Link::Disconnected { why, .. } | Link::Refused { why } => fmt::fit(why, 200),
                    _ => String::new(),
                }),
            ]),
            area,
        );
        return;
    };
    let uptime = st
        .replicas
        .iter()
        .map(|r| r.uptime_seconds)
        .fold(None, |m: Option<f64>, u| Some(m.map_or(u, |m| m.max(u))));
    let alive: u64 = st.replicas.iter().map(|r| r.workers_alive).sum();
    let configured: u64 = st.replicas.iter().map(|r| r.workers_configured).sum();
    let scope = match &st.replica {
        Some(id) => format!("replica {}", fmt::tail(id, 20)),
        None if st.replicas.len() == 1 => "1 replica".to_owned(),
        None => format!("{} replicas", st.replicas.len()),
    };
    // The link comes first: at 80 columns the end of the line may be cut.
    let first = Line::from(vec![
        link,
        Span::raw(" · "),
        Span::styled(
            format!("{} {}", st.service, st.version),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            " · {} · up {} · {scope} · workers {alive}/{configured}",
            st.environment,
            fmt::secs(uptime)
        )),
    ]);
    let probe = |name: &str, p: &modd_common::ProbeStats| {
        let style = if p.status == "ok" {
            Style::new().fg(Color::Green)
        } else {
            Style::new().fg(Color::Red)
        };
        vec![
            Span::raw(format!("{name} ")),
            Span::styled(p.status.clone(), style),
            Span::raw(format!(
                " {} · ",
                fmt::secs(p.latency_ms.map(|m| m / 1000.0))
            )),
        ]
    };
    let mut second = probe("db", &st.database);
    match &st.redis {
        Some(r) => second.extend(probe("redis", &r.probe)),
        None => second.push(Span::raw("redis none · ")),
    }
    // Keys past their maximum age come first: at 80 columns the end of
    // the line may be cut, and this is the part an operator acts on.
    if !st.keys_due.is_empty() {
        second.insert(
            0,
            Span::styled(
                format!("keys due {} · ", st.keys_due.len()),
                Style::new().fg(Color::Yellow),
            ),
        );
    }
    second.push(Span::raw(format!(
        "queue {} · sort {} · filter {}",
        st.queue.as_ref().map_or("?", |q| q.kind.as_str()),
        s.sort.label(),
        if s.filter.is_empty() {
            "-"
        } else {
            s.filter.as_str()
        },
    )));
    f.render_widget(
        ratatui::widgets::Paragraph::new(vec![first, Line::from(second)]),
        area,
    );
}
