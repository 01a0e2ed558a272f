//! How one key is shown to people: a field/value table, and the secret of a
//! new key on its own lines.

use crate::keys;
use crate::output;
use chrono::{DateTime, Utc};
use modd_common::KeyInfo;

/// Every field of a key, with times both absolute and relative to `now`.
/// `others` are the keys to look in for a successor, which tells a rotated
/// key from a revoked one (see [`keys::status_among`]).
pub fn details(info: &KeyInfo, others: &[KeyInfo], now: DateTime<Utc>) -> comfy_table::Table {
    let status = keys::status_among(info, others, now);
    let when = |t: Option<DateTime<Utc>>, none: &str| {
        t.map_or(none.to_owned(), |t| {
            format!("{} ({})", output::timestamp(t), output::relative(t, now))
        })
    };
    let mut t = output::table(["field", "value"]);
    t.add_row(["id", &info.id.to_string()]);
    t.add_row(["name", &info.name]);
    t.add_row(["role", info.role.as_str()]);
    t.add_row(["person", info.person.as_deref().unwrap_or("-")]);
    t.add_row(["prefix", &format!("{}…", info.prefix)]);
    t.add_row(["status", status]);
    let apps = if info.source_apps.is_empty() {
        "any".to_owned()
    } else {
        info.source_apps.join(", ")
    };
    t.add_row(["source apps", &apps]);
    t.add_row([
        "rate limit",
        info.rate_limit.as_deref().unwrap_or("default"),
    ]);
    t.add_row(["created", &when(Some(info.created_at), "")]);
    t.add_row(["created by", info.created_by.as_deref().unwrap_or("-")]);
    t.add_row(["last used", &when(info.last_used_at, "never")]);
    t.add_row(["expires", &when(info.expires_at, "never")]);
    let max_age = info
        .max_age_secs
        .and_then(chrono::TimeDelta::try_seconds)
        .map_or("default (MODD_KEY_MAX_AGE)".to_owned(), output::span);
    t.add_row(["max age", &max_age]);
    t.add_row(["rotate by", &when(info.rotate_by, "-")]);
    let stops = match status {
        "rotating" => "works until",
        "rotated" => "rotated",
        _ => "revoked",
    };
    t.add_row([stops, &when(info.revoked_at, "-")]);
    if let Some(from) = info.rotated_from {
        t.add_row(["rotated from", &format!("key {from}")]);
    }
    t
}

/// Prints a new secret outside any table (a narrow terminal must not wrap it).
pub fn print_secret(secret: &str) {
    println!("API key:");
    println!("{secret}");
    println!("Store it now, it cannot be shown again: only its hash is kept.");
}
