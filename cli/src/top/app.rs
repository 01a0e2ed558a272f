//! The live loop: one `tokio::select!` over keys, snapshots, retry results
//! and signals. Snapshots come from their own task (a polled daemon or a
//! replayed recording, see `source`) so a slow daemon never makes the
//! keyboard lag; `p` pauses it.

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc;

use super::input;
use super::source::{Polled, Source};
use super::state::{Effect, Link, State};
use super::term::Screen;
use super::view;
use crate::client::ClientError;
use crate::error::CliError;

/// A failed poll as the header shows it: 429 is "rate limited", an answer
/// refusing the key is "refused", anything else is "disconnected".
pub fn link_of(e: &ClientError) -> Link {
    let since = Utc::now();
    match e.status().map(|s| s.as_u16()) {
        Some(429) => Link::RateLimited { since },
        Some(401 | 403 | 404 | 422) => Link::Refused { why: e.to_string() },
        _ => Link::Disconnected {
            since,
            why: short(e),
        },
    }
}

fn short(e: &ClientError) -> String {
    match e {
        ClientError::Transport { .. } if e.is_timeout() => "timed out".into(),
        ClientError::Transport { .. } => "cannot connect".into(),
        other => other.to_string(),
    }
}

/// Runs until `q`, Ctrl-C, SIGINT or SIGTERM.
pub async fn run(source: Source, mut state: State) -> Result<(), CliError> {
    let mut screen = Screen::enter()
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot use the terminal: {e}")))?;
    let paused = Arc::new(AtomicBool::new(false));
    let (tx, mut snapshots) = mpsc::channel::<Polled>(4);
    let (done_tx, mut retried) = mpsc::channel::<String>(4);
    let client = source.client();
    let poller = source.spawn(paused.clone(), tx, done_tx.clone());
    let mut keys = EventStream::new();
    let mut sigterm = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot watch SIGTERM: {e}")))?;
    let result = loop {
        if let Err(e) = screen.terminal.draw(|f| view::render(f, &state)) {
            break Err(CliError::failure(anyhow::anyhow!("cannot draw: {e}")));
        }
        tokio::select! {
            got = snapshots.recv() => match got {
                Some(Ok((stats, at))) if !state.paused => state.ingest(stats, at),
                Some(Ok(_)) => {}
                Some(Err(e)) => state.failed(link_of(&e), Utc::now()),
                None => break Ok(()),
            },
            msg = retried.recv() => {
                if let Some(m) = msg {
                    state.say(m, Utc::now());
                }
            }
            event = keys.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    let action = input::action(key, state.input_mode());
                    state.message = None;
                    match state.apply(action) {
                        Some(Effect::Quit) => break Ok(()),
                        Some(Effect::Retry(id)) => {
                            let Some(client) = client.clone() else {
                                state.say("a replay changes nothing: retry on the live dashboard".into(), Utc::now());
                                continue;
                            };
                            let done = done_tx.clone();
                            tokio::spawn(async move {
                                let m = match client.dlq_retry(&id).await {
                                    Ok(r) if r.requeued => format!("retried {id}: item {} queued again", r.dead_letter.item_id),
                                    Ok(r) => format!("removed {id}: item {} was no longer in error", r.dead_letter.item_id),
                                    Err(e) => format!("retry of {id} failed: {e}"),
                                };
                                let _ = done.send(m).await;
                            });
                        }
                        None => {}
                    }
                    paused.store(state.paused, Ordering::Relaxed);
                }
                Some(Ok(_)) => {} // resize: the next draw fits the new size
                Some(Err(e)) => break Err(CliError::failure(anyhow::anyhow!("cannot read the keyboard: {e}"))),
                None => break Ok(()),
            },
            _ = tokio::signal::ctrl_c() => break Ok(()),
            _ = sigterm.recv() => break Ok(()),
        }
    };
    poller.abort();
    drop(screen);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ApiError;
    use reqwest::StatusCode;

    fn answered(status: StatusCode) -> ClientError {
        ClientError::Api(ApiError::new(
            "GET /api/v1/admin/stats".into(),
            status,
            br#"{"error":{"code":"x","message":"y"}}"#,
        ))
    }

    #[test]
    fn a_429_is_rate_limited_not_disconnected() {
        assert!(matches!(
            link_of(&answered(StatusCode::TOO_MANY_REQUESTS)),
            Link::RateLimited { .. }
        ));
        assert!(matches!(
            link_of(&answered(StatusCode::UNAUTHORIZED)),
            Link::Refused { .. }
        ));
        assert!(matches!(
            link_of(&answered(StatusCode::SERVICE_UNAVAILABLE)),
            Link::Disconnected { .. }
        ));
    }
}
