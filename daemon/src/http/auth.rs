//! Authentication as extractors: `Caller` for any valid key, and one
//! extractor per [`Access`] of the permissions table (`Submitter`,
//! `ItemReader`, `Reviewer`, `Observer`, `Admin`). None ever logs or echoes
//! the presented key.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use modd_common::Role;
use std::sync::Arc;

use super::error::ApiError;
use super::permissions::{self, Access};
use crate::auth::AuthFailure;
use crate::state::AppState;
use crate::store::KeyRecord;

pub const API_KEY_HEADER: &str = "x-api-key";

/// The verified key behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub key: Arc<KeyRecord>,
}

impl Caller {
    /// Whether this key may submit and read items of `source_app`: admins and
    /// unbound client keys may use every app.
    pub fn may_use_app(&self, source_app: &str) -> bool {
        self.key.role == Role::Admin
            || self.key.source_apps.is_empty()
            || self.key.source_apps.iter().any(|a| a == source_app)
    }

    pub fn require_app(&self, source_app: &str) -> Result<(), ApiError> {
        if self.may_use_app(source_app) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(
                "this API key is not allowed for that source_app".into(),
            ))
        }
    }

    /// `key:<id>`, or `key:<id> (<person>)` for a key that names its
    /// person: what audit entries and human decisions record as who acted.
    pub fn actor(&self) -> String {
        match &self.key.person {
            Some(person) => format!("key:{} ({person})", self.key.id),
            None => format!("key:{}", self.key.id),
        }
    }

    /// Whether `actor`, as [`Caller::actor`] recorded it, is this caller:
    /// the same key, or a key naming the same person (one person may hold
    /// several keys). What makes an appeal's decider "a different person".
    pub fn is_actor(&self, actor: &str) -> bool {
        let Some(rest) = actor.strip_prefix("key:") else {
            return false;
        };
        let (id, person) = match rest.split_once(" (") {
            Some((id, person)) => (id, person.strip_suffix(')')),
            None => (rest, None),
        };
        id.parse() == Ok(self.key.id)
            || matches!((person, self.key.person.as_deref()), (Some(a), Some(b)) if a == b)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    #[tracing::instrument(name = "auth", skip_all)]
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // The rate-limit middleware already verified the key.
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let presented = parts
            .headers
            .get(API_KEY_HEADER)
            .and_then(|v| v.to_str().ok());
        match state.keys.verify(presented).await {
            Ok(key) => {
                crate::http::access_log::note_key(&parts.extensions, key.id);
                Ok(Caller { key })
            }
            Err(AuthFailure::Store(e)) => Err(e.into()),
            Err(failure) => Err(ApiError::Unauthorized(failure.to_string())),
        }
    }
}

/// Extractors that admit a verified key only when its role has the route's
/// [`Access`] in the one permissions table. Each derefs to the [`Caller`].
macro_rules! access_extractor {
    ($(#[$doc:meta])* $name:ident, $access:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub Caller);

        impl FromRequestParts<AppState> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                let caller = Caller::from_request_parts(parts, state).await?;
                if !permissions::allows(caller.key.role, $access) {
                    return Err(ApiError::Forbidden(permissions::refusal($access)));
                }
                Ok($name(caller))
            }
        }

        impl std::ops::Deref for $name {
            type Target = Caller;
            fn deref(&self) -> &Caller {
                &self.0
            }
        }
    };
}

access_extractor!(
    /// A key that may submit content ([`Access::Content`]).
    Submitter,
    Access::Content
);
access_extractor!(
    /// A key that may read items ([`Access::ReadItem`]).
    ItemReader,
    Access::ReadItem
);
access_extractor!(
    /// A key that may review: queue, feed, audit, decisions ([`Access::Review`]).
    Reviewer,
    Access::Review
);
access_extractor!(
    /// A key that may read the operations views ([`Access::Observe`]).
    Observer,
    Access::Observe
);
access_extractor!(
    /// A key that may change the deployment ([`Access::Manage`]): admin keys.
    Admin,
    Access::Manage
);

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(id: i64, person: Option<&str>) -> Caller {
        Caller {
            key: Arc::new(KeyRecord {
                role: Role::Reviewer,
                person: person.map(str::to_owned),
                ..modd_testkit::key_record(id, chrono::Utc::now())
            }),
        }
    }

    #[test]
    fn an_actor_is_the_same_key_or_the_same_person() {
        let alice = caller(3, Some("alice"));
        assert!(alice.is_actor(&alice.actor()));
        assert!(alice.is_actor("key:3"));
        assert!(alice.is_actor("key:9 (alice)"), "another key of hers");
        assert!(!alice.is_actor("key:9 (bob)"));
        assert!(!alice.is_actor("key:33"));
        assert!(!alice.is_actor("modctl"));
        let nameless = caller(4, None);
        assert!(nameless.is_actor("key:4 (alice)"));
        assert!(!nameless.is_actor("key:5"));
        assert!(!caller(5, Some("(x)")).is_actor("key:6"));
    }
}
