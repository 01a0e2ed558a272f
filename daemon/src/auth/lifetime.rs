//! When a key stops on its own for its age: with
//! `MODD_KEY_EXPIRE_AFTER_MAX_AGE`, at its maximum age (its own, else
//! `MODD_KEY_MAX_AGE`) plus that warning period. One rule for the verifier,
//! which refuses the key from then on, and the notice headers, which
//! announce it during the warning period.

use chrono::{DateTime, Utc};

use crate::settings::KeySettings;
use crate::store::KeyRecord;

/// When `key` is refused for its age; `None` when it never is.
pub fn forced_end(key: &KeyRecord, settings: &KeySettings) -> Option<DateTime<Utc>> {
    key.forced_end(&settings.lifetime())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn key(created_at: DateTime<Utc>, max_age_secs: Option<i64>) -> KeyRecord {
        KeyRecord {
            max_age_secs,
            ..modd_testkit::key_record(1, created_at)
        }
    }

    #[test]
    fn only_a_maximum_with_a_warning_period_ends_a_key() {
        let t0 = Utc::now();
        let mut s = KeySettings {
            max_age: Some(TimeDelta::days(90)),
            ..KeySettings::default()
        };
        assert_eq!(
            forced_end(&key(t0, None), &s),
            None,
            "reported, never stopped"
        );
        s.expire_after_max_age = Some(TimeDelta::days(14));
        assert_eq!(
            forced_end(&key(t0, None), &s),
            Some(t0 + TimeDelta::days(104))
        );
        assert_eq!(
            forced_end(&key(t0, Some(86_400)), &s),
            Some(t0 + TimeDelta::days(15)),
            "the key's own maximum wins"
        );
        s.max_age = None;
        assert_eq!(forced_end(&key(t0, None), &s), None, "no maximum at all");
    }
}
