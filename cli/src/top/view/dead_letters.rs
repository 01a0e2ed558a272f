//! The oldest dead letters; `↑↓` select, `r` retries the selected one.
//! The selection is marked with `>` (and reversed video).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::{fmt, lines};
use crate::top::state::{Panel, State};

/// Draws the panel; returns how many of its rows did not fit.
pub fn render(f: &mut Frame, area: Rect, s: &State, detail: bool) -> usize {
    let Some(st) = &s.stats else { return 0 };
    if st.dead_letters.is_empty() {
        return lines(f, area, vec![Line::from("none")]);
    }
    let rows = area.height as usize;
    let total = st.dead_letters.len();
    // Keep the selection in view.
    let first = (s.selected + 1).saturating_sub(rows);
    let focused = s.focus == Panel::DeadLetters;
    let out = st
        .dead_letters
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, d)| {
            let mark = if focused && i == s.selected { ">" } else { " " };
            let text = if detail {
                format!(
                    "{mark}{} item {} ×{} {} {}",
                    d.id,
                    d.item_id,
                    d.attempts,
                    d.failed_at.format("%H:%M:%S"),
                    d.reason
                )
            } else {
                format!(
                    "{mark}item {} ×{} {}",
                    d.item_id,
                    d.attempts,
                    fmt::fit(&d.reason, 40)
                )
            };
            if mark == ">" {
                Line::styled(text, Style::new().add_modifier(Modifier::REVERSED))
            } else {
                Line::from(text)
            }
        })
        .collect();
    lines(f, area, out);
    // Scrolled past, or below the window.
    total.saturating_sub(rows)
}
