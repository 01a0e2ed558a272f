//! Drawing: `render(frame, &state)` lays out the header, eight panels and
//! the footer; each panel is a file. At 80×24 every panel gets five lines;
//! `enter` gives the focused one the whole body. Colour only repeats what
//! the text already says (`STALE`, `down`, `>` for the selection).

mod dead_letters;
mod decisions;
pub mod fmt;
mod footer;
mod header;
mod help;
mod limits;
mod queue;
mod resources;
mod traffic;
mod webhooks;
mod workers;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
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
const TALL: u16 = 24;

fn grid(f: &mut Frame, body: Rect, s: &State) {
    let half = || Layout::horizontal([Constraint::Ratio(1, 2); 2]);
    if body.height >= TALL {
        let rows = Layout::vertical([Constraint::Ratio(1, 4); 4]).split(body);
        let [traffic, queue] = half().areas(rows[0]);
        let [workers, decisions] = half().areas(rows[1]);
        let [limits, hooks] = half().areas(rows[2]);
        let [resources, dead] = half().areas(rows[3]);
        for (p, area) in [
            (Panel::Traffic, traffic),
            (Panel::Queue, queue),
            (Panel::Workers, workers),
            (Panel::Decisions, decisions),
            (Panel::Limits, limits),
            (Panel::Webhooks, hooks),
            (Panel::Resources, resources),
            (Panel::DeadLetters, dead),
        ] {
            panel(f, area, s, p, false);
        }
        return;
    }
    let rows = Layout::vertical([Constraint::Ratio(1, 3); 3]).split(body);
    let [traffic, queue] = half().areas(rows[0]);
    let [workers, decisions] = half().areas(rows[1]);
    let [hooks, resources, dead] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(rows[2]);
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
    }
}

/// Lines into an area, cut to fit.
fn lines(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests;
