//! Appeals as typed calls: an app's appeal of a decided item
//! (`POST /api/v1/moderation/{id}/appeal`, client key) and the appeal queue
//! (`/api/v1/admin/appeals…`, reviewer or admin key).

use modd_common::{AppealOutcome, AppealPage, AppealRequest, AppealView, ReviewNote};
use reqwest::Method;

use super::{Client, ClientError, paths};

const APPEALS: [&str; 4] = ["api", "v1", "admin", "appeals"];

/// Which appeals `GET /api/v1/admin/appeals` lists; `None` leaves a filter
/// out (the daemon's default applies: open appeals, 50).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppealFilter {
    /// `Some(true)`: decided appeals; otherwise the open queue.
    pub decided: Option<bool>,
    pub source_app: Option<String>,
    /// Appeals of items with an id above this (the previous page's `next_after_id`).
    pub after_id: Option<i64>,
    /// 1..=500.
    pub limit: Option<i64>,
}

impl Client {
    /// `POST /api/v1/moderation/{id}/appeal`: appeal a decided item with
    /// the user's statement.
    pub async fn appeal(&self, id: i64, statement: &str) -> Result<AppealView, ClientError> {
        let id = id.to_string();
        let mut path = paths::MODERATION.to_vec();
        path.extend([id.as_str(), "appeal"]);
        let body = AppealRequest {
            statement: statement.to_owned(),
        };
        self.request_json(Method::POST, &path, Some(&body)).await
    }

    /// `GET /api/v1/admin/appeals`: one page of appeals, oldest item first.
    pub async fn appeals_list(&self, filter: &AppealFilter) -> Result<AppealPage, ClientError> {
        let query = [
            ("decided", filter.decided.map(|x| x.to_string())),
            ("source_app", filter.source_app.clone()),
            ("after_id", filter.after_id.map(|x| x.to_string())),
            ("limit", filter.limit.map(|x| x.to_string())),
        ];
        self.request_json_query(Method::GET, &APPEALS, &query, None::<&()>)
            .await
    }

    /// `GET /api/v1/admin/appeals/{id}`: the appeal of item `id`.
    pub async fn appeal_show(&self, id: i64) -> Result<AppealView, ClientError> {
        let id = id.to_string();
        self.get_json(&[APPEALS.as_slice(), &[&id]].concat()).await
    }

    /// `POST /api/v1/admin/appeals/{id}/approve` (overturn the decision) or
    /// `…/reject` (uphold it), with an optional note and reason code.
    pub async fn appeal_decide(
        &self,
        id: i64,
        outcome: AppealOutcome,
        note: Option<String>,
        reason_code: Option<String>,
    ) -> Result<AppealView, ClientError> {
        let id = id.to_string();
        let action = match outcome {
            AppealOutcome::Overturned => "approve",
            AppealOutcome::Upheld => "reject",
        };
        self.request_json(
            Method::POST,
            &[APPEALS.as_slice(), &[&id, action]].concat(),
            Some(&ReviewNote { note, reason_code }),
        )
        .await
    }
}
