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

impl KeyLifetime {
    /// The longest a key's ending is announced: `expiry_notice` before an
    /// expiry, or from its maximum age to the end that forces (see
    /// [`KeyRecord::ending`]). A `key.expiring` notice written longer ago
    /// than this is about an end that has passed, so the sweep never writes
    /// it again: retention may delete it without it being sent twice. (A
    /// `key.rotating` notice is written only by its rotation.)
    pub fn longest_notice(&self) -> TimeDelta {
        self.expiry_notice
            .max(self.expire_after_max_age.unwrap_or_default())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::key_record;

    /// Every `key.expiring` ending the sweep can write, over a grid of keys,
    /// settings and times, is announced for no longer than
    /// `longest_notice`: what retention relies on to delete old notices.
    #[test]
    fn no_expiring_notice_outlasts_the_longest_notice() {
        let t0 = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let days = TimeDelta::days;
        let mut seen = 0;
        for notice in [0, 3, 14, 60] {
            for after in [None, Some(1), Some(30), Some(200)] {
                let lifetime = KeyLifetime {
                    max_age: Some(days(90)),
                    expire_after_max_age: after.map(days),
                    expiry_notice: days(notice),
                };
                for expires in [None, Some(10), Some(100), Some(400)] {
                    let key = KeyRecord {
                        expires_at: expires.map(|d| t0 + days(d)),
                        ..key_record(1, t0)
                    };
                    for day in 0..500 {
                        let Some(e) = key.ending(&lifetime, t0 + days(day)) else {
                            continue;
                        };
                        assert_eq!(e.kind, KeyNoticeKind::Expiring);
                        assert!(
                            e.sunset - e.deprecated_since <= lifetime.longest_notice(),
                            "{lifetime:?} {expires:?} day {day}: {e:?}"
                        );
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 1000, "the grid announces endings: {seen}");
    }
}
