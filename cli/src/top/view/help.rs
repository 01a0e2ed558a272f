//! The `?` overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear, Paragraph};

const KEYS: &[&str] = &[
    "q, ctrl-c   quit",
    "tab, →, l   next panel (shift-tab, ←, h: previous)",
    "↑ ↓, k j    select a dead letter",
    "r           retry the selected dead letter (asks y/n)",
    "p, space    pause / resume",
    "s           sort: rate, errors, latency, name",
    "/           filter decisions and webhooks by source_app",
    "enter       the focused panel full screen (esc back)",
    "?           this help",
];

pub fn render(f: &mut Frame, area: Rect) {
    let width = area.width.min(62);
    let height = area.height.min(KEYS.len() as u16 + 2);
    let r = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(KEYS.join("\n")).block(Block::bordered().title(" Keys ")),
        r,
    );
}
