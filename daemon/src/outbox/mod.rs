//! What happens to a decision after it is stored: the decision events
//! ([`events`]) written to the outbox with it, the live feed that announces
//! them ([`feed`]), their delivery to the apps' webhooks ([`webhooks`]),
//! the retention sweeper that later deletes the content ([`retention`]) and
//! the sweep that warns apps of expiring keys ([`key_notices`]).
//!
//! [`Outbox::start`] builds the pieces handlers and workers share (the feed,
//! the webhook secret box and sender) and spawns the webhook delivery loop,
//! the retention and key-notice sweepers and (with Redis) the feed's fan-out.

pub mod events;
pub mod feed;
pub mod key_notices;
pub mod retention;
pub mod webhooks;

use std::sync::Arc;
use tokio_util::sync::CancellationToken;

use crate::redis::RedisHandle;
use crate::settings::Settings;
use crate::ssrf::Guard;
use crate::store::Store;
use feed::Feed;
use webhooks::deliver::Delivery;
use webhooks::{SecretBox, Sender};

/// Shared by handlers and workers.
pub struct Outbox {
    pub feed: Arc<Feed>,
    pub secrets: Arc<SecretBox>,
    pub sender: Sender,
    /// Fires when the daemon stops: long-lived responses (the SSE feed) end
    /// on it, or graceful shutdown would wait for them forever.
    pub shutdown: CancellationToken,
}

impl Outbox {
    /// Builds the pieces and spawns the background tasks; they stop on `shutdown`.
    pub fn start(
        settings: &Settings,
        store: Arc<dyn Store>,
        redis: Option<Arc<RedisHandle>>,
        stats: Arc<crate::observe::Recorder>,
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
        let previous: Vec<&str> = settings
            .secret_key_previous
            .iter()
            .map(|k| k.expose())
            .collect();
        let secrets = Arc::new(SecretBox::from_keys(
            settings.secret_key.expose(),
            &previous,
        ));
        let delivery = Delivery {
            store: store.clone(),
            sender: sender.clone(),
            secrets: secrets.clone(),
            settings: w.clone(),
            stats,
        };
        tasks.push(delivery.spawn(feed.wake(), shutdown.clone()));
        tasks.push(key_notices::spawn_sweeper(
            store.clone(),
            settings.keys.notice_rules(),
            settings.retention.sweep_every,
            shutdown.clone(),
        ));
        tasks.push(retention::spawn_sweeper(
            store,
            settings.retention.clone(),
            settings.keys.lifetime(),
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
