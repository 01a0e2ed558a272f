//! `GET /console/batch`: preview a batch decision (how many flagged items a
//! filter matches, and the oldest few), then `POST` to decide them all, as
//! `modctl review batch` does through `review::batch`: only the items the
//! preview counted (up to its newest id, submitted before its age cut-off).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use modd_common::ReviewVerdict;
use serde::Deserialize;

use super::queue::to_filter;
use super::session::Moderator;
use super::view::batch::Preview;
use super::view::queue::Filters;
use super::{csrf, view};
use crate::http::error::ApiError;
use crate::http::extract::{Form, Query};
use crate::review;
use crate::state::AppState;

/// Items shown as examples in the preview.
const EXAMPLES: i64 = 5;

#[derive(Debug, Deserialize)]
pub struct BatchForm {
    csrf: Option<String>,
    verdict: String,
    #[serde(default)]
    note: Option<String>,
    /// The newest id the preview counted.
    up_to_id: i64,
    /// The age cut-off the preview used, if any.
    #[serde(default)]
    created_before: Option<DateTime<Utc>>,
    #[serde(default)]
    app: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    min_score: String,
    #[serde(default)]
    max_score: String,
}

pub async fn preview(
    State(state): State<AppState>,
    moderator: Moderator,
    Query(filters): Query<Filters>,
) -> Result<Response, ApiError> {
    let f = to_filter(&filters)?;
    let actor = moderator.actor();
    let counted = review::batch(
        &state,
        actor,
        f.clone(),
        ReviewVerdict::Approved,
        (None, None),
        true,
    )
    .await?;
    let mut examples = Vec::new();
    let first = review::flagged(
        &state,
        &crate::store::ReviewFilter {
            limit: EXAMPLES,
            ..f.clone()
        },
    )
    .await?;
    for item in first {
        examples.push(review::review_item(&state, item).await?);
    }
    let preview = Preview {
        filters: &filters,
        count: counted.count,
        up_to_id: counted.max_id,
        created_before: f.created_before,
        examples: &examples,
        decided: None,
    };
    Ok(view::batch::page(&moderator, &preview).into_response())
}

pub async fn apply(
    State(state): State<AppState>,
    moderator: Moderator,
    Form(form): Form<BatchForm>,
) -> Result<Response, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    let verdict = match form.verdict.as_str() {
        "approve" => ReviewVerdict::Approved,
        "reject" => ReviewVerdict::Blocked,
        _ => return Err(ApiError::Unprocessable("verdict: approve or reject".into())),
    };
    let filters = Filters {
        app: form.app,
        category: form.category,
        language: form.language,
        min_score: form.min_score,
        max_score: form.max_score,
        min_age: String::new(),
    };
    let mut f = to_filter(&filters)?;
    f.up_to_id = Some(form.up_to_id);
    f.created_before = form.created_before;
    let done = review::batch(
        &state,
        moderator.actor(),
        f,
        verdict,
        (form.note, None),
        false,
    )
    .await?;
    let preview = Preview {
        filters: &filters,
        count: 0,
        up_to_id: None,
        created_before: None,
        examples: &[],
        decided: Some((verdict, done.count)),
    };
    Ok(view::batch::page(&moderator, &preview).into_response())
}
