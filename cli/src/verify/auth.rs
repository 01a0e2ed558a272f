//! Auth and rate limits: refusals with the right codes (a temporary client
//! key for the 403 case), key hygiene from the key list, and the rate limit
//! of a temporary key (judged by `modctl smoke ratelimit`'s rules).

use chrono::{TimeDelta, Utc};
use modd_common::{ApiKey, KeyEnvironment, KeyInfo, Role};
use reqwest::Method;

use super::ctx::Needs;
use super::{CheckResult, Ctx};
use crate::client::Client;

const WHOAMI: [&str; 3] = ["api", "v1", "whoami"];
const ADMIN_KEYS: [&str; 4] = ["api", "v1", "admin", "keys"];
/// Admin keys unused this long fail `auth.admin-unused`.
const ADMIN_UNUSED_DAYS: i64 = 90;
/// Name words that say a key was made for development, not production.
const DEV_WORDS: [&str; 11] = [
    "dev",
    "development",
    "test",
    "testing",
    "local",
    "localhost",
    "demo",
    "example",
    "sample",
    "tmp",
    "debug",
];
/// The limit given to the rate-limit probe key, and how many requests it gets.
const PROBE_LIMIT: &str = "5/min";
const PROBE_REQUESTS: u32 = 8;

async fn status(client: &Client, path: &[&str]) -> Result<u16, String> {
    client
        .probe(Method::GET, path)
        .await
        .map(|p| p.status.as_u16())
        .map_err(|e| e.to_string())
}

fn expect(id: &str, got: Result<u16, String>, want: u16, fix: &str) -> CheckResult {
    match got {
        Ok(s) if s == want => CheckResult::pass(id, format!("{s}")),
        Ok(s) => CheckResult::fail(id, format!("got {s}, expected {want}"), fix),
        Err(e) => CheckResult::fail(id, e, "check --url"),
    }
}

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let mut out = vec![expect(
        "auth.no-key",
        status(&ctx.anon, &WHOAMI).await,
        401,
        "every API route must require X-API-KEY",
    )];
    let unknown = ApiKey::generate(KeyEnvironment::Test)
        .expose_secret()
        .to_owned();
    out.push(match Client::new(&ctx.url, Some(unknown)) {
        Ok(c) => expect(
            "auth.bad-key",
            status(&c, &WHOAMI).await,
            401,
            "unknown keys must be refused",
        ),
        Err(e) => CheckResult::fail("auth.bad-key", e.to_string(), "check --url"),
    });
    out.push(
        if let Some(skipped) = ctx.gate("auth.client-on-admin", Needs::Writes) {
            skipped
        } else {
            match ctx.temp_key("auth", None).await {
                Ok((client, _)) => expect(
                    "auth.client-on-admin",
                    status(&client, &ADMIN_KEYS).await,
                    403,
                    "admin routes must refuse client keys",
                ),
                Err(e) => CheckResult::fail(
                    "auth.client-on-admin",
                    format!("could not create a temporary key: {e}"),
                    "the admin key needs the admin role",
                ),
            }
        },
    );
    match ctx.admin.list_keys(None).await {
        Ok(keys) => out.extend(hygiene(&keys, ctx.rotation_age)),
        Err(e) => {
            for id in [
                "auth.key-rotation-age",
                "auth.key-max-age",
                "auth.admin-unused",
                "auth.dev-key-names",
            ] {
                out.push(CheckResult::fail(
                    id,
                    format!("listing keys: {e}"),
                    "check the admin key",
                ));
            }
        }
    }
    out
}

/// Key-list checks, pure so they are unit-tested. Only active keys count;
/// verify's own temporary keys are left out.
pub fn hygiene(keys: &[KeyInfo], rotation_age: TimeDelta) -> Vec<CheckResult> {
    let now = Utc::now();
    let active: Vec<&KeyInfo> = keys
        .iter()
        .filter(|k| k.revoked_at.is_none_or(|t| t > now) && k.expires_at.is_none_or(|t| t > now))
        .filter(|k| !k.name.starts_with("modctl-verify-"))
        .collect();
    let label = |k: &&KeyInfo| format!("{} (id {})", k.name, k.id);
    let old: Vec<String> = active
        .iter()
        .filter(|k| k.created_at <= now - rotation_age)
        .map(label)
        .collect();
    let days = rotation_age.num_days();
    let rotation = if old.is_empty() {
        CheckResult::pass(
            "auth.key-rotation-age",
            format!("{} active key(s), none older than {days}d", active.len()),
        )
    } else {
        CheckResult::fail(
            "auth.key-rotation-age",
            format!("older than {days}d: {}", old.join(", ")),
            "modctl keys rotate ID --grace 24h",
        )
    };
    let max_age = max_age(&active, now);
    let cutoff = now - TimeDelta::days(ADMIN_UNUSED_DAYS);
    let unused: Vec<String> = active
        .iter()
        .filter(|k| k.role == Role::Admin)
        .filter(|k| k.last_used_at.unwrap_or(k.created_at) <= cutoff)
        .map(label)
        .collect();
    let admin = if unused.is_empty() {
        CheckResult::pass(
            "auth.admin-unused",
            format!("no admin key unused for {ADMIN_UNUSED_DAYS}d"),
        )
    } else {
        CheckResult::fail(
            "auth.admin-unused",
            format!("unused for {ADMIN_UNUSED_DAYS}d: {}", unused.join(", ")),
            "modctl keys revoke ID",
        )
    };
    let dev: Vec<String> = active
        .iter()
        .filter(|k| {
            k.name
                .to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| DEV_WORDS.contains(&w))
        })
        .map(label)
        .collect();
    let names = if dev.is_empty() {
        CheckResult::pass("auth.dev-key-names", "no key named like a development key")
    } else {
        CheckResult::fail(
            "auth.dev-key-names",
            format!("named like development keys: {}", dev.join(", ")),
            "revoke them; create production keys with descriptive names",
        )
    };
    vec![rotation, max_age, admin, names]
}

/// `auth.key-max-age`: the daemon's policy, not verify's flag: each key's
/// `rotate_by` as the daemon computed it (its own maximum, else
/// `MODD_KEY_MAX_AGE`).
fn max_age(active: &[&KeyInfo], now: chrono::DateTime<Utc>) -> CheckResult {
    const ID: &str = "auth.key-max-age";
    let bounded = active.iter().filter(|k| k.rotate_by.is_some()).count();
    let past: Vec<String> = active
        .iter()
        .filter(|k| k.rotate_by.is_some_and(|t| t <= now))
        .map(|k| format!("{} (id {})", k.name, k.id))
        .collect();
    if !past.is_empty() {
        CheckResult::fail(
            ID,
            format!("past their maximum age: {}", past.join(", ")),
            "modctl keys rotate --due --out FILE",
        )
    } else if bounded == 0 {
        CheckResult::pass(ID, "no maximum age set (MODD_KEY_MAX_AGE)")
    } else {
        CheckResult::pass(
            ID,
            format!("{bounded} key(s) with a maximum age, none past it"),
        )
    }
}

/// `ratelimit.exact`: a fresh key limited to 5/min gets exactly 5, then 429s
/// with `Retry-After`.
pub async fn ratelimit(ctx: &Ctx) -> CheckResult {
    const ID: &str = "ratelimit.exact";
    if let Some(skipped) = ctx.gate(ID, Needs::Writes) {
        return skipped;
    }
    let client = match ctx.temp_key("ratelimit", Some(PROBE_LIMIT)).await {
        Ok((client, _)) => client,
        Err(e) => {
            return CheckResult::fail(
                ID,
                format!("could not create a temporary key: {e}"),
                "check the admin key",
            );
        }
    };
    let mut probes = Vec::new();
    for _ in 0..PROBE_REQUESTS {
        match client.probe(Method::GET, &WHOAMI).await {
            Ok(p) => probes.push(p),
            Err(e) => return CheckResult::fail(ID, e.to_string(), "check --url"),
        }
    }
    let r = crate::smoke::judge(PROBE_REQUESTS, &probes);
    if r.ok {
        CheckResult::pass(
            ID,
            format!(
                "limit {PROBE_LIMIT}: {} passed, then {} × 429 with Retry-After",
                r.passed, r.limited
            ),
        )
    } else {
        CheckResult::fail(
            ID,
            r.problems.join("; "),
            "check MODD_RATE_LIMIT* and the limiter backend in /ready",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64, name: &str, role: Role, age_days: i64, used_days_ago: Option<i64>) -> KeyInfo {
        let now = Utc::now();
        KeyInfo {
            id,
            name: name.into(),
            role,
            prefix: "mod_live_x".into(),
            source_apps: vec![],
            rate_limit: None,
            created_by: None,
            created_at: now - TimeDelta::days(age_days),
            expires_at: None,
            last_used_at: used_days_ago.map(|d| now - TimeDelta::days(d)),
            revoked_at: None,
            rotated_from: None,
            person: None,
            max_age_secs: None,
            rotate_by: None,
        }
    }

    #[test]
    fn old_unused_and_dev_named_keys_fail_their_checks() {
        let keys = [
            key(1, "billing-prod", Role::Client, 10, Some(1)),
            key(2, "ops-admin", Role::Admin, 100, Some(1)),
            key(3, "dev-key", Role::Client, 1, None),
            key(4, "devops-admin", Role::Admin, 95, None),
        ];
        let r = hygiene(&keys, TimeDelta::days(90));
        assert_eq!(r[0].status, super::super::Status::Fail);
        assert!(r[0].reason.contains("ops-admin (id 2)") && r[0].reason.contains("id 4"));
        assert_eq!(
            r[1].status,
            super::super::Status::Pass,
            "no maximum age set"
        );
        assert_eq!(r[2].status, super::super::Status::Fail);
        assert!(r[2].reason.contains("id 4") && !r[2].reason.contains("id 2"));
        assert_eq!(r[3].status, super::super::Status::Fail);
        assert!(r[3].reason.contains("dev-key") && !r[3].reason.contains("devops"));
    }

    #[test]
    fn keys_past_the_daemons_maximum_age_fail() {
        let now = Utc::now();
        let mut past = key(1, "billing-prod", Role::Client, 40, Some(1));
        past.rotate_by = Some(now - TimeDelta::days(10));
        let mut within = key(2, "shop-prod", Role::Client, 5, Some(1));
        within.rotate_by = Some(now + TimeDelta::days(25));
        let r = hygiene(&[past.clone(), within.clone()], TimeDelta::days(90));
        assert_eq!(r[1].id, "auth.key-max-age");
        assert_eq!(r[1].status, super::super::Status::Fail);
        assert!(r[1].reason.contains("billing-prod (id 1)") && !r[1].reason.contains("id 2"));
        let r = hygiene(&[within], TimeDelta::days(90));
        assert_eq!(r[1].status, super::super::Status::Pass);
        assert!(r[1].reason.contains("1 key(s)"), "{}", r[1].reason);
    }

    #[test]
    fn a_clean_key_list_passes() {
        let keys = [key(1, "billing-prod", Role::Client, 10, Some(1))];
        let r = hygiene(&keys, TimeDelta::days(90));
        assert!(r.iter().all(|c| c.status == super::super::Status::Pass));
    }
}
