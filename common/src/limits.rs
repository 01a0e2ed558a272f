//! The text grammars shared by `modd` and `modctl`: rate limits (`30/min`)
//! and durations (`90d`).
//!
//! `modctl` uses them as clap `value_parser`s (a bad value is a usage error
//! naming the flag); the daemon parses `MODD_RATE_LIMIT`, a key's stored
//! `rate_limit` and the admin API's `expires_in`/`grace`/`stale` with the very
//! same code. A rate limit is stored in its canonical form (`N/sec`, `N/min`,
//! `N/hour`), so both sides read one grammar.

use chrono::TimeDelta;
use std::fmt;
use std::str::FromStr;

/// Upper bound on a per-key limit; larger numbers are almost surely typos.
const MAX_RATE: u32 = 1_000_000;
/// Upper bound on `--expires-in`: ten years.
const MAX_EXPIRY_DAYS: i64 = 3650;

/// The period of a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatePeriod {
    Second,
    Minute,
    Hour,
}

impl RatePeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            RatePeriod::Second => "sec",
            RatePeriod::Minute => "min",
            RatePeriod::Hour => "hour",
        }
    }

    pub fn seconds(self) -> u32 {
        match self {
            RatePeriod::Second => 1,
            RatePeriod::Minute => 60,
            RatePeriod::Hour => 3600,
        }
    }
}

/// `N` requests per period, e.g. `30/min`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: u32,
    pub per: RatePeriod,
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.count, self.per.as_str())
    }
}

impl FromStr for RateLimit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, unit) = s
            .trim()
            .split_once('/')
            .ok_or("expected N/sec, N/min or N/hour, e.g. 30/min")?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("{n:?} is not a whole number of requests"))?;
        if count == 0 || count > MAX_RATE {
            return Err(format!("the count must be between 1 and {MAX_RATE}"));
        }
        let per = match unit.trim() {
            "s" | "sec" | "second" => RatePeriod::Second,
            "m" | "min" | "minute" => RatePeriod::Minute,
            "h" | "hour" => RatePeriod::Hour,
            other => return Err(format!("unknown period {other:?}: use sec, min or hour")),
        };
        Ok(Self { count, per })
    }
}

impl RateLimit {
    /// The time between two admitted requests at the sustained rate.
    pub fn emission_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.per.seconds())) / self.count
    }

    /// The period as a `Duration`.
    pub fn period(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.per.seconds()))
    }
}

/// Parses a duration that may be zero (`0`, `0s`), e.g. a rotation grace.
pub fn parse_duration_or_zero(s: &str) -> Result<TimeDelta, String> {
    match s.trim() {
        "0" | "0s" | "0m" | "0h" | "0d" | "0w" => Ok(TimeDelta::zero()),
        other => parse_duration(other),
    }
}

/// Parses a duration such as `30m`, `24h`, `90d` or `2w`.
pub fn parse_duration(s: &str) -> Result<TimeDelta, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit())
        .ok_or("missing unit: use s, m, h, d or w, e.g. 90d")?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n
        .parse()
        .map_err(|_| "expected a number followed by s, m, h, d or w, e.g. 90d".to_owned())?;
    if n == 0 {
        return Err("the duration must be greater than zero".into());
    }
    let secs_per_unit: i64 = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        other => return Err(format!("unknown unit {other:?}: use s, m, h, d or w")),
    };
    let secs = n
        .checked_mul(secs_per_unit)
        .filter(|&s| s <= MAX_EXPIRY_DAYS * 86_400)
        .ok_or(format!("the duration must be at most {MAX_EXPIRY_DAYS}d"))?;
    TimeDelta::try_seconds(secs).ok_or_else(|| "duration out of range".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_parse_to_canonical_form() {
        for (input, canon) in [
            ("30/min", "30/min"),
            ("5/s", "5/sec"),
            ("1000/hour", "1000/hour"),
            (" 2 / minute ", "2/min"),
        ] {
            assert_eq!(input.parse::<RateLimit>().unwrap().to_string(), canon);
        }
        for bad in [
            "30",
            "30/week",
            "0/min",
            "-1/min",
            "x/min",
            "30/",
            "99999999/sec",
        ] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
        let r: RateLimit = "30/min".parse().unwrap();
        assert_eq!(r.emission_interval(), std::time::Duration::from_secs(2));
        assert_eq!(r.period(), std::time::Duration::from_secs(60));
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30m").unwrap(), TimeDelta::minutes(30));
        assert_eq!(parse_duration("24h").unwrap(), TimeDelta::hours(24));
        assert_eq!(parse_duration("90d").unwrap(), TimeDelta::days(90));
        assert_eq!(parse_duration("2w").unwrap(), TimeDelta::days(14));
        assert_eq!(parse_duration_or_zero("0").unwrap(), TimeDelta::zero());
        assert_eq!(parse_duration_or_zero("2h").unwrap(), TimeDelta::hours(2));
        assert!(parse_duration_or_zero("-1h").is_err());
        for bad in [
            "",
            "90",
            "d",
            "0d",
            "-5d",
            "90y",
            "1.5d",
            "99999999999999999999d",
            "4000d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
