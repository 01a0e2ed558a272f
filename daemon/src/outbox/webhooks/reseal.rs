//! What resealing a page of apps under the current `SECRET_KEY` changes:
//! each sealed secret not yet under the current key is opened (with any
//! configured key) and sealed again. A previous secret whose rotation grace
//! is over never signs again, so it is dropped rather than resealed.
//! Writing the result is the store's (`Store::reseal_app_secrets`).

use chrono::{DateTime, Utc};

use super::SecretBox;
use crate::store::{AppRecord, Reseal};

/// The changes of one page.
#[derive(Debug, Default, PartialEq)]
pub struct Plan {
    pub reseals: Vec<Reseal>,
    /// Apps with nothing to change.
    pub current: u64,
    /// Apps with a secret no configured key opens (left as it is).
    pub undecryptable: Vec<String>,
}

/// `sealed` under the current key, or unchanged when no key opens it.
fn resealed(secrets: &SecretBox, app: &str, sealed: &str) -> Result<String, String> {
    match secrets.reseal(app, sealed) {
        Ok(Some(new)) => Ok(new),
        Ok(None) => Ok(sealed.to_owned()),
        Err(_) => Err(sealed.to_owned()),
    }
}

pub fn plan(secrets: &SecretBox, apps: &[AppRecord], now: DateTime<Utc>) -> Plan {
    let mut out = Plan::default();
    for app in apps {
        let name = &app.source_app;
        let mut opens = true;
        let mut step = |sealed: &Option<String>| {
            sealed.as_deref().map(|s| {
                resealed(secrets, name, s).unwrap_or_else(|kept| {
                    opens = false;
                    kept
                })
            })
        };
        let current = step(&app.webhook_secret);
        let in_grace = app.previous_until.is_some_and(|until| until > now);
        let previous = if in_grace {
            step(&app.previous_secret)
        } else {
            None
        };
        if !opens {
            out.undecryptable.push(name.clone());
        }
        if current == app.webhook_secret && previous == app.previous_secret {
            if opens {
                out.current += 1;
            }
            continue;
        }
        out.reseals.push(Reseal {
            source_app: name.clone(),
            seen_current: app.webhook_secret.clone(),
            seen_previous: app.previous_secret.clone(),
            current,
            previous,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use modd_common::StorageMode;

    const OLD: &str = "old-key-ooooooooooooooooooooooooooooooooo";
    const NEW: &str = "new-key-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn";

    fn app(name: &str, current: Option<String>, previous: Option<String>, grace: i64) -> AppRecord {
        let now = Utc::now();
        AppRecord {
            source_app: name.into(),
            webhook_url: Some("https://hooks.example/x".into()),
            webhook_secret: current,
            previous_secret: previous,
            previous_until: Some(now + TimeDelta::hours(grace)),
            retention_days: None,
            storage_mode: StorageMode::default(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn reseals_what_the_old_key_sealed_and_leaves_the_rest() {
        let old = SecretBox::from_secret_key(OLD);
        let keys = SecretBox::from_keys(NEW, &[OLD]);
        let stranger = SecretBox::from_secret_key("s".repeat(40).as_str());
        let seal = |b: &SecretBox, app: &str, s: &str| Some(b.seal(app, s).unwrap());
        let apps = [
            app(
                "a",
                seal(&old, "a", "whsec_a"),
                seal(&old, "a", "whsec_a0"),
                1,
            ),
            app("b", seal(&keys, "b", "whsec_b"), None, 1),
            app("c", seal(&stranger, "c", "whsec_c"), None, 1),
            // Grace over: the previous secret is dropped, not resealed.
            app(
                "d",
                seal(&keys, "d", "whsec_d"),
                seal(&old, "d", "whsec_d0"),
                -1,
            ),
        ];
        let plan = plan(&keys, &apps, Utc::now());
        assert_eq!(plan.current, 1, "only b");
        assert_eq!(plan.undecryptable, ["c"]);
        let names: Vec<&str> = plan.reseals.iter().map(|r| r.source_app.as_str()).collect();
        assert_eq!(names, ["a", "d"]);
        let a = &plan.reseals[0];
        assert_eq!(a.seen_current, apps[0].webhook_secret);
        let fresh = SecretBox::from_secret_key(NEW);
        assert_eq!(
            fresh.open("a", a.current.as_deref().unwrap()).unwrap(),
            "whsec_a"
        );
        assert_eq!(
            fresh.open("a", a.previous.as_deref().unwrap()).unwrap(),
            "whsec_a0"
        );
        let d = &plan.reseals[1];
        assert_eq!(
            (d.current.as_ref(), d.previous.as_ref()),
            (apps[3].webhook_secret.as_ref(), None)
        );
        // Once written, a second plan has nothing to do.
        let after: Vec<AppRecord> = [&apps[0], &apps[3]]
            .iter()
            .zip(&plan.reseals)
            .map(|(a, r)| AppRecord {
                webhook_secret: r.current.clone(),
                previous_secret: r.previous.clone(),
                ..(*a).clone()
            })
            .collect();
        let again = super::plan(&keys, &after, Utc::now());
        assert_eq!((again.reseals.len(), again.current), (0, 2));
    }
}
