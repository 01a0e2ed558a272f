//! `POST /api/v1/classify`: classify one text or a list without storing
//! anything, and show everything the engine found (each classifier's raw
//! outputs, mapped scores with spans, language, gaps) and what the caller's
//! policy would decide. The text is never logged.

use axum::extract::State;
use modd_common::{ClassifyRequest, ClassifyResponse, ClassifyResult, DecisionPreview, ErrorBody};

use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::policy::Policy;
use crate::state::AppState;
use crate::validate;

/// Classifies without storing. Any valid key; `source_app` picks whose policy decides.
#[utoipa::path(post, path = "/api/v1/classify", tag = "engine",
    request_body = ClassifyRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, body = ClassifyResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn classify(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<ClassifyRequest>,
) -> Result<axum::Json<ClassifyResponse>, ApiError> {
    let texts = match (req.text, req.texts) {
        (Some(t), None) => vec![t],
        (None, Some(ts)) if !ts.is_empty() => ts,
        _ => {
            return Err(ApiError::Unprocessable(
                "give exactly one of text and texts (a non-empty list)".into(),
            ));
        }
    };
    let max = state.settings.classify_max_texts;
    if texts.len() > max {
        return Err(ApiError::Unprocessable(format!(
            "texts: more than {max} texts in one request"
        )));
    }
    let limit = state.settings.max_text_chars;
    if let Some(i) = texts.iter().position(|t| t.chars().nth(limit).is_some()) {
        return Err(ApiError::Unprocessable(format!(
            "texts[{i}]: longer than {limit} characters"
        )));
    }
    let content_type = req.content_type.unwrap_or_else(|| "comment".into());
    validate::content_type(&content_type).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    let policy = policy_for(&state, &caller, req.source_app).await?;
    let count = texts.len();
    let classified = state
        .engine
        .classify_texts(std::sync::Arc::new(texts), policy.options())
        .await;
    let mut results = Vec::with_capacity(count);
    for c in classified {
        let d = policy.decide(&c, &content_type);
        results.push(ClassifyResult {
            classifiers: c.runs.iter().map(|r| r.view()).collect(),
            scores: c.scores(),
            language: c.language,
            gaps: c.gaps,
            decision: DecisionPreview {
                verdict: d.verdict,
                reason: d.reason,
                policy_version: policy.label.clone(),
            },
        });
    }
    metrics::counter!("modd_classify_texts_total").increment(count as u64);
    Ok(axum::Json(ClassifyResponse { results }))
}

/// The named app's policy (the key must be allowed for it), else the
/// policy of the key's only app, else the built-in policy.
async fn policy_for(
    state: &AppState,
    caller: &Caller,
    source_app: Option<String>,
) -> Result<std::sync::Arc<Policy>, ApiError> {
    let app = match source_app {
        Some(app) => {
            validate::source_app(&app).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
            caller.require_app(&app)?;
            Some(app)
        }
        None if caller.key.source_apps.len() == 1 => caller.key.source_apps.first().cloned(),
        None => None,
    };
    match app {
        Some(app) => Ok(state.policies.get(&app).await?),
        None => Ok(std::sync::Arc::new(Policy::builtin(""))),
    }
}
