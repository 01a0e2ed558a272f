//! Content in and decisions out as typed calls: `analyse` (with or
//! without waiting for the decision), items (read, erase), `classify` and
//! `batch`.

use modd_common::{
    AnalyseOutcome, AnalyseRequest, AnalyseResponse, BatchRequest, BatchResponse, ClassifyRequest,
    ClassifyResponse, ItemView,
};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};

use super::{Client, ClientError, check, decode, paths};

impl Client {
    /// `POST /api/v1/moderation/analyse`: submit content.
    pub async fn analyse(&self, req: &AnalyseRequest) -> Result<AnalyseResponse, ClientError> {
        self.request_json(Method::POST, &paths::ANALYSE, Some(req))
            .await
    }

    /// `GET /api/v1/moderation/{id}`: an item with its decision and scores.
    pub async fn get_item(&self, id: i64) -> Result<ItemView, ClientError> {
        let id = id.to_string();
        let mut path = paths::MODERATION.to_vec();
        path.push(&id);
        self.get_json(&path).await
    }

    /// `GET /api/v1/moderation?source_app=..&external_id=..`: an item by the
    /// app's own id. Both values are percent-encoded.
    pub async fn find_item(
        &self,
        source_app: &str,
        external_id: &str,
    ) -> Result<ItemView, ClientError> {
        let query = [("source_app", source_app), ("external_id", external_id)];
        let (endpoint, status, bytes) = self
            .send_to(
                Method::GET,
                self.url_with_query(&paths::MODERATION, &query),
                None::<&()>,
            )
            .await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// `POST /api/v1/classify`: classify without storing.
    pub async fn classify(&self, req: &ClassifyRequest) -> Result<ClassifyResponse, ClientError> {
        self.request_json(Method::POST, &paths::CLASSIFY, Some(req))
            .await
    }

    /// `POST /api/v1/moderation/batch`: many items in one transaction.
    pub async fn batch(&self, req: &BatchRequest) -> Result<BatchResponse, ClientError> {
        self.request_json(Method::POST, &paths::BATCH, Some(req))
            .await
    }

    /// `POST /api/v1/moderation/analyse?wait=N`: submit and wait up to N
    /// seconds for the decision.
    pub async fn analyse_wait(
        &self,
        req: &AnalyseRequest,
        wait_secs: u64,
    ) -> Result<AnalyseOutcome, ClientError> {
        let wait = wait_secs.to_string();
        let url = self.url_with_query(&paths::ANALYSE, &[("wait", wait.as_str())]);
        let (endpoint, status, bytes) = self.send_to(Method::POST, url, Some(req)).await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// `POST /api/v1/moderation/analyse`, with `Prefer: wait=N` when
    /// `wait_secs` is given: the decided item or the pending one, and the
    /// wait the daemon applied (its `Preference-Applied` header, e.g.
    /// `wait=2` when capped by `MODD_MAX_WAIT_SECS`), if any.
    pub async fn analyse_with_preference(
        &self,
        req: &AnalyseRequest,
        wait_secs: Option<u64>,
    ) -> Result<(AnalyseOutcome, Option<String>), ClientError> {
        let extra: Vec<_> = wait_secs
            .map(|secs| {
                let value = HeaderValue::from_str(&format!("wait={secs}"))
                    .expect("`wait=` and digits is a valid header value");
                (HeaderName::from_static("prefer"), value)
            })
            .into_iter()
            .collect();
        let url = self.url(&paths::ANALYSE);
        let answer = self.send_with(Method::POST, url, Some(req), &extra).await?;
        let applied = answer
            .headers
            .get("preference-applied")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        check(answer.endpoint.clone(), answer.status, &answer.bytes)?;
        Ok((decode(&answer.endpoint, &answer.bytes)?, applied))
    }

    /// `DELETE /api/v1/moderation?source_app=..&external_id=..`: erases an
    /// item and its scores (both values percent-encoded).
    pub async fn erase_item(&self, source_app: &str, external_id: &str) -> Result<(), ClientError> {
        let query = [("source_app", source_app), ("external_id", external_id)];
        let url = self.url_with_query(&paths::MODERATION, &query);
        self.request_url::<(), ()>(Method::DELETE, url, None).await
    }
}
