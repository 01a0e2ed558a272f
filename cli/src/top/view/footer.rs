//! The bottom line: the filter being typed, a confirmation, the last
//! message, or the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::top::state::{Link, State};

pub fn render(f: &mut Frame, area: Rect, s: &State) {
    let text = if let Some(id) = &s.confirm {
        format!("Retry dead letter {id}? y/n")
    } else if let Some(d) = &s.filter_draft {
        format!("filter source_app: {d}_  (enter apply, esc cancel)")
    } else if let Some((m, _)) = &s.message {
        m.clone()
    } else if let Link::Disconnected { why, .. } = &s.link {
        format!("reconnecting: {why}")
    } else if let Link::Refused { why } = &s.link {
        why.clone()
    } else if s.snapshot {
        String::new()
    } else {
        "q quit  tab/←→ panel  ↑↓ select  p pause  s sort  / filter  enter zoom  ? help".to_owned()
    };
    let style = if s.confirm.is_some() {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    f.render_widget(Paragraph::new(Line::styled(text, style)), area);
}
