//! `modd`: parse arguments, load settings, start logging, run.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use modd::settings::{self, Settings};

/// The moderation daemon: an HTTP API that stores content, workers that
/// classify it and apply each app's policy.
///
/// With no configuration it runs alone on ./data/modd.db (SQLite) with an
/// in-process queue; set DATABASE_URL and REDIS_URL for production.
#[derive(Debug, Parser)]
#[command(name = "modd", version, after_help = settings::help_table())]
struct Args {
    /// TOML file with settings (lower-case keys, e.g. `bind = "0.0.0.0:8000"`);
    /// environment variables override it.
    #[arg(long, global = true, env = "MODD_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and run workers (the default; MODD_WORKERS=0 for the API only).
    Serve,
    /// Run workers only, with /health, /ready and /metrics on MODD_WORKER_BIND,
    /// so API and workers scale apart (set REDIS_URL to share the queue).
    Worker,
    /// Probe a running daemon's /ready (the container HEALTHCHECK): exit 0
    /// when it answers 200, 1 otherwise, with one line saying why.
    Healthcheck {
        /// URL to probe; default: /ready on MODD_BIND (a wildcard address is
        /// asked on loopback). For `modd worker`, point it at MODD_WORKER_BIND.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
    /// Inspect configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate settings and print the effective configuration, secrets redacted.
    Check,
    /// Print a .env.example listing every setting with its default.
    EnvExample,
    /// Print the settings table of docs/src/operating/configuration.md (Markdown).
    #[command(alias = "readme-table")]
    SettingsTable,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // Documentation output needs no valid settings.
    if let Some(Command::Config { command }) = &args.command {
        match command {
            ConfigCommand::EnvExample => return done(&settings::env_example()),
            ConfigCommand::SettingsTable => return done(&settings::markdown_table()),
            ConfigCommand::Check => {}
        }
    }
    // The probe reads only MODD_BIND: it must not fail on, or create,
    // anything the daemon it asks is responsible for.
    if let Some(Command::Healthcheck { url }) = &args.command {
        return healthcheck(url.as_deref(), args.config.as_deref());
    }
    let settings = match Settings::load(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            fail(&format!("modd: invalid setting {e}"));
            return ExitCode::from(2);
        }
    };
    match args.command {
        Some(Command::Config {
            command: ConfigCommand::Check,
        }) => {
            let mut text = String::new();
            for (name, value) in settings.describe() {
                text.push_str(&format!("{name:<28} {value}\n"));
            }
            text.push_str("configuration ok\n");
            out(&text);
            ExitCode::SUCCESS
        }
        Some(Command::Config { .. } | Command::Healthcheck { .. }) => ExitCode::SUCCESS,
        None | Some(Command::Serve) => serve(settings, modd::Mode::Serve),
        Some(Command::Worker) => serve(settings, modd::Mode::Worker),
    }
}

fn serve(settings: Settings, mode: modd::Mode) -> ExitCode {
    // Held to the end: dropping it flushes the last spans.
    let _traces = modd::observe::telemetry::init(&settings);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            fail(&format!("modd: cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let (bind, setting) = match mode {
            modd::Mode::Serve => (settings.bind, "MODD_BIND"),
            modd::Mode::Worker => (settings.worker_bind, "MODD_WORKER_BIND"),
        };
        let daemon = match modd::Daemon::start_mode(settings, mode).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "cannot start");
                fail(&format!("modd: {e}"));
                return ExitCode::from(2);
            }
        };
        // Before the port opens: a SIGTERM from then on must drain.
        let signal = modd::shutdown_signal();
        let listener = match tokio::net::TcpListener::bind(bind).await {
            Ok(l) => l,
            Err(e) => {
                fail(&format!("modd: cannot listen on {bind} ({setting}): {e}"));
                return ExitCode::from(2);
            }
        };
        match daemon.serve(listener, signal).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!(error = %e, "server failed");
                // Also on stderr: a bad TLS certificate is found here, and
                // the operator should not need the log to see which file.
                fail(&format!("modd: {e}"));
                ExitCode::FAILURE
            }
        }
    })
}

fn healthcheck(url: Option<&str>, config: Option<&std::path::Path>) -> ExitCode {
    let url = match url {
        Some(url) => Ok(url.to_owned()),
        None => settings::load_raw(config)
            .map_err(|e| e.to_string())
            .and_then(|raw| {
                let bind = raw.get("MODD_BIND").map(String::as_str).unwrap_or("");
                modd::serve::healthcheck::url_for_bind(bind).map_err(|e| format!("MODD_BIND: {e}"))
            }),
    };
    let url = match url {
        Ok(url) => url,
        Err(e) => {
            fail(&format!("not ready: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            fail(&format!("not ready: cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(modd::serve::healthcheck::probe(&url)) {
        Ok(line) => done(&format!("{line}\n")),
        Err(line) => {
            fail(&line);
            ExitCode::FAILURE
        }
    }
}

/// Command output (this is the one place the daemon writes to stdout).
fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A one-line failure for the operator, before logging is set up.
fn fail(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn done(text: &str) -> ExitCode {
    out(text);
    ExitCode::SUCCESS
}
