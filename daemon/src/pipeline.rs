//! The pieces behind human review, webhooks and retention that handlers,
//! workers and background tasks share: the decision feed, the webhook
//! secret box and sender. `start` builds them and spawns the webhook
//! delivery loop, the retention sweeper and (with Redis) the feed's
//! fan-out.

use std::sync::Arc;
use tokio_util::sync::CancellationToken;

use crate::feed::Feed;
use crate::redis::RedisHandle;
use crate::settings::Settings;
use crate::ssrf::Guard;
use crate::store::Store;
use crate::webhooks::deliver::Delivery;
use crate::webhooks::{SecretBox, Sender};

/// Shared by handlers and workers.
pub struct Pipeline {
    pub feed: Arc<Feed>,
    pub secrets: Arc<SecretBox>,
    pub sender: Sender,
    /// Fires when the daemon stops: long-lived responses (the SSE feed) end
    /// on it, or graceful shutdown would wait for them forever.
    pub shutdown: CancellationToken,
}

impl Pipeline {
    /// Builds the pieces and spawns the background tasks; they stop on `shutdown`.
    pub fn start(
        settings: &Settings,
        store: Arc<dyn Store>,
        redis: Option<Arc<RedisHandle>>,
        stats: Arc<crate::stats::Recorder>,
        shutdown: &CancellationToken,
    ) -> anyhow::Result<(Arc<Self>, Vec<tokio::task::JoinHandle<()>>)> {
        let mut tasks = Vec::new();
        let feed = match redis {
            Some(redis) => {
                let (feed, fanout) = Feed::with_redis(redis, shutdown.clone());
                tasks.extend(fanout);
                feed
            }
            None => Feed::new(),
        };
        let feed = Arc::new(feed);
        let w = &settings.webhooks;
        let guard = Guard {
            allow_private: w.allow_private,
            production: settings.is_production(),
            allowed_hosts: w.allowed_hosts.clone(),
            purpose: crate::ssrf::Purpose::Webhooks,
        };
        let sender = Sender::new(guard, w.timeout)
            .map_err(|e| anyhow::anyhow!("webhook HTTP client: {e}"))?;
        let secrets = Arc::new(SecretBox::from_secret_key(settings.secret_key.expose()));
        let delivery = Delivery {
            store: store.clone(),
            sender: sender.clone(),
            secrets: secrets.clone(),
            settings: w.clone(),
            stats,
        };
        tasks.push(delivery.spawn(feed.subscribe(), shutdown.clone()));
        tasks.push(crate::retention::spawn_sweeper(
            store,
            settings.retention.clone(),
            shutdown.clone(),
        ));
        Ok((
            Arc::new(Self {
                feed,
                secrets,
                sender,
                shutdown: shutdown.clone(),
            }),
            tasks,
        ))
    }
}
