//! API keys made straight in the store, as `modctl keys create` does, so a
//! test needs no bootstrap step before it can call the API.

use chrono::Utc;
use modd::store::{NewKey, Store};
use modd_common::{ApiKey, KeyEnvironment, Role};

/// What [`insert_key`] creates.
#[derive(Debug, Clone)]
pub struct KeySpec<'a> {
    pub role: Role,
    pub source_apps: &'a [&'a str],
    pub rate_limit: Option<&'a str>,
    pub expires_at: Option<chrono::DateTime<Utc>>,
    /// The person the key belongs to (reviewer keys name one).
    pub person: Option<&'a str>,
}

impl Default for KeySpec<'_> {
    fn default() -> Self {
        Self {
            role: Role::Client,
            source_apps: &[],
            rate_limit: None,
            expires_at: None,
            person: None,
        }
    }
}

/// Creates a test-environment key in `store`; returns its id and secret.
pub async fn insert_key(store: &dyn Store, spec: KeySpec<'_>) -> (i64, String) {
    let key = ApiKey::generate(KeyEnvironment::Test);
    let record = store
        .insert_key(&NewKey {
            name: format!("test-{}", spec.role),
            role: spec.role,
            key_hash: key.hash().to_vec(),
            prefix: key.display_prefix().to_owned(),
            source_apps: spec.source_apps.iter().map(|s| (*s).to_owned()).collect(),
            rate_limit: spec.rate_limit.map(str::to_owned),
            created_by: Some("test".into()),
            created_at: Utc::now(),
            expires_at: spec.expires_at,
            person: spec.person.map(str::to_owned),
            max_age_secs: None,
        })
        .await
        .expect("insert key");
    (record.id, key.expose_secret().to_owned())
}
