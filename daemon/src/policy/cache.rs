//! The current policy of each app, cached in memory: every item needs its
//! app's policy, and a database round trip per item would cost more than
//! classifying it. A change made through this process invalidates its entry
//! at once; other replicas see it when their entry expires
//! (`MODD_POLICY_CACHE_SECS`, a few seconds), which is the documented bound.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Policy;
use crate::store::{Store, StoreError};

/// Why an app's policy could not be had.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored policy cannot apply: retrying will not change it.
    #[error("stored policy of {app} is invalid: {reason}")]
    Invalid { app: String, reason: String },
}

/// Cached policies by app.
pub struct Policies {
    store: Arc<dyn Store>,
    ttl: Duration,
    cache: Mutex<HashMap<String, (Instant, Arc<Policy>)>>,
}

impl Policies {
    pub fn new(store: Arc<dyn Store>, ttl: Duration) -> Self {
        Self {
            store,
            ttl,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The app's current policy, or the built-in one when it has none.
    /// A store failure is an error (the caller retries; it never means "approve").
    pub async fn get(&self, source_app: &str) -> Result<Arc<Policy>, PolicyError> {
        if let Some(p) = self.cached(source_app) {
            return Ok(p);
        }
        let policy = match self.store.current_policy(source_app).await? {
            Some(record) => Policy::from_record(record).map_err(|e| PolicyError::Invalid {
                app: source_app.to_owned(),
                reason: e.to_string(),
            })?,
            None => Policy::builtin(source_app),
        };
        let policy = Arc::new(policy);
        if let Ok(mut cache) = self.cache.lock() {
            // Bounded by the number of apps that submit; apps are few.
            cache.insert(source_app.to_owned(), (Instant::now(), policy.clone()));
        }
        Ok(policy)
    }

    fn cached(&self, source_app: &str) -> Option<Arc<Policy>> {
        let cache = self.cache.lock().ok()?;
        let (at, p) = cache.get(source_app)?;
        (at.elapsed() < self.ttl).then(|| p.clone())
    }

    /// Forgets the app's entry (after a change through this process).
    pub fn invalidate(&self, source_app: &str) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(source_app);
        }
    }
}
