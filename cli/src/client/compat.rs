//! The drop-in compatible APIs as typed calls: OpenAI's `POST /v1/moderations`
//! (key as `Authorization: Bearer`) and Perspective's
//! `POST /v1alpha1/comments:analyze` (key as `?key=`), with the shapes from
//! `modd_common::compat`. Their errors come back as [`ClientError::Api`]
//! whose body reads as `OpenAiErrorBody` or `GoogleErrorBody`
//! ([`super::ApiError::body_as`]).

use modd_common::compat::openai::{ModerationRequest, ModerationResponse};
use modd_common::compat::perspective::{AnalyzeRequest, AnalyzeResponse};
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue, InvalidHeaderValue};
use std::fmt;

use super::{Client, ClientError, check, decode, paths};

/// The API key, kept for the endpoints that want it somewhere other than
/// `X-API-KEY`. `Debug` never shows it.
#[derive(Clone)]
pub(super) struct CompatKey(String);

impl fmt::Debug for CompatKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl CompatKey {
    /// Refuses a key that cannot be sent in a header.
    pub(super) fn new(key: String) -> Result<Self, InvalidHeaderValue> {
        HeaderValue::from_str(&key)?;
        Ok(Self(key))
    }

    /// The key as a sensitive header value (`X-API-KEY`).
    pub(super) fn header(&self) -> HeaderValue {
        sensitive(&self.0)
    }

    fn bearer(&self) -> HeaderValue {
        sensitive(&format!("Bearer {}", self.0))
    }
}

fn sensitive(value: &str) -> HeaderValue {
    let mut value = HeaderValue::from_str(value).expect("checked in CompatKey::new");
    value.set_sensitive(true);
    value
}

impl Client {
    /// `POST /v1/moderations`, as an OpenAI SDK calls it.
    pub async fn openai_moderations(
        &self,
        req: &ModerationRequest,
    ) -> Result<ModerationResponse, ClientError> {
        let url = self.url(&paths::OPENAI_MODERATIONS);
        let extra: Vec<_> = self
            .key
            .iter()
            .map(|k| (AUTHORIZATION, k.bearer()))
            .collect();
        let answer = self.send_with(Method::POST, url, Some(req), &extra).await?;
        check(answer.endpoint.clone(), answer.status, &answer.bytes)?;
        decode(&answer.endpoint, &answer.bytes)
    }

    /// `POST /v1alpha1/comments:analyze`, as a Perspective client calls it.
    pub async fn perspective_analyze(
        &self,
        req: &AnalyzeRequest,
    ) -> Result<AnalyzeResponse, ClientError> {
        let query: Vec<(&str, &str)> = self.key.iter().map(|k| ("key", k.0.as_str())).collect();
        let url = self.url_with_query(&paths::PERSPECTIVE_ANALYZE, &query);
        let answer = self.send_with(Method::POST, url, Some(req), &[]).await?;
        check(answer.endpoint.clone(), answer.status, &answer.bytes)?;
        decode(&answer.endpoint, &answer.bytes)
    }
}
