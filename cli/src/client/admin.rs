//! The admin API for keys, and `whoami`, as typed calls.

use modd_common::{
    AttestRequest, AttestationView, CreateKeyRequest, CreatedKey, ExtendGraceRequest, KeyInfo,
    RotateKeyRequest, RotatedKey, SetMaxAgeRequest,
};
use reqwest::Method;

use super::{Client, ClientError};

const KEYS: [&str; 4] = ["api", "v1", "admin", "keys"];

impl Client {
    /// `POST /api/v1/admin/keys`: the answer holds the secret, once.
    pub async fn create_key(&self, req: &CreateKeyRequest) -> Result<CreatedKey, ClientError> {
        self.request_json(Method::POST, &KEYS, Some(req)).await
    }

    /// `GET /api/v1/admin/keys[?stale=90d]`.
    pub async fn list_keys(&self, stale: Option<&str>) -> Result<Vec<KeyInfo>, ClientError> {
        match stale {
            None => self.get_json(&KEYS).await,
            Some(age) => {
                let url = self.url_with_query(&KEYS, &[("stale", age)]);
                self.request_url(Method::GET, url, None::<&()>).await
            }
        }
    }

    /// `GET /api/v1/admin/keys/{id}`.
    pub async fn get_key(&self, id: i64) -> Result<KeyInfo, ClientError> {
        let id = id.to_string();
        self.get_json(&[KEYS[0], KEYS[1], KEYS[2], KEYS[3], &id])
            .await
    }

    /// `POST /api/v1/admin/keys/{id}/revoke`.
    pub async fn revoke_key(&self, id: i64) -> Result<KeyInfo, ClientError> {
        let id = id.to_string();
        self.request_json(
            Method::POST,
            &[KEYS[0], KEYS[1], KEYS[2], KEYS[3], &id, "revoke"],
            None::<&()>,
        )
        .await
    }

    /// `POST /api/v1/admin/keys/{id}/rotate`.
    pub async fn rotate_key(
        &self,
        id: i64,
        req: &RotateKeyRequest,
    ) -> Result<RotatedKey, ClientError> {
        let id = id.to_string();
        self.request_json(
            Method::POST,
            &[KEYS[0], KEYS[1], KEYS[2], KEYS[3], &id, "rotate"],
            Some(req),
        )
        .await
    }

    /// `POST /api/v1/admin/keys/{id}/extend-grace`.
    pub async fn extend_key_grace(
        &self,
        id: i64,
        req: &ExtendGraceRequest,
    ) -> Result<KeyInfo, ClientError> {
        let id = id.to_string();
        self.request_json(
            Method::POST,
            &[KEYS[0], KEYS[1], KEYS[2], KEYS[3], &id, "extend-grace"],
            Some(req),
        )
        .await
    }

    /// `PUT /api/v1/admin/keys/{id}/max-age`.
    pub async fn set_key_max_age(
        &self,
        id: i64,
        req: &SetMaxAgeRequest,
    ) -> Result<KeyInfo, ClientError> {
        let id = id.to_string();
        self.request_json(
            Method::PUT,
            &[KEYS[0], KEYS[1], KEYS[2], KEYS[3], &id, "max-age"],
            Some(req),
        )
        .await
    }

    /// `GET /api/v1/whoami`: the client's own key.
    pub async fn whoami(&self) -> Result<KeyInfo, ClientError> {
        self.get_json(&["api", "v1", "whoami"]).await
    }

    /// `POST /api/v1/admin/attestations`: confirm a manual verify item.
    pub async fn attest(&self, req: &AttestRequest) -> Result<AttestationView, ClientError> {
        self.request_json(Method::POST, &ATTESTATIONS, Some(req))
            .await
    }

    /// `GET /api/v1/admin/attestations`: those in force, newest first.
    pub async fn attestations(&self) -> Result<Vec<AttestationView>, ClientError> {
        self.get_json(&ATTESTATIONS).await
    }
}

const ATTESTATIONS: [&str; 4] = ["api", "v1", "admin", "attestations"];
