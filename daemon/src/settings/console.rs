//! Settings of the review console: how long a sign-in lasts, and how long
//! a decision made there can be undone.

use chrono::TimeDelta;
use modd_common::limits::{parse_duration, parse_duration_or_zero};

use super::{RawValues, SettingsError, invalid};

/// The console's clocks.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleSettings {
    /// A session unused this long ends.
    pub session_idle: TimeDelta,
    /// A session ends this long after sign-in, however active.
    pub session_max: TimeDelta,
    /// How long a console decision waits before it is recorded, so its
    /// reviewer can undo it; zero records at once (no undo).
    pub undo_window: TimeDelta,
}

const LONGEST_UNDO: TimeDelta = TimeDelta::seconds(60);

fn text<'a>(raw: &'a RawValues, name: &str) -> &'a str {
    raw.get(name).map_or("", |v| v.trim())
}

/// A duration setting between `min` and `max`.
fn within(
    raw: &RawValues,
    name: &str,
    parse: fn(&str) -> Result<TimeDelta, String>,
    (min, max): (TimeDelta, TimeDelta),
) -> Result<TimeDelta, SettingsError> {
    let value = parse(text(raw, name)).map_err(|e| invalid(name, e))?;
    if value < min || value > max {
        return Err(invalid(
            name,
            format!(
                "must be between {} s and {} s",
                min.num_seconds(),
                max.num_seconds()
            ),
        ));
    }
    Ok(value)
}

pub(super) fn console(raw: &RawValues) -> Result<ConsoleSettings, SettingsError> {
    let session_idle = within(
        raw,
        "MODD_CONSOLE_SESSION_IDLE",
        parse_duration,
        (TimeDelta::minutes(1), TimeDelta::days(1)),
    )?;
    let session_max = within(
        raw,
        "MODD_CONSOLE_SESSION_MAX",
        parse_duration,
        (TimeDelta::minutes(5), TimeDelta::days(30)),
    )?;
    if session_idle > session_max {
        return Err(invalid(
            "MODD_CONSOLE_SESSION_IDLE",
            "must not exceed MODD_CONSOLE_SESSION_MAX",
        ));
    }
    let undo_window = within(
        raw,
        "MODD_CONSOLE_UNDO",
        parse_duration_or_zero,
        (TimeDelta::zero(), LONGEST_UNDO),
    )?;
    Ok(ConsoleSettings {
        session_idle,
        session_max,
        undo_window,
    })
}

/// Lines for `modd config check`.
pub(super) fn describe(c: &ConsoleSettings) -> Vec<(&'static str, String)> {
    let secs = |d: TimeDelta| format!("{}s", d.num_seconds());
    vec![
        ("MODD_CONSOLE_SESSION_IDLE", secs(c.session_idle)),
        ("MODD_CONSOLE_SESSION_MAX", secs(c.session_max)),
        ("MODD_CONSOLE_UNDO", secs(c.undo_window)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&'static str, &str)]) -> RawValues {
        let mut r = super::super::defaults();
        for (k, v) in pairs {
            r.insert(*k, (*v).to_owned());
        }
        r
    }

    #[test]
    fn defaults_and_overrides() {
        let c = console(&raw(&[])).unwrap();
        assert_eq!(c.session_idle, TimeDelta::minutes(30));
        assert_eq!(c.session_max, TimeDelta::hours(12));
        assert_eq!(c.undo_window, TimeDelta::seconds(10));
        let c = console(&raw(&[
            ("MODD_CONSOLE_UNDO", "0"),
            ("MODD_CONSOLE_SESSION_MAX", "8h"),
        ]))
        .unwrap();
        assert_eq!(c.undo_window, TimeDelta::zero());
        assert_eq!(c.session_max, TimeDelta::hours(8));
    }

    #[test]
    fn bad_values_name_their_setting() {
        for (name, bad) in [
            ("MODD_CONSOLE_SESSION_IDLE", "0"),
            ("MODD_CONSOLE_SESSION_IDLE", "2d"),
            ("MODD_CONSOLE_SESSION_IDLE", "soon"),
            ("MODD_CONSOLE_SESSION_MAX", "1m"),
            ("MODD_CONSOLE_UNDO", "2m"),
            ("MODD_CONSOLE_UNDO", "10"),
        ] {
            let e = console(&raw(&[(name, bad)])).unwrap_err();
            assert_eq!(e.name, name, "{bad}");
        }
        let e = console(&raw(&[("MODD_CONSOLE_SESSION_IDLE", "13h")])).unwrap_err();
        assert!(e.message.contains("MODD_CONSOLE_SESSION_MAX"), "{e}");
    }
}
