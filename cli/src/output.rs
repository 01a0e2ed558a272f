//! Output for people (comfy-table tables, relative times) and scripts (JSON).
//!
//! Results go to stdout; errors and notes go to stderr, so `--json` output
//! can always be piped to `jq`.

use chrono::{DateTime, TimeDelta, Utc};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;

use crate::error::CliError;

/// Prints `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(anyhow::Error::new)?;
    println!("{text}");
    Ok(())
}

/// A table with a header row, sized to the terminal when there is one.
pub fn table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    t
}

/// A compact span: `45s`, `12m`, `3h`, `5d`.
pub fn span(d: TimeDelta) -> String {
    // Round to the second: "90d" minus the milliseconds since creation is
    // still 90d, not 89d.
    let s = (d.num_milliseconds().abs() + 500) / 1000;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// `3h ago`, or `in 3h` for a time in the future.
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let d = t - now;
    if d > TimeDelta::zero() {
        format!("in {}", span(d))
    } else {
        format!("{} ago", span(d))
    }
}

/// A timestamp for tables: UTC, to the second.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_pick_the_largest_unit() {
        assert_eq!(span(TimeDelta::seconds(59)), "59s");
        assert_eq!(span(TimeDelta::minutes(61)), "1h");
        assert_eq!(span(TimeDelta::days(90)), "90d");
        assert_eq!(
            span(TimeDelta::days(90) - TimeDelta::milliseconds(3)),
            "90d"
        );
        let now = Utc::now();
        assert_eq!(relative(now + TimeDelta::hours(3), now), "in 3h");
        assert_eq!(relative(now - TimeDelta::days(2), now), "2d ago");
    }
}
