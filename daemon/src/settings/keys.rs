//! Settings of API keys' lifecycle: the maximum age operators hold keys to,
//! and how apps are warned before their key stops working.

use chrono::TimeDelta;
use modd_common::limits::{parse_duration, parse_duration_or_zero};

use crate::store::{KeyLifetime, KeyNoticeRules};

use super::{RawValues, SettingsError, invalid};

/// How keys age and how their apps hear about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeySettings {
    /// Keys older than this are due for rotation (`modctl verify`, `top`),
    /// unless a key sets its own; `None`: no maximum.
    pub max_age: Option<TimeDelta>,
    /// With a maximum age: a key this long past it stops working (refused
    /// like an expired key); `None`: keys past it are only reported.
    pub expire_after_max_age: Option<TimeDelta>,
    /// Responses to a key this close to its expiry carry `Deprecation` and
    /// `Sunset` (zero: only during a rotation's grace).
    pub expiry_notice: TimeDelta,
    /// The page that `Link: <…>; rel="deprecation"` names; `None`: no link.
    pub docs_url: Option<String>,
}

impl KeySettings {
    /// The lifetime rule's inputs, for the store's `KeyRecord::ending`.
    pub fn lifetime(&self) -> KeyLifetime {
        KeyLifetime {
            max_age: self.max_age,
            expire_after_max_age: self.expire_after_max_age,
            expiry_notice: self.expiry_notice,
        }
    }

    /// What the store needs to write key-notice events.
    pub fn notice_rules(&self) -> KeyNoticeRules {
        KeyNoticeRules {
            lifetime: self.lifetime(),
            docs_url: self.docs_url.clone(),
        }
    }
}

fn text<'a>(raw: &'a RawValues, name: &str) -> &'a str {
    raw.get(name).map_or("", |v| v.trim())
}

pub(super) fn keys(raw: &RawValues) -> Result<KeySettings, SettingsError> {
    let max_age = match text(raw, "MODD_KEY_MAX_AGE") {
        "" => None,
        v => Some(parse_duration(v).map_err(|e| invalid("MODD_KEY_MAX_AGE", e))?),
    };
    let expire_after_max_age = match text(raw, "MODD_KEY_EXPIRE_AFTER_MAX_AGE") {
        "" => None,
        v => Some(
            parse_duration_or_zero(v).map_err(|e| invalid("MODD_KEY_EXPIRE_AFTER_MAX_AGE", e))?,
        ),
    };
    let expiry_notice = parse_duration_or_zero(text(raw, "MODD_KEY_EXPIRY_NOTICE"))
        .map_err(|e| invalid("MODD_KEY_EXPIRY_NOTICE", e))?;
    let docs_url = match text(raw, "MODD_KEY_DOCS_URL") {
        "" => None,
        v => Some(header_url(v)?),
    };
    Ok(KeySettings {
        max_age,
        expire_after_max_age,
        expiry_notice,
        docs_url,
    })
}

/// An absolute http(s) URL that fits in a `Link` header as is: visible
/// ASCII, no `<`, `>`, `"` or spaces that would break the header's syntax.
fn header_url(v: &str) -> Result<String, SettingsError> {
    let fits = v
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"'));
    if !(v.starts_with("https://") || v.starts_with("http://")) || !fits {
        return Err(invalid(
            "MODD_KEY_DOCS_URL",
            "expected an absolute http(s) URL without spaces, quotes or angle brackets",
        ));
    }
    Ok(v.to_owned())
}

pub(super) fn describe(s: &KeySettings) -> Vec<(&'static str, String)> {
    let days = |d: TimeDelta| format!("{}s", d.num_seconds());
    vec![
        ("MODD_KEY_MAX_AGE", s.max_age.map_or("(none)".into(), days)),
        (
            "MODD_KEY_EXPIRE_AFTER_MAX_AGE",
            s.expire_after_max_age.map_or("(never)".into(), days),
        ),
        ("MODD_KEY_EXPIRY_NOTICE", days(s.expiry_notice)),
        (
            "MODD_KEY_DOCS_URL",
            s.docs_url.clone().unwrap_or_else(|| "(none)".into()),
        ),
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
    fn defaults_warn_two_weeks_ahead_and_set_no_maximum() {
        let s = keys(&raw(&[])).unwrap();
        assert_eq!(s.max_age, None);
        assert_eq!(s.expire_after_max_age, None);
        assert_eq!(s.expiry_notice, TimeDelta::days(14));
        assert_eq!(s.docs_url, None);
        let s = keys(&raw(&[
            ("MODD_KEY_MAX_AGE", "90d"),
            ("MODD_KEY_EXPIRE_AFTER_MAX_AGE", "14d"),
            ("MODD_KEY_EXPIRY_NOTICE", "0"),
            ("MODD_KEY_DOCS_URL", "https://docs.example.com/keys"),
        ]))
        .unwrap();
        assert_eq!(s.max_age, Some(TimeDelta::days(90)));
        assert_eq!(s.expire_after_max_age, Some(TimeDelta::days(14)));
        assert_eq!(s.expiry_notice, TimeDelta::zero());
        assert_eq!(s.docs_url.as_deref(), Some("https://docs.example.com/keys"));
    }

    #[test]
    fn bad_values_name_their_setting() {
        for (name, bad) in [
            ("MODD_KEY_MAX_AGE", "0"),
            ("MODD_KEY_MAX_AGE", "soon"),
            ("MODD_KEY_EXPIRE_AFTER_MAX_AGE", "2"),
            ("MODD_KEY_EXPIRY_NOTICE", "14"),
            ("MODD_KEY_DOCS_URL", "docs.example.com"),
            ("MODD_KEY_DOCS_URL", "https://x/a>; rel=\"next\""),
            ("MODD_KEY_DOCS_URL", "https://x/é"),
        ] {
            let e = keys(&raw(&[(name, bad)])).unwrap_err();
            assert_eq!(e.name, name, "{bad}");
        }
    }
}
