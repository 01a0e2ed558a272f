//! Values that must never be printed: API keys and database URLs with passwords.
//!
//! `Cli` derives `Debug`; these wrappers keep a stray `{:?}` (in a log line,
//! a panic message, a test failure) from leaking them.

use std::fmt;
use std::str::FromStr;

/// A secret string whose `Debug` and `Display` are redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The real value, for the one place that needs it (an HTTP header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

/// A `DATABASE_URL`. `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with any password replaced by `***`, safe for messages.
    pub fn redacted(&self) -> String {
        match reqwest::Url::parse(&self.0) {
            Ok(mut url) if url.password().is_some() => {
                // set_password only fails for URLs that cannot have one.
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            Ok(_) => self.0.clone(),
            // Unparseable: show only the scheme, the rest may hold anything.
            Err(_) => match self.0.split_once(':') {
                Some((scheme, _)) => format!("{scheme}:…"),
                None => "…".to_owned(),
            },
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl FromStr for DatabaseUrl {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let s = Secret::new("mod_live_abc");
        assert!(!format!("{s:?}").contains("abc"));
    }

    #[test]
    fn database_url_hides_password_only() {
        let u: DatabaseUrl = "postgres://modd:hunter2@db:5432/modd".parse().unwrap();
        assert_eq!(u.redacted(), "postgres://modd:***@db:5432/modd");
        assert!(!format!("{u:?}").contains("hunter2"));
        let s: DatabaseUrl = "sqlite://./data/modd.db".parse().unwrap();
        assert_eq!(s.to_string(), "sqlite://./data/modd.db");
    }
}
