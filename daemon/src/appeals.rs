//! Appeals as a service, beside `review.rs`: an app submits an appeal of a
//! decided item; a reviewer other than the person who made the decision
//! upholds or overturns it. The JSON API (`http/routes/appeals.rs`), the
//! console (`console/appeals.rs`) and so `modctl review appeals` all call
//! these functions, so every path has the same checks, the same audit
//! entry, webhook event and feed announcement.

use chrono::Utc;
use modd_common::{AppealOutcome, AppealView, MAX_STATEMENT_CHARS};

use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::review;
use crate::state::AppState;
use crate::store::{
    AppealDecided, AppealDecision, AppealFilter, AppealRecord, AppealSubmitted, NewAppeal,
};

/// The statement as the app sent it: not blank, not too long, no NUL.
pub fn check_statement(statement: &str) -> Result<(), ApiError> {
    if statement.trim().is_empty() {
        return Err(ApiError::Unprocessable(
            "statement: must not be empty".into(),
        ));
    }
    if statement.chars().nth(MAX_STATEMENT_CHARS).is_some() {
        return Err(ApiError::Unprocessable(format!(
            "statement: at most {MAX_STATEMENT_CHARS} characters"
        )));
    }
    if statement.contains('\0') {
        return Err(ApiError::Unprocessable(
            "statement: contains a NUL character".into(),
        ));
    }
    Ok(())
}

/// Records an app's appeal of item `id`. An item of an app the key may not
/// use is "not found": a client learns nothing about other apps' items.
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    id: i64,
    statement: String,
) -> Result<AppealView, ApiError> {
    check_statement(&statement)?;
    let not_found = || ApiError::NotFound(format!("no item {id}"));
    let item = state.store.get_item(id).await?.ok_or_else(not_found)?;
    if !caller.may_use_app(&item.source_app) {
        return Err(not_found());
    }
    let appeal = NewAppeal {
        item_id: id,
        statement,
        submitted_by: format!("key:{}", caller.key.id),
        created_at: Utc::now(),
    };
    match state.store.submit_appeal(&appeal).await? {
        AppealSubmitted::Created(record) => Ok(view(*record)),
        AppealSubmitted::NotFound => Err(not_found()),
        AppealSubmitted::NotDecided(status) => Err(ApiError::Conflict(format!(
            "item {id} is {status}: only a decided (approved or blocked) item can be appealed"
        ))),
        AppealSubmitted::AlreadyAppealed => Err(ApiError::Conflict(format!(
            "item {id} already has an appeal"
        ))),
    }
}

/// Open (`decided = false`: the queue) or decided appeals, oldest item first.
pub async fn list(state: &AppState, filter: &AppealFilter) -> Result<Vec<AppealView>, ApiError> {
    if let Some(app) = &filter.source_app {
        crate::validate::source_app(app).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    }
    let found = state.store.list_appeals(filter).await?;
    Ok(found.into_iter().map(view).collect())
}

/// The appeal of item `id`, if it has one.
pub async fn find(state: &AppState, id: i64) -> Result<Option<AppealView>, ApiError> {
    Ok(state.store.get_appeal(id).await?.map(view))
}

/// The appeal of item `id`; 404 when it has none.
pub async fn show(state: &AppState, id: i64) -> Result<AppealView, ApiError> {
    find(state, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("item {id} has no appeal")))
}

/// Decides the open appeal of item `id` and announces the event on the
/// live feed. The one place of the rule that the person who made the
/// decision appealed against cannot decide its appeal (a rule's decision
/// may be reviewed by anyone).
pub async fn decide(
    state: &AppState,
    decider: &Caller,
    id: i64,
    outcome: AppealOutcome,
    note: Option<String>,
    reason_code: Option<String>,
) -> Result<AppealView, ApiError> {
    let note = review::check_note(note)?;
    let appeal = show(state, id).await?;
    let reason_code = reason_code.filter(|c| !c.trim().is_empty());
    if let Some(code) = &reason_code {
        review::reasons::check_code(state, &appeal.source_app, code).await?;
    }
    if appeal.outcome.is_some() {
        return Err(already_decided(id));
    }
    if let Some(original) = &appeal.original_reviewed_by
        && decider.is_actor(original)
    {
        return Err(ApiError::SameReviewer(format!(
            "item {id} was decided by {original}: another person must decide its appeal"
        )));
    }
    let decision = AppealDecision {
        item_id: id,
        outcome,
        decider: decider.actor(),
        note,
        reason_code,
        decided_at: Utc::now(),
    };
    match state.store.decide_appeal(&decision).await? {
        AppealDecided::Decided(event) => {
            state.outbox.feed.publish(&event);
            metrics::counter!("modd_appeals_decided_total", "outcome" => outcome.as_str())
                .increment(1);
        }
        AppealDecided::NotFound => {
            return Err(ApiError::NotFound(format!("item {id} has no appeal")));
        }
        AppealDecided::AlreadyDecided => return Err(already_decided(id)),
    }
    show(state, id).await
}

fn already_decided(id: i64) -> ApiError {
    ApiError::Conflict(format!("the appeal of item {id} is already decided"))
}

fn view(r: AppealRecord) -> AppealView {
    AppealView {
        item_id: r.item_id,
        source_app: r.source_app,
        external_id: r.external_id,
        item_status: r.item_status,
        original_status: r.original_status,
        original_reviewed_by: r.original_reviewed_by,
        statement: r.statement,
        submitted_by: r.submitted_by,
        created_at: r.created_at,
        outcome: r.outcome,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        reason_code: r.reason_code,
        note: r.note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_bounded() {
        assert!(check_statement("I was quoting the rules").is_ok());
        assert!(check_statement(&"é".repeat(MAX_STATEMENT_CHARS)).is_ok());
        for bad in [
            String::new(),
            "  \n".into(),
            "é".repeat(MAX_STATEMENT_CHARS + 1),
            "a\0b".into(),
        ] {
            let err = check_statement(&bad).unwrap_err();
            assert_eq!(err.code(), "validation_failed");
        }
    }
}
