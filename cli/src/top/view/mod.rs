//! Drawing: `render(frame, &state)` lays out the header, ten panels and
//! the footer; each panel is a file. At 80×24 every panel gets four to six
//! lines (the lanes' two rows are the shortest), a taller terminal shares
//! its rows out among them, and a panel whose rows do not all fit says
//! `+N more` on its border; `enter` gives the focused one the whole body. Colour only repeats what
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
        let rows = Layout::vertical(share(body.height, [6; 5]).map(Constraint::Length)).split(body);
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
    let rows =
        Layout::vertical(share(body.height, [6, 5, 4, 6]).map(Constraint::Length)).split(body);
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

/// Heights of a layout's rows in `body` lines: each row's `minimum`, then
/// every line more to the rows in turn, top first. So each panel grows
/// with the terminal and none takes all of it (a ratio split's rounding
/// could shrink a row as the terminal grows); what still does not fit is
/// counted on the panel's border ("+N more").
fn share<const N: usize>(body: u16, minimum: [u16; N]) -> [u16; N] {
    let mut rows = minimum;
    let least: u16 = minimum.iter().sum();
    for i in 0..usize::from(body.saturating_sub(least)) {
        rows[i % N] += 1;
    }
    rows
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
    if s.stats.is_none() {
        f.render_widget(block, area);
        f.render_widget(Paragraph::new("waiting for data…"), inner);
        return;
    }
    let hidden = match p {
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
    };
    // Said on the bottom border, so it costs no row of the panel.
    if hidden > 0 {
        block = block.title_bottom(Line::from(format!(" +{hidden} more ")).right_aligned());
    }
    f.render_widget(block, area);
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

/// Lines into an area, cut to fit; returns how many were cut, for the
/// panel's "+N more".
fn lines(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>) -> usize {
    let hidden = lines.len().saturating_sub(usize::from(area.height));
    f.render_widget(Paragraph::new(lines), area);
    hidden
}

#[cfg(test)]
mod fit_tests;
#[cfg(test)]
mod lane_tests;
#[cfg(test)]
mod tests;
