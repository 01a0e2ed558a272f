//! `GET /console/audit`: the audit log (who did what, never content),
//! newest first, filtered by actor, action and age. The filters apply to
//! the newest [`SCAN`] entries, as `GET /api/v1/admin/audit` pages them.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, Utc};

use super::session::Moderator;
use super::view;
use super::view::audit::AuditFilters;
use crate::http::error::ApiError;
use crate::http::extract::Query;
use crate::state::AppState;

/// Entries read before filtering.
const SCAN: i64 = 1000;
/// Entries shown.
const SHOWN: usize = 200;
/// A year: the longest "within the last hours" that makes sense.
const MAX_HOURS: i64 = 24 * 366;

pub async fn page(
    State(state): State<AppState>,
    moderator: Moderator,
    Query(filters): Query<AuditFilters>,
) -> Result<Response, ApiError> {
    let since = match filters.hours.trim() {
        "" => None,
        hours => match hours.parse::<i64>() {
            Ok(h) if (1..=MAX_HOURS).contains(&h) => Some(Utc::now() - TimeDelta::hours(h)),
            _ => {
                return Err(ApiError::Unprocessable(format!(
                    "hours: a whole number from 1 to {MAX_HOURS}"
                )));
            }
        },
    };
    let actor = filters.actor.trim().to_lowercase();
    let action = filters.action.trim();
    let entries: Vec<_> = state
        .store
        .list_audit(SCAN)
        .await?
        .into_iter()
        .filter(|e| actor.is_empty() || e.actor.to_lowercase().contains(&actor))
        .filter(|e| action.is_empty() || e.action.starts_with(action))
        .filter(|e| since.is_none_or(|t| e.at >= t))
        .take(SHOWN)
        .collect();
    Ok(view::audit::page(&moderator, &entries, &filters).into_response())
}
