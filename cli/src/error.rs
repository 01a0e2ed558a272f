//! `CliError`: what went wrong, and which exit code scripts see.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the command ran and failed (database down, HTTP error, …) |
//! | 2 | usage or configuration error: fix the command line or environment |
//!
//! Clap itself exits with 2 for malformed arguments, so every "you asked for
//! something impossible" case lands on the same code.

use modd_store::StoreError;

/// Exit code for a failure.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage or configuration error.
pub const EXIT_USAGE: u8 = 2;

/// An error that ends the command, with its exit code.
#[derive(Debug)]
pub struct CliError {
    usage: bool,
    source: anyhow::Error,
}

impl CliError {
    /// The command ran and failed: exit 1.
    pub fn failure(source: impl Into<anyhow::Error>) -> Self {
        Self {
            usage: false,
            source: source.into(),
        }
    }

    /// The command line or configuration is wrong: exit 2.
    pub fn usage(message: impl std::fmt::Display) -> Self {
        Self {
            usage: true,
            source: anyhow::anyhow!("{message}"),
        }
    }

    pub fn exit_code(&self) -> u8 {
        if self.usage { EXIT_USAGE } else { EXIT_FAILURE }
    }

    /// The whole cause chain on one line, for stderr.
    pub fn one_line(&self) -> String {
        format!("{:#}", self.source).replace(['\n', '\r'], " ")
    }

    /// Adds context in front of the message, keeping the exit code.
    pub fn context(self, context: impl std::fmt::Display + Send + Sync + 'static) -> Self {
        Self {
            usage: self.usage,
            source: self.source.context(context),
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.one_line())
    }
}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        Self::failure(e)
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            // A bad DATABASE_URL is the caller's to fix.
            StoreError::Config(_) => Self {
                usage: true,
                source: e.into(),
            },
            other => Self::failure(other),
        }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::failure(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_are_usage_errors() {
        let e: CliError = StoreError::Config("bad scheme".into()).into();
        assert_eq!(e.exit_code(), EXIT_USAGE);
        let e: CliError = StoreError::Unavailable("refused".into()).into();
        assert_eq!(e.exit_code(), EXIT_FAILURE);
    }

    #[test]
    fn one_line_joins_the_chain() {
        let e = CliError::failure(anyhow::anyhow!("inner\nsecond line")).context("outer");
        assert_eq!(e.one_line(), "outer: inner second line");
    }
}
