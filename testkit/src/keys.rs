//! API keys made straight in the store, as `modctl keys create` does, so a
//! test needs no bootstrap step before it can call the API. (A key built in
//! memory for a unit test is the store's `testing::key_record`.)

use chrono::{DateTime, Utc};
use modd::store::{NewKey, Store};
use modd_common::{ApiKey, KeyEnvironment, Role};

/// What [`insert_key`] creates.
#[derive(Debug, Clone)]
pub struct KeySpec<'a> {
    pub role: Role,
    pub source_apps: &'a [&'a str],
    pub rate_limit: Option<&'a str>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The person the key belongs to (reviewer keys name one).
    pub person: Option<&'a str>,
    /// The key's name; `None`: `test-<role>`.
    pub name: Option<&'a str>,
    /// A `mod_live_` key (what `modctl verify` expects in production)
    /// instead of a `mod_test_` one.
    pub live: bool,
    /// When it was made; `None`: now.
    pub created_at: Option<DateTime<Utc>>,
}

impl Default for KeySpec<'_> {
    fn default() -> Self {
        Self {
            role: Role::Client,
            source_apps: &[],
            rate_limit: None,
            expires_at: None,
            person: None,
            name: None,
            live: false,
            created_at: None,
        }
    }
}

/// Creates a key in `store`; returns its id and secret.
pub async fn insert_key(store: &dyn Store, spec: KeySpec<'_>) -> (i64, String) {
    let environment = if spec.live {
        KeyEnvironment::Live
    } else {
        KeyEnvironment::Test
    };
    let key = ApiKey::generate(environment);
    let record = store
        .insert_key(&NewKey {
            name: spec
                .name
                .map_or_else(|| format!("test-{}", spec.role), str::to_owned),
            role: spec.role,
            key_hash: key.hash().to_vec(),
            prefix: key.display_prefix().to_owned(),
            source_apps: spec.source_apps.iter().map(|s| (*s).to_owned()).collect(),
            rate_limit: spec.rate_limit.map(str::to_owned),
            created_by: Some("test".into()),
            created_at: spec.created_at.unwrap_or_else(Utc::now),
            expires_at: spec.expires_at,
            person: spec.person.map(str::to_owned),
            max_age_secs: None,
        })
        .await
        .expect("insert key");
    (record.id, key.expose_secret().to_owned())
}
