//! Human review as typed calls (`/api/v1/admin/review…`, admin key).

use modd_common::{
    ReviewBatchRequest, ReviewBatchResult, ReviewItem, ReviewNote, ReviewPage, ReviewVerdict,
};
use reqwest::Method;

use super::{Client, ClientError};

const REVIEW: [&str; 4] = ["api", "v1", "admin", "review"];

fn review_path<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    [REVIEW.as_slice(), rest].concat()
}

/// Which flagged items `GET /api/v1/admin/review` lists; `None` leaves a
/// filter out (the daemon's default applies).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewFilter {
    pub source_app: Option<String>,
    /// Match on this category's score (with `min_score`/`max_score`).
    pub category: Option<String>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// Items with an id above this (the previous page's `next_after_id`).
    pub after_id: Option<i64>,
    /// 1..=500; the daemon's default is 50.
    pub limit: Option<i64>,
}

impl Client {
    /// `GET /api/v1/admin/review`: one page of flagged items, oldest first.
    pub async fn review_list(&self, filter: &ReviewFilter) -> Result<ReviewPage, ClientError> {
        let query = [
            ("source_app", filter.source_app.clone()),
            ("category", filter.category.clone()),
            ("min_score", filter.min_score.map(|x| x.to_string())),
            ("max_score", filter.max_score.map(|x| x.to_string())),
            ("after_id", filter.after_id.map(|x| x.to_string())),
            ("limit", filter.limit.map(|x| x.to_string())),
        ];
        self.request_json_query(Method::GET, &REVIEW, &query, None::<&()>)
            .await
    }

    /// `GET /api/v1/admin/review/{id}`: one item with text, scores and decision.
    pub async fn review_show(&self, id: i64) -> Result<ReviewItem, ClientError> {
        let id = id.to_string();
        self.get_json(&review_path(&[&id])).await
    }

    /// `POST /api/v1/admin/review/{id}/approve` or `…/reject`: a human
    /// decision on a flagged item, with an optional note for the record.
    pub async fn review_decide(
        &self,
        id: i64,
        verdict: ReviewVerdict,
        note: Option<String>,
    ) -> Result<ReviewItem, ClientError> {
        let body = ReviewNote {
            note,
            reason_code: None,
        };
        self.review_decide_with(id, verdict, &body).await
    }

    /// [`Client::review_decide`] with a reason code (one of the item's
    /// app's, see [`Client::reason_codes`]) as well as the note.
    pub async fn review_decide_with(
        &self,
        id: i64,
        verdict: ReviewVerdict,
        body: &ReviewNote,
    ) -> Result<ReviewItem, ClientError> {
        let id = id.to_string();
        let action = match verdict {
            ReviewVerdict::Approved => "approve",
            ReviewVerdict::Blocked => "reject",
        };
        self.request_json(Method::POST, &review_path(&[&id, action]), Some(body))
            .await
    }

    /// `POST /api/v1/admin/review/batch`: count (`dry_run`) or decide every
    /// flagged item matching the request.
    pub async fn review_batch(
        &self,
        req: &ReviewBatchRequest,
    ) -> Result<ReviewBatchResult, ClientError> {
        self.request_json(Method::POST, &review_path(&["batch"]), Some(req))
            .await
    }
}
