//! Drawing: `render(frame, &state)` lays out the header, ten panels and
//! the footer; each panel is a file. At 80×24 every panel gets four to six
//! lines (the lanes' two rows are the shortest); `enter` gives the focused
//! one the whole body. Colour only repeats what
//! the text already says (`STALE`, `down`, `>` for the selection, `!` after
//! a value past one of `modctl verify`'s thresholds).

mod dead_letters;
mod decisions;
pub mod fmt;
mod footer;
mod header;
mod help;
mod images;
mod limits;
mod providers;
mod queue;
mod resources;
mod traffic;
mod webhooks;
mod workers;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::{Panel, State};

pub fn render(f: &mut Frame, s: &State) {
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(6),
        Constraint::Length(1),
    ])
    .areas(f.area());
    header::render(f, head, s);
    if s.detail {
        panel(f, body, s, s.focus, true);
    } else {
        grid(f, body, s);
    }
    footer::render(f, foot, s);
    if s.help {
        help::render(f, body);
    }
}

/// Rows of the body from which the 429s panel gets a row of its own.
const TALL: u16 = 30;

fn grid(f: &mut Frame, body: Rect, s: &State) {
    let half = || Layout::horizontal([Constraint::Ratio(1, 2); 2]);
    if body.height >= TALL {
        let rows = Layout::vertical([Constraint::Ratio(1, 5); 5]).split(body);
        let [traffic, queue] = half().areas(rows[0]);
        let [workers, decisions] = half().areas(rows[1]);
        let [providers, images] = half().areas(rows[2]);
        let [limits, hooks] = half().areas(rows[3]);
        let [resources, dead] = half().areas(rows[4]);
        for (p, area) in [
            (Panel::Traffic, traffic),
            (Panel::Queue, queue),
            (Panel::Workers, workers),
            (Panel::Decisions, decisions),
            (Panel::Providers, providers),
            (Panel::Images, images),
            (Panel::Limits, limits),
            (Panel::Webhooks, hooks),
            (Panel::Resources, resources),
            (Panel::DeadLetters, dead),
        ] {
            panel(f, area, s, p, false);
        }
        return;
    }
    // At 80×24 (21 rows): the lanes get two lines each, enough for the
    // two provider kinds and the image lane's summary; the bottom row
    // keeps four for Resources' pool, Redis and first replica.
    let rows = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(4),
        Constraint::Min(6),
    ])
    .split(body);
    let [traffic, queue] = half().areas(rows[0]);
    let [workers, decisions] = half().areas(rows[1]);
    let [providers, images] = half().areas(rows[2]);
    let [hooks, resources, dead] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(rows[3]);
    // Too short for a row of its own: the 429s share the Decisions cell,
    // shown there while focused.
    let middle = if s.focus == Panel::Limits {
        Panel::Limits
    } else {
        Panel::Decisions
    };
    for (p, area) in [
        (Panel::Traffic, traffic),
        (Panel::Queue, queue),
        (Panel::Workers, workers),
        (middle, decisions),
        (Panel::Providers, providers),
        (Panel::Images, images),
        (Panel::Webhooks, hooks),
        (Panel::Resources, resources),
        (Panel::DeadLetters, dead),
    ] {
        panel(f, area, s, p, false);
    }
}

/// The bordered block; the focused one says so in its title, not only in colour.
fn panel(f: &mut Frame, area: Rect, s: &State, p: Panel, detail: bool) {
    let focused = s.focus == p;
    let title = if focused {
        format!("[{}]", p.title())
    } else {
        format!(" {} ", p.title())
    };
    let mut block = Block::bordered().title(title);
    if focused {
        block = block.border_style(Style::new().add_modifier(Modifier::BOLD));
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if s.stats.is_none() {
        f.render_widget(Paragraph::new("waiting for data…"), inner);
        return;
    }
    match p {
        Panel::Traffic => traffic::render(f, inner, s, detail),
        Panel::Queue => queue::render(f, inner, s, detail),
        Panel::Workers => workers::render(f, inner, s, detail),
        Panel::Decisions => decisions::render(f, inner, s, detail),
        Panel::Limits => limits::render(f, inner, s, detail),
        Panel::Webhooks => webhooks::render(f, inner, s, detail),
        Panel::Resources => resources::render(f, inner, s, detail),
        Panel::DeadLetters => dead_letters::render(f, inner, s, detail),
        Panel::Providers => providers::render(f, inner, s, detail),
        Panel::Images => images::render(f, inner, s, detail),
    }
}

/// A value, followed by `!` in bold red when it is past a threshold: the
/// mark says it without colour.
fn marked(text: String, crossed: bool) -> Span<'static> {
    if crossed {
        Span::styled(
            format!("{text}!"),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )
    } else {
        Span::raw(text)
    }
}

/// Lines into an area, cut to fit.
fn lines(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod lane_tests;
#[cfg(test)]
mod tests;
