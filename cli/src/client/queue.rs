//! Calls of the queue and worker admin API (`/api/v1/admin/queue…`,
//! `/api/v1/admin/workers`). All need an admin key.

use modd_common::{
    DeadLetterView, DlqPurgeView, DlqRetryAllView, DlqRetryView, QueueStatsView, WorkerInfo,
};
use reqwest::Method;

use super::{Client, ClientError, check, decode};

const QUEUE: [&str; 4] = ["api", "v1", "admin", "queue"];
const DLQ: [&str; 5] = ["api", "v1", "admin", "queue", "dlq"];

fn dlq_path<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    let mut path = DLQ.to_vec();
    path.extend_from_slice(rest);
    path
}

impl Client {
    /// `GET /api/v1/admin/queue`.
    pub async fn queue_stats(&self) -> Result<QueueStatsView, ClientError> {
        self.get_json(&QUEUE).await
    }

    /// `GET /api/v1/admin/queue/dlq?after=..&limit=..`: oldest first.
    pub async fn dlq_list(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DeadLetterView>, ClientError> {
        let limit = limit.to_string();
        let mut query = vec![("limit", limit.as_str())];
        if let Some(after) = after {
            query.push(("after", after));
        }
        let url = self.url_with_query(&DLQ, &query);
        let (endpoint, status, bytes) = self.send_to(Method::GET, url, None::<&()>).await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// `GET /api/v1/admin/queue/dlq/{id}`.
    pub async fn dlq_show(&self, id: &str) -> Result<DeadLetterView, ClientError> {
        self.get_json(&dlq_path(&[id])).await
    }

    /// `POST /api/v1/admin/queue/dlq/{id}/retry`.
    pub async fn dlq_retry(&self, id: &str) -> Result<DlqRetryView, ClientError> {
        self.request_json(Method::POST, &dlq_path(&[id, "retry"]), None::<&()>)
            .await
    }

    /// `POST /api/v1/admin/queue/dlq/retry-all`.
    pub async fn dlq_retry_all(&self) -> Result<DlqRetryAllView, ClientError> {
        self.request_json(Method::POST, &dlq_path(&["retry-all"]), None::<&()>)
            .await
    }

    /// `DELETE /api/v1/admin/queue/dlq`.
    pub async fn dlq_purge(&self) -> Result<DlqPurgeView, ClientError> {
        self.request_json(Method::DELETE, &DLQ, None::<&()>).await
    }

    /// `GET /api/v1/admin/workers`.
    pub async fn workers(&self) -> Result<Vec<WorkerInfo>, ClientError> {
        self.get_json(&["api", "v1", "admin", "workers"]).await
    }
}
