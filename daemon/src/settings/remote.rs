//! Settings of the optional remote providers (OpenAI-compatible moderation,
//! generic HTTP) and of the cascade that decides when to call them. Parsed
//! here so `settings/mod.rs` only gains one field.

use modd_common::Category;
use std::time::Duration;

use super::{RawValues, SecretKey, SettingsError, invalid, number};

/// An OpenAI-compatible `/moderations` endpoint.
#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    /// e.g. `https://api.openai.com/v1`; `/moderations` is appended.
    pub base_url: url::Url,
    pub api_key: Option<SecretKey>,
    pub model: String,
    /// Taxonomy categories to take from it; empty = every category it returns.
    pub categories: Vec<Category>,
}

/// An in-house model: `POST {"text"}` → `{"categories":{name:score}}`.
#[derive(Debug, Clone)]
pub struct HttpProviderSettings {
    pub url: url::Url,
    pub api_key: Option<SecretKey>,
    /// The categories it returns (required: the cascade must know what it covers).
    pub categories: Vec<Category>,
}

/// Resilience and cascade settings shared by every provider.
#[derive(Debug, Clone)]
pub struct RemoteSettings {
    pub openai: Option<OpenAiSettings>,
    pub http: Option<HttpProviderSettings>,
    /// Per attempt.
    pub timeout: Duration,
    /// Attempts after the first one.
    pub retries: u32,
    pub backoff_base: Duration,
    /// Longest wait between attempts, including a server's `Retry-After`.
    pub backoff_max: Duration,
    pub concurrency: usize,
    pub breaker_failures: u32,
    pub breaker_cooldown: Duration,
    /// Local scores in `[low, high)` are re-checked remotely.
    pub uncertain_band: Option<(f64, f64)>,
}

impl RemoteSettings {
    pub fn from_raw(raw: &RawValues) -> Result<Self, SettingsError> {
        let get = |name: &str| raw.get(name).map(|s| s.trim()).unwrap_or("");
        let secret = |name: &str| {
            Some(get(name))
                .filter(|v| !v.is_empty())
                .map(SecretKey::new)
        };
        let openai = match get("MODD_OPENAI_BASE_URL") {
            "" => None,
            base => Some(OpenAiSettings {
                base_url: http_url("MODD_OPENAI_BASE_URL", base)?,
                api_key: secret("MODD_OPENAI_API_KEY"),
                model: get("MODD_OPENAI_MODEL").to_owned(),
                categories: categories("MODD_OPENAI_CATEGORIES", get("MODD_OPENAI_CATEGORIES"))?,
            }),
        };
        let http = match get("MODD_HTTP_PROVIDER_URL") {
            "" => None,
            u => {
                let categories = categories(
                    "MODD_HTTP_PROVIDER_CATEGORIES",
                    get("MODD_HTTP_PROVIDER_CATEGORIES"),
                )?;
                if categories.is_empty() {
                    return Err(invalid(
                        "MODD_HTTP_PROVIDER_CATEGORIES",
                        "required with MODD_HTTP_PROVIDER_URL: the categories the model returns",
                    ));
                }
                Some(HttpProviderSettings {
                    url: http_url("MODD_HTTP_PROVIDER_URL", u)?,
                    api_key: secret("MODD_HTTP_PROVIDER_API_KEY"),
                    categories,
                })
            }
        };
        let ms =
            |name: &str, min: u64, max: u64| number(raw, name, min, max).map(Duration::from_millis);
        let backoff_base = ms("MODD_REMOTE_BACKOFF_MS", 1, 60_000)?;
        let backoff_max = ms("MODD_REMOTE_MAX_BACKOFF_MS", 1, 600_000)?;
        if backoff_max < backoff_base {
            return Err(invalid(
                "MODD_REMOTE_MAX_BACKOFF_MS",
                "must be at least MODD_REMOTE_BACKOFF_MS",
            ));
        }
        Ok(Self {
            openai,
            http,
            timeout: ms("MODD_REMOTE_TIMEOUT_MS", 1, 600_000)?,
            retries: number(raw, "MODD_REMOTE_RETRIES", 0, 10)?,
            backoff_base,
            backoff_max,
            concurrency: number(raw, "MODD_REMOTE_CONCURRENCY", 1, 10_000)?,
            breaker_failures: number(raw, "MODD_REMOTE_BREAKER_FAILURES", 1, 1000)?,
            breaker_cooldown: Duration::from_secs(number(
                raw,
                "MODD_REMOTE_BREAKER_COOLDOWN_SECS",
                1,
                3600,
            )?),
            uncertain_band: band(get("MODD_REMOTE_UNCERTAIN_BAND"))?,
        })
    }

    /// `(name, value)` pairs for `modd config check`; keys only say whether they are set.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let set = |k: &Option<SecretKey>| {
            if k.is_some() {
                "(redacted, set)"
            } else {
                "(unset)"
            }
            .to_owned()
        };
        let mut out = vec![];
        match &self.openai {
            Some(o) => out.extend([
                ("MODD_OPENAI_BASE_URL", o.base_url.to_string()),
                ("MODD_OPENAI_API_KEY", set(&o.api_key)),
                ("MODD_OPENAI_MODEL", o.model.clone()),
                ("MODD_OPENAI_CATEGORIES", join(&o.categories)),
            ]),
            None => out.push(("MODD_OPENAI_BASE_URL", "(unset: no OpenAI provider)".into())),
        }
        match &self.http {
            Some(h) => out.extend([
                ("MODD_HTTP_PROVIDER_URL", h.url.to_string()),
                ("MODD_HTTP_PROVIDER_API_KEY", set(&h.api_key)),
                ("MODD_HTTP_PROVIDER_CATEGORIES", join(&h.categories)),
            ]),
            None => out.push(("MODD_HTTP_PROVIDER_URL", "(unset: no HTTP provider)".into())),
        }
        out.extend([
            (
                "MODD_REMOTE_TIMEOUT_MS",
                self.timeout.as_millis().to_string(),
            ),
            ("MODD_REMOTE_RETRIES", self.retries.to_string()),
            (
                "MODD_REMOTE_BACKOFF_MS",
                self.backoff_base.as_millis().to_string(),
            ),
            (
                "MODD_REMOTE_MAX_BACKOFF_MS",
                self.backoff_max.as_millis().to_string(),
            ),
            ("MODD_REMOTE_CONCURRENCY", self.concurrency.to_string()),
            (
                "MODD_REMOTE_BREAKER_FAILURES",
                self.breaker_failures.to_string(),
            ),
            (
                "MODD_REMOTE_BREAKER_COOLDOWN_SECS",
                self.breaker_cooldown.as_secs().to_string(),
            ),
            (
                "MODD_REMOTE_UNCERTAIN_BAND",
                self.uncertain_band
                    .map_or("(off)".into(), |(lo, hi)| format!("{lo},{hi}")),
            ),
        ]);
        out
    }
}

/// A comma-separated list of taxonomy names; an unknown name is an error.
fn categories(name: &str, text: &str) -> Result<Vec<Category>, SettingsError> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|c| {
            c.parse::<Category>().map_err(|_| {
                invalid(
                    name,
                    format!("{c:?} is not a category (e.g. violence, self_harm_intent)"),
                )
            })
        })
        .collect()
}

fn join(c: &[Category]) -> String {
    c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
}

/// Only http(s), and no credentials in the URL (they would show in `config check`).
fn http_url(name: &str, text: &str) -> Result<url::Url, SettingsError> {
    let u = url::Url::parse(text).map_err(|e| invalid(name, format!("not a URL: {e}")))?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() {
        return Err(invalid(name, "expected an http:// or https:// URL"));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(invalid(
            name,
            "put credentials in the API key setting, not in the URL",
        ));
    }
    Ok(u)
}

/// `LOW,HIGH` with `0 <= LOW < HIGH <= 1`, or empty for off.
fn band(text: &str) -> Result<Option<(f64, f64)>, SettingsError> {
    const NAME: &str = "MODD_REMOTE_UNCERTAIN_BAND";
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            invalid(
                NAME,
                format!("expected LOW,HIGH such as 0.4,0.85, got {text:?}"),
            )
        })?;
    match parts[..] {
        [lo, hi] if (0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi) && lo < hi => {
            Ok(Some((lo, hi)))
        }
        _ => Err(invalid(NAME, "expected LOW,HIGH with 0 <= LOW < HIGH <= 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::defaults;
    use super::*;

    fn parse(pairs: &[(&'static str, &str)]) -> Result<RemoteSettings, SettingsError> {
        let mut r = defaults();
        for (k, v) in pairs {
            r.insert(k, (*v).to_owned());
        }
        RemoteSettings::from_raw(&r)
    }

    #[test]
    fn defaults_configure_no_provider() {
        let s = parse(&[]).unwrap();
        assert!(s.openai.is_none() && s.http.is_none() && s.uncertain_band.is_none());
        assert_eq!(s.timeout, Duration::from_millis(2000));
        assert_eq!(s.retries, 2);
    }

    #[test]
    fn providers_parse_and_keys_stay_secret() {
        let s = parse(&[
            ("MODD_OPENAI_BASE_URL", "http://127.0.0.1:9/v1"),
            ("MODD_OPENAI_API_KEY", "sk-very-secret"),
            ("MODD_HTTP_PROVIDER_URL", "https://ml.internal/score"),
            ("MODD_HTTP_PROVIDER_API_KEY", "inhouse-secret"),
            ("MODD_HTTP_PROVIDER_CATEGORIES", "sexual, violence"),
            ("MODD_REMOTE_UNCERTAIN_BAND", "0.4,0.85"),
        ])
        .unwrap();
        assert_eq!(s.openai.as_ref().unwrap().model, "omni-moderation-latest");
        assert_eq!(
            s.http.as_ref().unwrap().categories,
            [Category::Sexual, Category::Violence]
        );
        assert_eq!(s.uncertain_band, Some((0.4, 0.85)));
        let shown = format!("{s:?} {:?}", s.describe());
        assert!(!shown.contains("sk-very-secret") && !shown.contains("inhouse-secret"));
    }

    #[test]
    fn bad_values_name_the_setting() {
        for (pairs, name) in [
            (
                vec![("MODD_OPENAI_BASE_URL", "ftp://x")],
                "MODD_OPENAI_BASE_URL",
            ),
            (
                vec![("MODD_OPENAI_BASE_URL", "https://u:p@x/v1")],
                "MODD_OPENAI_BASE_URL",
            ),
            (
                vec![("MODD_HTTP_PROVIDER_URL", "http://x/")],
                "MODD_HTTP_PROVIDER_CATEGORIES",
            ),
            (
                vec![("MODD_REMOTE_UNCERTAIN_BAND", "0.9,0.1")],
                "MODD_REMOTE_UNCERTAIN_BAND",
            ),
            (
                vec![("MODD_REMOTE_UNCERTAIN_BAND", "x")],
                "MODD_REMOTE_UNCERTAIN_BAND",
            ),
            (
                vec![("MODD_REMOTE_TIMEOUT_MS", "0")],
                "MODD_REMOTE_TIMEOUT_MS",
            ),
            (
                vec![
                    ("MODD_REMOTE_BACKOFF_MS", "500"),
                    ("MODD_REMOTE_MAX_BACKOFF_MS", "100"),
                ],
                "MODD_REMOTE_MAX_BACKOFF_MS",
            ),
        ] {
            assert_eq!(parse(&pairs).unwrap_err().name, name, "{pairs:?}");
        }
    }
}
