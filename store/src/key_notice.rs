//! When a key is ending and since when its apps are told: one rule for the
//! `Deprecation`/`Sunset` headers (the daemon's `key_notice` layer), the
//! `key.rotating` events written in a rotation's transaction and the
//! `key.expiring` events of the periodic sweep.

use chrono::{DateTime, TimeDelta, Utc};

use crate::KeyRecord;
use crate::event::{KeyNotice, KeyNoticeKind};

/// The daemon's key-lifetime settings that the rule needs (`Copy`: read on
/// every request).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct KeyLifetime {
    /// `MODD_KEY_MAX_AGE`: a key's default maximum age.
    pub max_age: Option<TimeDelta>,
    /// `MODD_KEY_EXPIRE_AFTER_MAX_AGE`: how long past its maximum age a key
    /// still works; `None`: it keeps working (only reported).
    pub expire_after_max_age: Option<TimeDelta>,
    /// `MODD_KEY_EXPIRY_NOTICE`: how long before its end a key is announced
    /// (zero: only during a rotation's grace).
    pub expiry_notice: TimeDelta,
}

/// What the store needs to write key notices: the rule and the docs link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyNoticeRules {
    pub lifetime: KeyLifetime,
    /// `MODD_KEY_DOCS_URL`, carried in each event.
    pub docs_url: Option<String>,
}

/// An ending key: why, since when it is announced, when it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    pub kind: KeyNoticeKind,
    pub deprecated_since: DateTime<Utc>,
    pub sunset: DateTime<Utc>,
}

impl KeyRecord {
    /// When the key is refused for its age: with an `expire_after_max_age`,
    /// its maximum age (its own, else the default) plus that warning period.
    pub fn forced_end(&self, lifetime: &KeyLifetime) -> Option<DateTime<Utc>> {
        let after = lifetime.expire_after_max_age?;
        self.rotate_by(lifetime.max_age)?.checked_add_signed(after)
    }

    /// The key's ending at `now`, if it is announced: rotated out (from the
    /// rotation to the end of its grace), close to its expiry (from
    /// `expiry_notice` before it), or past its maximum age when that stops
    /// it (from its maximum age). The earliest end is the sunset. `None` for
    /// a key with no end in sight.
    pub fn ending(&self, lifetime: &KeyLifetime, now: DateTime<Utc>) -> Option<Ending> {
        let notice = lifetime.expiry_notice;
        let expiry = self
            .expires_at
            .filter(|_| notice > TimeDelta::zero())
            .and_then(|e| Some((e.checked_sub_signed(notice)?, e)));
        let aged = self.forced_end(lifetime).and_then(|end| {
            let reached = self.rotate_by(lifetime.max_age)?;
            Some((reached.min(end.checked_sub_signed(notice)?), end))
        });
        if let Some(stops) = self.revoked_at.filter(|t| *t > now) {
            let sunset = [self.expires_at, aged.map(|a| a.1)]
                .into_iter()
                .flatten()
                .fold(stops, DateTime::min);
            // Keys rotated before `rotated_at` was recorded: the end of
            // the grace, which is at least stable from request to request.
            let since = self.rotated_at.unwrap_or(sunset).min(sunset);
            return Some(Ending {
                kind: KeyNoticeKind::Rotating,
                deprecated_since: since,
                sunset,
            });
        }
        [expiry, aged]
            .into_iter()
            .flatten()
            .filter(|(since, end)| *since <= now && *end > now)
            .min_by_key(|(_, end)| *end)
            .map(|(since, end)| Ending {
                kind: KeyNoticeKind::Expiring,
                deprecated_since: since,
                sunset: end,
            })
    }

    /// The notice to its bound apps of an ending at `at`.
    pub fn notice(&self, ending: Ending, docs_url: Option<&str>, at: DateTime<Utc>) -> KeyNotice {
        KeyNotice {
            kind: ending.kind,
            key_id: self.id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            source_apps: self.source_apps.clone(),
            deprecated_since: ending.deprecated_since,
            sunset: ending.sunset,
            docs_url: docs_url.map(str::to_owned),
            at,
        }
    }
}
