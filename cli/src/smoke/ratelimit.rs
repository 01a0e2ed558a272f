//! `modctl smoke ratelimit`: the seed's "36 quick requests" smoke test done
//! right. Sends the requests to `GET /api/v1/whoami` (no side effects), shows
//! a progress bar, prints a table of status codes, and passes only when
//! exactly the key's limit passed and every other request got a 429 with
//! `Retry-After`.

use crate::args::GlobalOpts;
use crate::client::{Client, Probe};
use crate::error::CliError;
use crate::output::{self, print_json};
use crate::secret::Secret;
use clap::{ArgGroup, Args};
use indicatif::{ProgressBar, ProgressStyle};
use reqwest::Method;
use serde::Serialize;
use std::collections::BTreeMap;

/// `modctl smoke ratelimit`
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["key", "create_temp_key"])))]
pub struct RateLimitArgs {
    /// Use this client key. It must not have been used in the last minute, or
    /// part of its quota is already spent. Prefer MODCTL_SMOKE_KEY.
    #[arg(
        long,
        env = "MODCTL_SMOKE_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub key: Option<Secret>,

    /// Create a temporary client key through the admin API (needs an admin
    /// key) and revoke it afterwards.
    #[arg(long)]
    pub create_temp_key: bool,

    /// How many requests to send; must exceed the limit.
    #[arg(long, default_value_t = 35, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub requests: u32,
}

/// What the run saw.
#[derive(Debug, Serialize)]
pub struct Report {
    pub requests: u32,
    /// The burst the server announced (`X-RateLimit-Limit`).
    pub limit: Option<u32>,
    pub passed: u32,
    pub limited: u32,
    /// 429s without a usable `Retry-After`.
    pub limited_without_retry_after: u32,
    /// Count per status code.
    pub statuses: BTreeMap<u16, u32>,
    pub ok: bool,
    /// Why it failed, for people.
    pub problems: Vec<String>,
}

impl RateLimitArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let mut temp = None;
        let (key, admin) = match (self.key.as_ref(), self.create_temp_key) {
            (Some(key), _) => (key.expose().to_owned(), None),
            (None, _) => {
                let admin = super::admin_client(global, "--create-temp-key")?;
                let created = super::temp_key(&admin, "smoke-ratelimit", "1h").await?;
                temp = Some(created.info.id);
                (created.key, Some(admin))
            }
        };
        let client = Client::new(&global.url, Some(key))
            .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?;
        let outcome = send(&client, self.requests, !global.json).await;
        // Clean up before judging, whatever happened.
        let cleaned = match (&admin, temp) {
            (Some(admin), Some(id)) => super::cleanup(admin, &[id]).await,
            _ => Ok(()),
        };
        let report = judge(self.requests, &outcome?);
        if global.json {
            print_json(&report)?;
        } else {
            print_table(&report);
        }
        cleaned?;
        if report.ok {
            Ok(())
        } else {
            Err(CliError::failure(anyhow::anyhow!(
                "rate limit smoke test failed: {}",
                report.problems.join("; ")
            )))
        }
    }
}

async fn send(client: &Client, n: u32, progress: bool) -> Result<Vec<Probe>, CliError> {
    let bar = if progress {
        ProgressBar::new(u64::from(n))
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} requests {msg}") {
        bar.set_style(style);
    }
    let mut probes = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let probe = client
            .probe(Method::GET, &["api", "v1", "whoami"])
            .await
            .map_err(CliError::failure)?;
        bar.set_message(probe.status.to_string());
        bar.inc(1);
        probes.push(probe);
    }
    bar.finish_and_clear();
    Ok(probes)
}

/// The verdict on a run, pure so it can be tested without a daemon.
pub fn judge(requests: u32, probes: &[Probe]) -> Report {
    let mut statuses = BTreeMap::new();
    for p in probes {
        *statuses.entry(p.status.as_u16()).or_insert(0) += 1;
    }
    let limit = probes
        .first()
        .and_then(|p| p.header_u64("x-ratelimit-limit"))
        .and_then(|l| u32::try_from(l).ok());
    let passed = statuses.get(&200).copied().unwrap_or(0);
    let limited = statuses.get(&429).copied().unwrap_or(0);
    let limited_without_retry_after = probes
        .iter()
        .filter(|p| p.status == 429 && p.header_u64("retry-after").is_none_or(|s| s == 0))
        .count() as u32;
    let mut problems = Vec::new();
    let others: u32 = statuses
        .iter()
        .filter(|(s, _)| !matches!(s, 200 | 429))
        .map(|(_, n)| n)
        .sum();
    if others > 0 {
        problems.push(format!("{others} answer(s) were neither 200 nor 429"));
    }
    match limit {
        None => problems.push("the first answer had no X-RateLimit-Limit header".into()),
        Some(l) if requests <= l => problems.push(format!(
            "{requests} requests cannot exceed the limit of {l}: use --requests {}",
            l + 5
        )),
        Some(l) if passed != l => {
            let mut p = format!("{passed} passed, expected exactly {l}");
            if passed < l {
                p.push_str(" (was the key used in the last minute? try --create-temp-key)");
            }
            problems.push(p);
        }
        Some(_) => {}
    }
    if limited_without_retry_after > 0 {
        problems.push(format!(
            "{limited_without_retry_after} 429(s) without a Retry-After"
        ));
    }
    // Once refused, nothing may pass again within the burst's window.
    if let Some(first_429) = probes.iter().position(|p| p.status == 429)
        && probes[first_429..].iter().any(|p| p.status == 200)
    {
        problems.push("a request passed after a 429".into());
    }
    Report {
        requests,
        limit,
        passed,
        limited,
        limited_without_retry_after,
        statuses,
        ok: problems.is_empty(),
        problems,
    }
}

fn print_table(r: &Report) {
    let mut t = output::table(["status", "count"]);
    for (status, n) in &r.statuses {
        t.add_row([status.to_string(), n.to_string()]);
    }
    println!("{t}");
    let limit = r.limit.map_or("unknown".to_owned(), |l| l.to_string());
    println!(
        "{} requests, limit {limit}: {} passed, {} limited",
        r.requests, r.passed, r.limited
    );
    if r.ok {
        println!("OK: exactly the limit passed; every other request got 429 with Retry-After.");
    } else {
        for p in &r.problems {
            println!("FAIL: {p}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn probe(status: u16, limit: u32, retry: Option<&str>) -> Probe {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
        if let Some(r) = retry {
            headers.insert("retry-after", HeaderValue::from_str(r).unwrap());
        }
        Probe {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            error: None,
        }
    }

    #[test]
    fn exactly_the_limit_then_429s_passes() {
        let mut probes: Vec<Probe> = (0..30).map(|_| probe(200, 30, None)).collect();
        probes.extend((0..5).map(|_| probe(429, 30, Some("2"))));
        let r = judge(35, &probes);
        assert!(r.ok, "{:?}", r.problems);
        assert_eq!((r.passed, r.limited, r.limit), (30, 5, Some(30)));
    }

    #[test]
    fn every_deviation_fails() {
        let ok = |n| (0..n).map(|_| probe(200, 30, None)).collect::<Vec<_>>();
        let limited = |n, retry| (0..n).map(|_| probe(429, 30, retry)).collect::<Vec<_>>();
        // Too many passed.
        let mut p = ok(31);
        p.extend(limited(4, Some("2")));
        assert!(!judge(35, &p).ok);
        // A 429 without Retry-After.
        let mut p = ok(30);
        p.extend(limited(5, None));
        assert!(!judge(35, &p).ok);
        // Not more requests than the limit.
        assert!(!judge(30, &ok(30)).ok);
        // A 500 among them.
        let mut p = ok(30);
        p.extend(limited(4, Some("2")));
        p.push(probe(500, 30, None));
        assert!(!judge(35, &p).ok);
        // A pass after a refusal.
        let mut p = ok(29);
        p.extend(limited(1, Some("2")));
        p.extend(ok(1));
        p.extend(limited(4, Some("2")));
        assert!(!judge(35, &p).ok);
    }
}
