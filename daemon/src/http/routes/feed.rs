//! `GET /api/v1/admin/events`: the live feed of decisions as server-sent
//! events (admin only). Each event is `event: decision` with the decision
//! event JSON (the webhook body's shape) as data; a comment every 15 s
//! keeps proxies from closing an idle stream. A client that falls more than
//! `feed::CAPACITY` events behind gets a final `event: lagged` and is
//! disconnected: publishers never wait for a reader. Streams end when the
//! daemon shuts down.

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{Receiver, error::RecvError};

use crate::http::auth::Reviewer;
use crate::state::AppState;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Server-sent events of every decision (automatic and human) from now on.
#[utoipa::path(get, path = "/api/v1/admin/events", tag = "review", security(("api_key" = [])),
    responses((status = 200, content_type = "text/event-stream",
        description = "`event: decision` with a decision event as JSON data"),
        (status = 401, body = modd_common::ErrorBody), (status = 403, body = modd_common::ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    _reviewer: Reviewer,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    sse(&state)
}

/// The feed as a stream for one subscriber; the console's pages use it too.
pub(crate) fn sse(state: &AppState) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let rx = state.outbox.feed.subscribe();
    metrics::gauge!("modd_feed_subscribers").increment(1.0);
    let stop = state.outbox.shutdown.clone().cancelled_owned();
    Sse::new(stream(rx).take_until(stop))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"))
}

/// Ends after telling a lagging client why.
fn stream(rx: Receiver<Arc<str>>) -> impl Stream<Item = Result<Event, Infallible>> {
    struct Sub(Option<Receiver<Arc<str>>>);
    impl Drop for Sub {
        fn drop(&mut self) {
            metrics::gauge!("modd_feed_subscribers").decrement(1.0);
        }
    }
    futures::stream::unfold(Sub(Some(rx)), |mut sub| async move {
        let rx = sub.0.as_mut()?;
        match rx.recv().await {
            Ok(json) => Some((Ok(Event::default().event("decision").data(&*json)), sub)),
            Err(RecvError::Lagged(missed)) => {
                metrics::counter!("modd_feed_dropped_subscribers_total").increment(1);
                sub.0 = None;
                let note = Event::default()
                    .event("lagged")
                    .data(format!("{{\"missed\":{missed}}}"));
                Some((Ok(note), sub))
            }
            Err(RecvError::Closed) => None,
        }
    })
}
