//! Apps learn that their key is ending before it breaks: while a key is in
//! a rotation's grace, or within `MODD_KEY_EXPIRY_NOTICE` of its expiry,
//! every answer to it carries `Deprecation` (RFC 9745), `Sunset` (RFC 8594)
//! and, with `MODD_KEY_DOCS_URL`, `Link: <…>; rel="deprecation"`. Client
//! libraries and API gateways already log these headers.
//!
//! Runs inside the rate-limit layer, which has verified the key and put the
//! `Caller` in the request's extensions; requests without a valid key get
//! nothing here.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};

use crate::http::auth::Caller;
use crate::settings::KeySettings;
use crate::state::AppState;
use crate::store::KeyRecord;

/// What an ending key's answers say: since when it is deprecated and when
/// it stops working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub deprecated_since: DateTime<Utc>,
    pub sunset: DateTime<Utc>,
}

impl Notice {
    /// The notice for `key` at `now`, if it is ending: the rule is the
    /// store's [`KeyRecord::ending`], shared with the key-notice webhooks.
    pub fn of(key: &KeyRecord, settings: &KeySettings, now: DateTime<Utc>) -> Option<Self> {
        key.ending(&settings.lifetime(), now).map(|e| Self {
            deprecated_since: e.deprecated_since,
            sunset: e.sunset,
        })
    }

    /// Adds the headers; `docs` is the page the `Link` names, if any.
    pub fn write(&self, headers: &mut HeaderMap, docs: Option<&str>) {
        let deprecation = format!("@{}", self.deprecated_since.timestamp());
        // RFC 8594 wants an HTTP-date (IMF-fixdate, always GMT).
        let sunset = self.sunset.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        for (name, value) in [("deprecation", deprecation), ("sunset", sunset)] {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        }
        // The URL was checked at start (`settings/keys.rs`) to fit a header.
        if let Some(Ok(link)) =
            docs.map(|url| HeaderValue::from_str(&format!("<{url}>; rel=\"deprecation\"")))
        {
            headers.append(header::LINK, link);
        }
    }
}

/// The layer: computes the notice before the handler runs (the key record
/// the request was verified with), writes it on the way out.
pub async fn apply(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let settings: &KeySettings = &state.settings.keys;
    let notice = req
        .extensions()
        .get::<Caller>()
        .and_then(|c| Notice::of(&c.key, settings, Utc::now()));
    let mut response = next.run(req).await;
    if let Some(notice) = notice {
        notice.write(response.headers_mut(), settings.docs_url.as_deref());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn key(now: DateTime<Utc>) -> KeyRecord {
        modd_testkit::key_record(1, now - TimeDelta::days(30))
    }

    fn with_notice(days: i64) -> KeySettings {
        KeySettings {
            expiry_notice: TimeDelta::days(days),
            ..KeySettings::default()
        }
    }

    #[test]
    fn only_ending_keys_get_a_notice() {
        let now = Utc::now();
        let notice = &with_notice(14);
        assert_eq!(Notice::of(&key(now), notice, now), None, "no end in sight");

        let mut rotating = key(now);
        rotating.rotated_at = Some(now - TimeDelta::hours(1));
        rotating.revoked_at = Some(now + TimeDelta::hours(23));
        assert_eq!(
            Notice::of(&rotating, notice, now),
            Some(Notice {
                deprecated_since: now - TimeDelta::hours(1),
                sunset: now + TimeDelta::hours(23),
            })
        );

        let mut expiring = key(now);
        expiring.expires_at = Some(now + TimeDelta::days(3));
        assert_eq!(
            Notice::of(&expiring, notice, now),
            Some(Notice {
                deprecated_since: now - TimeDelta::days(11),
                sunset: now + TimeDelta::days(3),
            })
        );
        assert_eq!(
            Notice::of(&expiring, &with_notice(0), now),
            None,
            "notice off"
        );
        expiring.expires_at = Some(now + TimeDelta::days(20));
        assert_eq!(Notice::of(&expiring, notice, now), None, "not yet");

        // A rotation whose grace outlives the key's expiry ends at the expiry.
        rotating.expires_at = Some(now + TimeDelta::hours(2));
        assert_eq!(
            Notice::of(&rotating, notice, now).map(|n| n.sunset),
            Some(now + TimeDelta::hours(2))
        );
    }

    #[test]
    fn a_key_that_stops_for_its_age_is_announced_from_its_maximum_age() {
        let now = Utc::now();
        let mut aged = key(now); // 30 days old
        let mut s = KeySettings {
            max_age: Some(TimeDelta::days(20)),
            expiry_notice: TimeDelta::days(14),
            ..KeySettings::default()
        };
        assert_eq!(
            Notice::of(&aged, &s, now),
            None,
            "past its maximum: only reported"
        );
        s.expire_after_max_age = Some(TimeDelta::days(30));
        assert_eq!(
            Notice::of(&aged, &s, now),
            Some(Notice {
                deprecated_since: now - TimeDelta::days(10),
                sunset: now + TimeDelta::days(20),
            })
        );
        // An expiry before that end is the Sunset.
        aged.expires_at = Some(now + TimeDelta::days(2));
        assert_eq!(
            Notice::of(&aged, &s, now).map(|n| n.sunset),
            Some(now + TimeDelta::days(2))
        );
    }

    #[test]
    fn headers_follow_the_rfcs() {
        let at = |s| DateTime::from_timestamp(s, 0).unwrap();
        let n = Notice {
            deprecated_since: at(1_700_000_000),
            sunset: at(1_700_086_400),
        };
        let mut h = HeaderMap::new();
        h.insert(
            header::LINK,
            HeaderValue::from_static("</other>; rel=\"next\""),
        );
        n.write(&mut h, Some("https://docs.example.com/keys"));
        assert_eq!(h["deprecation"], "@1700000000");
        assert_eq!(h["sunset"], "Wed, 15 Nov 2023 22:13:20 GMT");
        let links: Vec<_> = h.get_all(header::LINK).iter().collect();
        assert_eq!(links.len(), 2, "an existing Link is kept");
        assert_eq!(
            links[1],
            "<https://docs.example.com/keys>; rel=\"deprecation\""
        );
        let mut bare = HeaderMap::new();
        n.write(&mut bare, None);
        assert!(bare.get(header::LINK).is_none());
    }
}
