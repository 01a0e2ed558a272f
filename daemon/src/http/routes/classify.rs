//! `POST /api/v1/classify`: classify one text or a list without storing
//! anything, and show everything the engine found (each classifier's raw
//! outputs, mapped scores with spans, language, gaps) and what the caller's
//! policy would decide. The text is never logged.

use axum::extract::State;
use modd_common::{ClassifyRequest, ClassifyResponse, ClassifyResult, DecisionPreview, ErrorBody};

use crate::http::auth::{Caller, Submitter};
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
    Submitter(caller): Submitter,
    Json(req): Json<ClassifyRequest>,
) -> Result<axum::Json<ClassifyResponse>, ApiError> {
    if req.image_url.is_some() || req.image_base64.is_some() {
        return classify_image(state, caller, req).await;
    }
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
    let results = classified
        .into_iter()
        .map(|c| result(c, &policy, &content_type))
        .collect();
    metrics::counter!("modd_classify_texts_total").increment(count as u64);
    Ok(axum::Json(ClassifyResponse { results }))
}

fn result(
    c: crate::classify::Classification,
    policy: &Policy,
    content_type: &str,
) -> ClassifyResult {
    let d = policy.decide(&c, content_type);
    ClassifyResult {
        classifiers: c.runs.iter().map(|r| r.view()).collect(),
        scores: c.scores(),
        language: c.language,
        gaps: c.gaps,
        decision: DecisionPreview {
            verdict: d.verdict,
            reason: d.reason,
            policy_version: policy.label.clone(),
        },
    }
}

/// One image (http(s) or `data:` URL, or base64), with at most one text.
/// A bad image is reported in the result (the `open_nsfw` run's `error`,
/// a gap, and the decision it leads to), not as a failed request.
async fn classify_image(
    state: AppState,
    caller: Caller,
    req: ClassifyRequest,
) -> Result<axum::Json<ClassifyResponse>, ApiError> {
    let unprocessable = |e: validate::Invalid| ApiError::Unprocessable(e.to_string());
    if req.texts.is_some() {
        return Err(ApiError::Unprocessable(
            "texts: an image goes with at most one `text`, not `texts`".into(),
        ));
    }
    let max_bytes = state.settings.images.max_bytes;
    let image = match (req.image_url, req.image_base64) {
        (Some(_), Some(_)) => {
            return Err(ApiError::Unprocessable(
                "image_base64: give either image_url or image_base64, not both".into(),
            ));
        }
        (Some(url), None) => {
            if !url
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
            {
                validate::http_image_url(&url).map_err(unprocessable)?;
            }
            url
        }
        // The caller checked that one of the two is set.
        (None, b64) => validate::inline_image("image_base64", &b64.unwrap_or_default(), max_bytes)
            .map_err(unprocessable)?,
    };
    let limit = state.settings.max_text_chars;
    if req
        .text
        .as_deref()
        .is_some_and(|t| t.chars().nth(limit).is_some())
    {
        return Err(ApiError::Unprocessable(format!(
            "text: longer than {limit} characters"
        )));
    }
    let content_type = req.content_type.unwrap_or_else(|| "comment".into());
    validate::content_type(&content_type).map_err(unprocessable)?;
    let policy = policy_for(&state, &caller, req.source_app).await?;
    let text = req.text.filter(|t| !t.is_empty());
    let c = state
        .engine
        .classify(text.as_deref(), Some(&image), policy.options())
        .await;
    metrics::counter!("modd_classify_images_total").increment(1);
    Ok(axum::Json(ClassifyResponse {
        results: vec![result(c, &policy, &content_type)],
    }))
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
