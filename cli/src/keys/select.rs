//! Which keys a bulk `modctl keys rotate` picks: the selectors are ANDed, and
//! only working keys that are not already being rotated out are picked (a
//! second rotation of one key would be refused by the daemon anyway).

use chrono::{DateTime, TimeDelta, Utc};
use modd_common::{KeyInfo, Role};

use crate::keys;

/// The selectors of `keys rotate`; a key must match every one given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Created at least this long ago (the rule of `keys list --stale`).
    pub stale: Option<TimeDelta>,
    /// The key's name matches this pattern (`*` any run, `?` one character).
    pub name: Option<String>,
    /// The key is bound to this source app (unbound keys are not).
    pub app: Option<String>,
    /// Client keys only.
    pub all_client: bool,
    /// Past their maximum age (`rotate_by`, as the daemon computed it).
    pub due: bool,
}

impl Selection {
    /// Whether any selector is given: without one, nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.stale.is_none()
            && self.name.is_none()
            && self.app.is_none()
            && !self.all_client
            && !self.due
    }

    pub fn matches(&self, key: &KeyInfo, now: DateTime<Utc>) -> bool {
        !self.is_empty()
            && keys::status(key, now) == "active"
            && self.stale.is_none_or(|age| keys::is_stale(key, now, age))
            && self.name.as_deref().is_none_or(|p| glob(p, &key.name))
            && self
                .app
                .as_deref()
                .is_none_or(|a| key.source_apps.iter().any(|s| s == a))
            && (!self.all_client || key.role == Role::Client)
            && (!self.due || key.rotate_by.is_some_and(|t| t <= now))
    }

    /// The selected keys in rotation order: the caller's own key (`me`)
    /// last, so that a rotation with no grace cannot cut the run short.
    pub fn pick(&self, all: &[KeyInfo], me: Option<i64>, now: DateTime<Utc>) -> Vec<KeyInfo> {
        let mut picked: Vec<KeyInfo> = all
            .iter()
            .filter(|k| self.matches(k, now))
            .cloned()
            .collect();
        picked.sort_by_key(|k| (Some(k.id) == me, k.id));
        picked
    }
}

/// Shell-style match over whole names: `*` any run of characters, `?` one.
/// Works on chars, so names in any script match as they read.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi).copied() {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64, name: &str, role: Role, apps: &[&str], age_days: i64) -> KeyInfo {
        let now = Utc::now();
        KeyInfo {
            id,
            name: name.into(),
            role,
            prefix: "mod_test_AbCdEfG".into(),
            source_apps: apps.iter().map(|a| (*a).to_owned()).collect(),
            rate_limit: None,
            created_by: None,
            created_at: now - TimeDelta::days(age_days),
            expires_at: None,
            last_used_at: None,
            revoked_at: None,
            rotated_from: None,
            person: None,
            max_age_secs: None,
            rotate_by: None,
        }
    }

    #[test]
    fn globs_match_whole_names_by_char() {
        for (p, t) in [
            ("forum-*", "forum-prod"),
            ("*", ""),
            ("*-prod", "shop-prod"),
            ("f?rum", "forum"),
            ("*é*", "café-bot"),
            ("a*b*c", "aXXbYYc"),
            ("exact", "exact"),
        ] {
            assert!(glob(p, t), "{p} should match {t}");
        }
        for (p, t) in [
            ("forum-*", "shop-forum-prod"),
            ("f?rum", "frum"),
            ("exact", "exactly"),
            ("a*b*c", "aXXbYY"),
            ("", "x"),
        ] {
            assert!(!glob(p, t), "{p} should not match {t}");
        }
    }

    #[test]
    fn selectors_are_anded_and_skip_keys_that_do_not_work() {
        let now = Utc::now();
        let mut rotating = key(5, "forum-old", Role::Client, &["forum"], 200);
        rotating.revoked_at = Some(now + TimeDelta::hours(1));
        let all = vec![
            key(1, "forum-prod", Role::Client, &["forum"], 100),
            key(2, "forum-new", Role::Client, &["forum"], 1),
            key(3, "root", Role::Admin, &[], 100),
            key(4, "shop-prod", Role::Client, &["shop"], 100),
            rotating,
        ];
        let ids = |s: &Selection, me| {
            s.pick(&all, me, now)
                .iter()
                .map(|k| k.id)
                .collect::<Vec<_>>()
        };
        assert!(
            ids(&Selection::default(), None).is_empty(),
            "no selector, no key"
        );
        let stale = Selection {
            stale: Some(TimeDelta::days(90)),
            ..Selection::default()
        };
        assert_eq!(ids(&stale, None), [1, 3, 4]);
        assert_eq!(ids(&stale, Some(3)), [1, 4, 3], "the caller's own key last");
        let stale_clients = Selection {
            all_client: true,
            ..stale.clone()
        };
        assert_eq!(ids(&stale_clients, None), [1, 4]);
        let forum = Selection {
            app: Some("forum".into()),
            ..Selection::default()
        };
        assert_eq!(
            ids(&forum, None),
            [1, 2],
            "unbound and rotating keys left out"
        );
        let named = Selection {
            name: Some("*-prod".into()),
            ..Selection::default()
        };
        assert_eq!(ids(&named, None), [1, 4]);
        let mut due = all.clone();
        due[3].rotate_by = Some(now - TimeDelta::days(1));
        due[1].rotate_by = Some(now + TimeDelta::days(1));
        let past_max = Selection {
            due: true,
            ..Selection::default()
        };
        let picked: Vec<i64> = past_max
            .pick(&due, None, now)
            .iter()
            .map(|k| k.id)
            .collect();
        assert_eq!(picked, [4]);
    }
}
