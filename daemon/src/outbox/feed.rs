//! The live feed of decisions behind `GET /api/v1/admin/events`.
//!
//! In-process it is a tokio broadcast channel: publishing never waits, and
//! a subscriber that falls more than [`CAPACITY`] events behind gets
//! `Lagged` and is dropped by the SSE handler, so a slow dashboard can never
//! hold up a worker. With `REDIS_URL` every event is also published on the
//! Redis channel `<prefix>decisions`, and each replica forwards what other
//! replicas published into its own channel, so a dashboard connected to any
//! replica sees every decision. Redis being down only narrows the feed to
//! this replica's decisions.
//!
//! Every decision, here or on another replica, also wakes this replica's
//! webhook delivery loop ([`Feed::wake`]): a signal, not a subscriber, so
//! the events are serialised only for dashboards and for Redis.

use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, broadcast, mpsc};
use tokio_util::sync::CancellationToken;

use crate::outbox::events::DecisionEvent;
use crate::redis::RedisHandle;

/// Events a subscriber may fall behind before it is dropped.
pub const CAPACITY: usize = 1024;
/// Events waiting for the Redis publisher before new ones are dropped.
const REDIS_BACKLOG: usize = 4096;

/// What crosses Redis: the event and the replica that published it.
#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    origin: String,
    event: DecisionEvent,
}

/// An [`Envelope`]'s text around an event already serialised (`origin` is
/// a UUID's hex digits: nothing to escape).
fn envelope(origin: &str, event_json: &str) -> String {
    format!("{{\"origin\":\"{origin}\",\"event\":{event_json}}}")
}

/// Events sent to Redis in one pipeline, at most.
const PUBLISH_AT_ONCE: usize = 256;

/// The decision feed of this process.
pub struct Feed {
    tx: broadcast::Sender<Arc<str>>,
    origin: String,
    to_redis: Option<mpsc::Sender<String>>,
    /// Notified on every decision, local or from another replica.
    wake: Arc<Notify>,
}

impl Default for Feed {
    fn default() -> Self {
        Self::new()
    }
}

impl Feed {
    /// A feed local to this process.
    pub fn new() -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        Self {
            tx,
            origin: uuid::Uuid::new_v4().simple().to_string(),
            to_redis: None,
            wake: Arc::new(Notify::new()),
        }
    }

    /// A feed shared through Redis; `spawn` the returned task.
    pub fn with_redis(
        redis: Arc<RedisHandle>,
        shutdown: CancellationToken,
    ) -> (Self, Vec<tokio::task::JoinHandle<()>>) {
        let mut feed = Self::new();
        let (to_redis, rx) = mpsc::channel(REDIS_BACKLOG);
        feed.to_redis = Some(to_redis);
        let channel = redis.key("decisions");
        let tasks = vec![
            tokio::spawn(publish_loop(
                redis.clone(),
                channel.clone(),
                rx,
                shutdown.clone(),
            )),
            tokio::spawn(subscribe_loop(
                redis,
                channel,
                feed.origin.clone(),
                (feed.tx.clone(), feed.wake.clone()),
                shutdown,
            )),
        ];
        (feed, tasks)
    }

    /// Sends an event to every subscriber here and, with Redis, everywhere.
    /// The event is serialised once, and only when someone may read it:
    /// every decision passes here (it was a third of a worker's round).
    pub fn publish(&self, event: &DecisionEvent) {
        self.wake.notify_one();
        let local = self.tx.receiver_count() > 0;
        if !local && self.to_redis.is_none() {
            return;
        }
        let json = event.to_json();
        if let Some(to_redis) = &self.to_redis
            && to_redis.try_send(envelope(&self.origin, &json)).is_err()
        {
            metrics::counter!("modd_feed_redis_dropped_total").increment(1);
        }
        if local {
            let _ = self.tx.send(Arc::from(json));
        }
    }

    /// What the webhook delivery loop waits on: a permit is stored when
    /// nobody waits, so a decision made meanwhile is not missed.
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// A new subscriber: it sees events published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.tx.subscribe()
    }
}

async fn publish_loop(
    redis: Arc<RedisHandle>,
    channel: String,
    mut rx: mpsc::Receiver<String>,
    shutdown: CancellationToken,
) {
    let mut texts = Vec::with_capacity(PUBLISH_AT_ONCE);
    loop {
        // Whatever is waiting goes in one pipeline: one round trip for a
        // busy worker's batch of decisions instead of one per decision.
        let got = tokio::select! {
            _ = shutdown.cancelled() => return,
            got = rx.recv_many(&mut texts, PUBLISH_AT_ONCE) => got,
        };
        if got == 0 {
            return;
        }
        let mut pipe = redis::pipe();
        for text in texts.drain(..) {
            pipe.cmd("PUBLISH").arg(&channel).arg(text).ignore();
        }
        let sent = match redis.conn().await {
            Ok(mut conn) => pipe.query_async::<()>(&mut conn).await,
            Err(e) => Err(e),
        };
        if let Err(e) = sent {
            // The local feed has the events already; only other replicas miss them.
            tracing::debug!(error = %crate::redis::describe(&e), "feed: Redis publish failed");
            metrics::counter!("modd_feed_redis_dropped_total").increment(got as u64);
        }
    }
}

async fn subscribe_loop(
    redis: Arc<RedisHandle>,
    channel: String,
    origin: String,
    (tx, wake): (broadcast::Sender<Arc<str>>, Arc<Notify>),
    shutdown: CancellationToken,
) {
    while !shutdown.is_cancelled() {
        let session = async {
            let mut pubsub = redis.pubsub().await?;
            pubsub.subscribe(&channel).await?;
            let mut messages = pubsub.on_message();
            let own = envelope(&origin, "");
            let own = own.trim_end_matches('}');
            while let Some(msg) = messages.next().await {
                let Ok(text) = msg.get_payload::<String>() else {
                    continue;
                };
                // Our own events come back too, already sent locally.
                if text.starts_with(own) {
                    continue;
                }
                // Another replica's decision: its webhook may be ours to
                // deliver. Parsed only when a dashboard here listens.
                wake.notify_one();
                if tx.receiver_count() == 0 {
                    continue;
                }
                match serde_json::from_str::<Envelope>(&text) {
                    Ok(env) => {
                        let _ = tx.send(Arc::from(env.event.to_json()));
                    }
                    Err(_) => tracing::debug!("feed: ignoring a malformed message"),
                }
            }
            Ok::<(), redis::RedisError>(())
        };
        tokio::select! {
            _ = shutdown.cancelled() => return,
            ended = session => {
                if let Err(e) = ended {
                    tracing::debug!(error = %crate::redis::describe(&e), "feed: Redis subscription lost");
                }
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::{ItemStatus, Verdict};

    /// The envelope written around the serialised event reads back as the
    /// envelope serde would have written, the same event inside.
    #[test]
    fn the_envelope_reads_back_as_one() {
        let at = chrono::Utc::now();
        let event = DecisionEvent::new(crate::outbox::events::DecisionData {
            id: 7,
            external_id: "c-\"7\"".into(),
            source_app: "forum".into(),
            status: ItemStatus::Blocked,
            is_final: true,
            verdict: Verdict::Blocked,
            reason: Some("profanity 0.97 ≥ 0.9".into()),
            decided_by: "rule".into(),
            reviewed_by: None,
            policy_version: "v3".into(),
            decided_at: at,
            scores: [("profanity".to_owned(), 0.97)].into(),
            score_sources: Default::default(),
            gaps: Vec::new(),
            appeal: None,
        });
        let origin = uuid::Uuid::new_v4().simple().to_string();
        let text = envelope(&origin, &event.to_json());
        let back: Envelope = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (back.origin.as_str(), &back.event),
            (origin.as_str(), &event)
        );
        let by_serde = serde_json::to_string(&Envelope {
            origin: origin.clone(),
            event,
        })
        .unwrap();
        assert_eq!(text, by_serde);
    }
}
