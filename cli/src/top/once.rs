//! `modctl top --once`: one snapshot for scripts (`--json`: the endpoint's
//! answer as is), or for people the dashboard drawn once as plain text,
//! from two snapshots `--interval` apart so the rates are real (both
//! recorded with `--record`). `--replay FILE --once` prints a recording's
//! last screen the same way.

use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

use super::record::{Recorded, Recorder};
use super::state::State;
use super::view;
use crate::client::Client;
use crate::error::CliError;
use crate::output::print_json;

/// Size of the text when stdout is not a terminal.
const DEFAULT_SIZE: (u16, u16) = (100, 30);

fn failed(e: crate::client::ClientError) -> CliError {
    let hint = match e.status().map(|s| s.as_u16()) {
        Some(401) => " (set MODCTL_ADMIN_KEY to an admin or viewer key)",
        Some(403) => " (top needs an admin or viewer key)",
        _ => "",
    };
    CliError::failure(anyhow::anyhow!("{e}{hint}"))
}

pub async fn run(
    client: &Client,
    replica: Option<&str>,
    interval: Duration,
    json: bool,
    mut record: Option<&mut Recorder>,
) -> Result<(), CliError> {
    let first = client.stats(replica).await.map_err(failed)?;
    let at = Utc::now();
    if let Some(r) = record.as_deref_mut() {
        r.write(at, &first)?;
    }
    if json {
        return print_json(&first);
    }
    let mut state = State::new(replica.map(str::to_owned));
    state.snapshot = true;
    state.ingest(first, at);
    tokio::time::sleep(interval).await;
    let second = client.stats(replica).await.map_err(failed)?;
    let at = Utc::now();
    if let Some(r) = record {
        r.write(at, &second)?;
    }
    state.ingest(second, at);
    print_screen(&state);
    Ok(())
}

/// `--replay FILE --once`: the screen after the last snapshot (with
/// `--json`: that snapshot as the endpoint gave it).
pub fn replayed(snapshots: &[Recorded], json: bool) -> Result<(), CliError> {
    if json {
        return match snapshots.last() {
            Some(last) => print_json(&last.stats),
            None => Ok(()),
        };
    }
    let mut state = State::new(None);
    state.snapshot = true;
    for rec in snapshots {
        state.ingest(rec.stats.clone(), rec.at);
    }
    print_screen(&state);
    Ok(())
}

fn print_screen(state: &State) {
    use std::io::IsTerminal;
    let (w, h) = std::io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten()
        .filter(|(w, h)| *w >= 40 && *h >= 12)
        .unwrap_or(DEFAULT_SIZE);
    print!("{}", draw(state, w, h));
}

/// The dashboard as text, one line per row, trailing spaces trimmed.
pub fn draw(state: &State, w: u16, h: u16) -> String {
    // The in-memory backend cannot fail.
    let Ok(mut t) = Terminal::new(TestBackend::new(w, h));
    if t.draw(|f| view::render(f, state)).is_err() {
        return String::new();
    }
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
