//! Logging setup: JSON lines in production, readable text otherwise; to
//! stderr, filtered by `MODD_LOG_LEVEL`. Colours only on a terminal: a pipe,
//! a file or a log collector gets plain text, not escape codes. Traces go
//! to an OTLP collector beside the logs when one is configured
//! ([`super::traces`]), filtered on their own so `MODD_LOG_LEVEL=warn`
//! quiets the log without emptying the traces.

use std::io::IsTerminal;
use tracing_subscriber::filter::{EnvFilter, LevelFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, fmt};

use super::traces::Exporting;
use crate::settings::{LogFormat, Settings};

/// Installs the log (and trace) subscriber; keep the answer until exit, as
/// dropping it flushes the traces.
pub fn init(settings: &Settings) -> Option<Exporting> {
    let filter = EnvFilter::try_new(&settings.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    let base = fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(colours_wanted());
    let log = match settings.log_format {
        LogFormat::Json => base
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_filter(filter)
            .boxed(),
        LogFormat::Pretty => base.compact().with_filter(filter).boxed(),
    };
    let (traces, exporting, failed) = match super::traces::layer() {
        Ok(Some((layer, guard))) => (
            Some(layer.with_filter(LevelFilter::INFO)),
            Some(guard),
            None,
        ),
        Ok(None) => (None, None, None),
        Err(why) => (None, None, Some(why)),
    };
    let _ = tracing_subscriber::registry()
        .with(log)
        .with(traces)
        .try_init();
    if let Some(why) = failed {
        tracing::warn!(error = %why, "traces are not exported");
    }
    exporting
}

/// Whether stderr is a terminal and `NO_COLOR` (no-color.org) is not set.
fn colours_wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
