//! API key verification with an in-memory cache, so a request does not cost
//! a database round trip. Entries live for a short TTL, which bounds how long
//! a revoked key keeps working on a replica even when no invalidation message
//! arrives; with Redis, `invalidate.rs` drops them at once.

use chrono::Utc;
use modd_common::{ApiKey, KeyError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

use crate::settings::KeySettings;
use crate::store::{KeyRecord, Store, StoreError};

/// Why a presented key was refused. Messages never echo the key.
#[derive(Debug, thiserror::Error)]
pub enum AuthFailure {
    #[error("missing API key: send it in the X-API-KEY header")]
    Missing,
    #[error("invalid API key: {0}")]
    Malformed(KeyError),
    #[error("invalid API key")]
    Unknown,
    #[error("API key has been revoked")]
    Revoked,
    /// Its rotation's grace period is over: a successor replaced it.
    #[error("API key was rotated and its grace period has ended: use the new key")]
    Rotated,
    #[error("API key has expired")]
    Expired,
    /// Past its maximum age and the warning period after it.
    #[error("API key is past its maximum age: ask for a rotated key")]
    PastMaxAge,
    #[error("key verification unavailable")]
    Store(#[from] StoreError),
}

struct CacheEntry {
    record: Option<Arc<KeyRecord>>,
    fetched: Instant,
}

/// How many cache entries before the cache is cleared (bounds memory under
/// a flood of well-formed but unknown keys).
const MAX_ENTRIES: usize = 10_000;
/// How often `last_used_at` is written for one key.
const TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Verifies keys against the store through a short-lived cache.
pub struct KeyVerifier {
    store: Arc<dyn Store>,
    ttl: Duration,
    cache: Mutex<HashMap<[u8; 32], CacheEntry>>,
    /// Whether an ended key (by id) was rotated rather than revoked. An
    /// ended key never works again, so the answer never changes: it is
    /// looked up once per key, not per request that presents it.
    ended: Mutex<HashMap<i64, bool>>,
    /// The maximum age and what happens after it (`lifetime.rs`).
    lifetime: KeySettings,
}

impl KeyVerifier {
    pub fn new(store: Arc<dyn Store>, ttl: Duration) -> Self {
        Self {
            store,
            ttl,
            cache: Mutex::new(HashMap::new()),
            ended: Mutex::new(HashMap::new()),
            lifetime: KeySettings::default(),
        }
    }

    /// Refuses keys past their maximum age once `MODD_KEY_EXPIRE_AFTER_MAX_AGE`
    /// says so (without it, no key is refused for its age).
    pub fn with_lifetime(mut self, lifetime: KeySettings) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Checks format and checksum (no I/O), then the cache, then the store.
    #[tracing::instrument(skip_all)]
    pub async fn verify(&self, presented: Option<&str>) -> Result<Arc<KeyRecord>, AuthFailure> {
        let presented = presented
            .filter(|s| !s.is_empty())
            .ok_or(AuthFailure::Missing)?;
        let key = ApiKey::parse(presented.trim()).map_err(AuthFailure::Malformed)?;
        let hash = key.hash();
        let record = match self.cached(&hash) {
            Some(r) => r,
            None => {
                let r = self.store.key_by_hash(&hash).await?.map(Arc::new);
                self.remember(hash, r.clone());
                r
            }
        };
        let record = record.ok_or(AuthFailure::Unknown)?;
        // The lookup was by hash; compare in constant time anyway so that a
        // store returning a near match can never be exploited by timing.
        if !bool::from(record.key_hash.as_slice().ct_eq(&hash)) {
            return Err(AuthFailure::Unknown);
        }
        let now = Utc::now();
        if record.revoked_by(now) {
            return Err(if self.was_rotated(record.id).await? {
                AuthFailure::Rotated
            } else {
                AuthFailure::Revoked
            });
        }
        if record.expired_by(now) {
            return Err(AuthFailure::Expired);
        }
        if super::lifetime::forced_end(&record, &self.lifetime).is_some_and(|t| t <= now) {
            return Err(AuthFailure::PastMaxAge);
        }
        if record.last_used_at.is_none_or(|t| now - t > TOUCH_EVERY) {
            self.touch(&hash, &record);
        }
        Ok(record)
    }

    /// Forgets every cached key (after a revocation or rotation).
    pub fn invalidate_all(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.clear();
        }
    }

    /// Forgets one key, so its next request reads the store again.
    pub fn invalidate_key(&self, id: i64) {
        if let Ok(mut c) = self.cache.lock() {
            c.retain(|_, e| e.record.as_ref().is_none_or(|r| r.id != id));
        }
    }

    fn cached(&self, hash: &[u8; 32]) -> Option<Option<Arc<KeyRecord>>> {
        let cache = self.cache.lock().ok()?;
        let entry = cache.get(hash)?;
        (entry.fetched.elapsed() < self.ttl).then(|| entry.record.clone())
    }

    fn remember(&self, hash: [u8; 32], record: Option<Arc<KeyRecord>>) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= MAX_ENTRIES {
                cache.clear();
            }
            cache.insert(
                hash,
                CacheEntry {
                    record,
                    fetched: Instant::now(),
                },
            );
        }
    }

    /// Whether a successor names the ended key `id` (`rotated_from`).
    async fn was_rotated(&self, id: i64) -> Result<bool, AuthFailure> {
        if let Some(known) = self.ended.lock().ok().and_then(|m| m.get(&id).copied()) {
            return Ok(known);
        }
        let rotated = self
            .store
            .list_keys()
            .await?
            .iter()
            .any(|k| k.rotated_from == Some(id));
        if let Ok(mut ended) = self.ended.lock() {
            if ended.len() >= MAX_ENTRIES {
                ended.clear();
            }
            ended.insert(id, rotated);
        }
        Ok(rotated)
    }

    /// Records the use in the background and in the cache, so it is written
    /// at most once a minute per key rather than on every request.
    fn touch(&self, hash: &[u8; 32], record: &Arc<KeyRecord>) {
        let now = Utc::now();
        let mut updated = KeyRecord::clone(record);
        updated.last_used_at = Some(now);
        // Keep the entry's fetch time: a touch must not extend how long a
        // possibly revoked key stays cached.
        if let Ok(mut cache) = self.cache.lock()
            && let Some(entry) = cache.get_mut(hash)
        {
            entry.record = Some(Arc::new(updated));
        }
        let store = self.store.clone();
        let id = record.id;
        tokio::spawn(async move {
            if let Err(e) = store.touch_key(id, now).await {
                tracing::warn!(key_id = id, error = %e, "could not record key use");
            }
        });
    }
}
