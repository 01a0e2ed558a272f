//! Keys to [`Action`]s. Pure: the same key means different things while
//! typing a filter or answering a confirmation, so the mode is an argument.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the dashboard is listening for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    Normal,
    /// Typing a `source_app` filter after `/`.
    Filter,
    /// Waiting for y/n after `r`.
    Confirm,
    /// The help overlay is open.
    Help,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextPanel,
    PrevPanel,
    Up,
    Down,
    TogglePause,
    CycleSort,
    StartFilter,
    FilterInput(char),
    FilterBackspace,
    FilterDone,
    FilterCancel,
    ToggleDetails,
    ToggleHelp,
    /// Retry the selected dead letter (asks first).
    Retry,
    Confirm,
    Cancel,
    None,
}

pub fn action(key: KeyEvent, mode: InputMode) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::None;
    }
    // Raw mode delivers Ctrl-C as a key: it always quits.
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Action::Quit;
    }
    match mode {
        InputMode::Normal => normal(key.code),
        InputMode::Filter => match key.code {
            KeyCode::Enter => Action::FilterDone,
            KeyCode::Esc => Action::FilterCancel,
            KeyCode::Backspace => Action::FilterBackspace,
            KeyCode::Char(c) if !c.is_control() => Action::FilterInput(c),
            _ => Action::None,
        },
        InputMode::Confirm => match key.code {
            KeyCode::Char('y' | 'Y') => Action::Confirm,
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Action::Cancel,
            _ => Action::None,
        },
        InputMode::Help => match key.code {
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Char('?') | KeyCode::Esc | KeyCode::Enter => Action::ToggleHelp,
            _ => Action::None,
        },
    }
}

fn normal(code: KeyCode) -> Action {
    match code {
        KeyCode::Char('q' | 'Q') => Action::Quit,
        KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => Action::NextPanel,
        KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => Action::PrevPanel,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::Char('p' | ' ') => Action::TogglePause,
        KeyCode::Char('s') => Action::CycleSort,
        KeyCode::Char('/') => Action::StartFilter,
        KeyCode::Enter => Action::ToggleDetails,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('r') => Action::Retry,
        KeyCode::Esc => Action::Cancel,
        _ => Action::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn normal_keys_map_to_their_actions() {
        let n = InputMode::Normal;
        assert_eq!(action(key(KeyCode::Char('q')), n), Action::Quit);
        assert_eq!(action(key(KeyCode::Tab), n), Action::NextPanel);
        assert_eq!(action(key(KeyCode::Right), n), Action::NextPanel);
        assert_eq!(action(key(KeyCode::BackTab), n), Action::PrevPanel);
        assert_eq!(action(key(KeyCode::Left), n), Action::PrevPanel);
        assert_eq!(action(key(KeyCode::Down), n), Action::Down);
        assert_eq!(action(key(KeyCode::Up), n), Action::Up);
        assert_eq!(action(key(KeyCode::Char('p')), n), Action::TogglePause);
        assert_eq!(action(key(KeyCode::Char('s')), n), Action::CycleSort);
        assert_eq!(action(key(KeyCode::Char('/')), n), Action::StartFilter);
        assert_eq!(action(key(KeyCode::Enter), n), Action::ToggleDetails);
        assert_eq!(action(key(KeyCode::Char('?')), n), Action::ToggleHelp);
        assert_eq!(action(key(KeyCode::Char('r')), n), Action::Retry);
        assert_eq!(action(key(KeyCode::Char('x')), n), Action::None);
    }

    #[test]
    fn ctrl_c_quits_in_every_mode() {
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            InputMode::Normal,
            InputMode::Filter,
            InputMode::Confirm,
            InputMode::Help,
        ] {
            assert_eq!(action(c, mode), Action::Quit, "{mode:?}");
        }
    }

    #[test]
    fn typing_a_filter_takes_letters_literally() {
        let f = InputMode::Filter;
        assert_eq!(action(key(KeyCode::Char('q')), f), Action::FilterInput('q'));
        assert_eq!(action(key(KeyCode::Char('/')), f), Action::FilterInput('/'));
        assert_eq!(action(key(KeyCode::Backspace), f), Action::FilterBackspace);
        assert_eq!(action(key(KeyCode::Enter), f), Action::FilterDone);
        assert_eq!(action(key(KeyCode::Esc), f), Action::FilterCancel);
    }

    #[test]
    fn confirmation_takes_only_yes_or_no() {
        let c = InputMode::Confirm;
        assert_eq!(action(key(KeyCode::Char('y')), c), Action::Confirm);
        assert_eq!(action(key(KeyCode::Char('n')), c), Action::Cancel);
        assert_eq!(action(key(KeyCode::Esc), c), Action::Cancel);
        assert_eq!(action(key(KeyCode::Char('q')), c), Action::None);
        assert_eq!(action(key(KeyCode::Enter), c), Action::None);
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut k = key(KeyCode::Char('q'));
        k.kind = KeyEventKind::Release;
        assert_eq!(action(k, InputMode::Normal), Action::None);
    }
}
