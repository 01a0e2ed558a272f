//! Push invalidation of the key cache across replicas through Redis pub/sub.
//!
//! The replica that revokes or rotates a key publishes its id on
//! `<MODD_REDIS_PREFIX>keys:invalidate`; every replica listens and drops that
//! key from its cache, so the change applies within milliseconds. Pub/sub
//! On a Redis Cluster a classic `PUBLISH` reaches subscribers on every node,
//! so each replica listens on the first seed that answers. Pub/sub
//! delivers at most once and only to connected listeners, so this is the
//! fast path, not the guarantee: the cache TTL (1 s) bounds staleness when a
//! message is lost or the listener is reconnecting.

use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use super::KeyVerifier;
use crate::redis::{RedisHandle, describe};

/// The channel name after the prefix.
pub const CHANNEL: &str = "keys:invalidate";

/// How long to wait before reconnecting a dropped listener.
const RECONNECT_EVERY: Duration = Duration::from_secs(1);

/// Tells every replica to forget key `id`. Failure is logged, not returned:
/// the change is committed, and the cache TTL still ends the old state.
pub async fn publish_invalidation(redis: &RedisHandle, id: i64) {
    let result = async {
        let mut conn = redis.conn().await?;
        redis::cmd("PUBLISH")
            .arg(redis.key(CHANNEL))
            .arg(id)
            .query_async::<i64>(&mut conn)
            .await
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(
            key_id = id,
            error = %describe(&e),
            "could not publish key invalidation; replicas drop the key within the cache TTL"
        );
    }
}

/// Listens until `shutdown`, reconnecting after failures.
pub fn spawn_invalidation_listener(
    redis: Arc<RedisHandle>,
    verifier: Arc<KeyVerifier>,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut warned = false;
        loop {
            let listen = listen(&redis, &verifier);
            let result = tokio::select! {
                _ = shutdown.cancelled() => return,
                r = listen => r,
            };
            match result {
                Ok(()) => tracing::info!("key invalidation channel closed; reconnecting"),
                Err(e) if !warned => {
                    tracing::warn!(error = %describe(&e), "key invalidation listener cannot reach Redis; retrying (the cache TTL still applies)");
                    warned = true;
                }
                Err(_) => {}
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(RECONNECT_EVERY) => {}
            }
        }
    })
}

/// One subscription's life: returns when the connection ends.
async fn listen(redis: &RedisHandle, verifier: &KeyVerifier) -> redis::RedisResult<()> {
    let mut pubsub = redis.pubsub().await?;
    pubsub.subscribe(redis.key(CHANNEL)).await?;
    // Messages sent while disconnected are lost: start from a clean cache.
    verifier.invalidate_all();
    tracing::debug!("listening for key invalidations");
    let mut messages = pubsub.on_message();
    while let Some(msg) = messages.next().await {
        match msg.get_payload::<i64>() {
            Ok(id) => verifier.invalidate_key(id),
            Err(_) => verifier.invalidate_all(),
        }
    }
    Ok(())
}
