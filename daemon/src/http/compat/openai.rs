//! `POST /v1/moderations`: OpenAI's moderation API over modd's engine, so
//! an app using an OpenAI SDK switches by changing the base URL and the key
//! (`Authorization: Bearer <modd key>`). Stores nothing, logs no text.
//! Errors use OpenAI's body (`{"error":{"message","type","param","code"}}`).

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use modd_common::{Category, Verdict};
use std::collections::BTreeMap;

use super::auth;
use super::openai_wire::{
    ContentPart, ModerationInput, ModerationRequest, ModerationResponse, ModerationResult,
    OpenAiError,
};
use crate::auth::AuthFailure;
use crate::classify::Classification;
use crate::http::permissions::{self, Access};
use crate::policy::{Decision, Policy};
use crate::state::AppState;

/// Most inputs in one request (each is classified; nothing is queued).
pub const MAX_INPUTS: usize = 256;
/// `content_type` used for thresholds when the request names none.
const DEFAULT_CONTENT_TYPE: &str = "comment";

/// One input to classify: text, an image, or both (content parts).
#[derive(Debug, Default)]
struct Input {
    text: Option<String>,
    image_url: Option<String>,
}

/// Classify text and images (the local image model, else a remote provider)
/// in OpenAI's shape.
#[utoipa::path(post, path = "/v1/moderations", tag = "compatible",
    request_body = super::openai_wire::ModerationRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, body = super::openai_wire::ModerationResponse),
        (status = 400, body = super::openai_wire::OpenAiErrorBody, description = "invalid request (OpenAI's error shape)"),
        (status = 401, body = super::openai_wire::OpenAiErrorBody),
        (status = 403, body = super::openai_wire::OpenAiErrorBody),
        (status = 413, body = super::openai_wire::OpenAiErrorBody),
        (status = 503, body = super::openai_wire::OpenAiErrorBody)))]
pub async fn moderations(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<ModerationResponse>, OpenAiError> {
    let key = match auth::verify(&state, auth::bearer(&headers)).await {
        Ok(key) => key,
        Err(AuthFailure::Missing) => {
            return Err(OpenAiError::unauthorized(
                "You didn't provide an API key. Send your modd key as `Authorization: Bearer <key>`.",
            ));
        }
        Err(AuthFailure::Store(e)) => return Err(OpenAiError::unavailable(&e.to_string())),
        Err(other) => {
            return Err(OpenAiError::unauthorized(format!(
                "Incorrect API key provided: {other}."
            )));
        }
    };
    if !permissions::allows(key.role, Access::Content) {
        return Err(OpenAiError::forbidden(permissions::refusal(
            Access::Content,
        )));
    }
    let body = body.map_err(|_| OpenAiError::too_large(state.settings.images.max_body_bytes))?;
    let req = parse(&body)?;
    let inputs = inputs(req.input, state.settings.max_text_chars)?;
    let app = match req.source_app.as_deref() {
        Some(app) => app.to_owned(),
        None => key
            .source_apps
            .first()
            .filter(|_| key.source_apps.len() == 1)
            .cloned()
            .unwrap_or_default(),
    };
    let caller = crate::http::auth::Caller { key };
    if !app.is_empty() && !caller.may_use_app(&app) {
        return Err(OpenAiError::forbidden(
            "this API key is not allowed for that source_app",
        ));
    }
    let policy = state
        .policies
        .get(&app)
        .await
        .map_err(|e| OpenAiError::unavailable(&e.to_string()))?;
    let content_type = req.content_type.as_deref().unwrap_or(DEFAULT_CONTENT_TYPE);
    let mut results = Vec::with_capacity(inputs.len());
    for input in &inputs {
        let c = state
            .engine
            .classify(
                input.text.as_deref(),
                input.image_url.as_deref(),
                policy.options(),
            )
            .await;
        let decision = policy.decide(&c, content_type);
        results.push(result(&c, &decision, &policy, content_type, input));
    }
    metrics::counter!("modd_compat_requests_total", "api" => "openai").increment(1);
    Ok(axum::Json(ModerationResponse {
        id: format!("modr-{}", uuid::Uuid::new_v4().simple()),
        model: format!("modd-{}", env!("CARGO_PKG_VERSION")),
        results,
    }))
}

/// serde's messages can quote the input; ours never do.
fn parse(body: &[u8]) -> Result<ModerationRequest, OpenAiError> {
    serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        if let Some(rest) = text.strip_prefix("unknown field `") {
            let name: String = rest.chars().take_while(|c| *c != '`').take(64).collect();
            return OpenAiError::invalid(&name, format!("Unrecognized request argument supplied: {name}"));
        }
        match e.classify() {
            serde_json::error::Category::Data if text.starts_with("missing field `input`") => {
                OpenAiError::invalid("input", "Missing required parameter: 'input'.")
            }
            serde_json::error::Category::Data => OpenAiError::invalid(
                "input",
                "Invalid 'input': expected a string, an array of strings, or an array of content parts ({type:\"text\",text} or {type:\"image_url\",image_url:{url}}).",
            ),
            _ => OpenAiError::invalid(
                "body",
                format!(
                    "We could not parse the JSON body of your request (line {}, column {}).",
                    e.line(),
                    e.column()
                ),
            ),
        }
    })
}

fn inputs(input: ModerationInput, max_chars: usize) -> Result<Vec<Input>, OpenAiError> {
    let list = match input {
        ModerationInput::Text(t) => vec![Input {
            text: Some(t),
            image_url: None,
        }],
        ModerationInput::Texts(v) => v
            .into_iter()
            .map(|t| Input {
                text: Some(t),
                image_url: None,
            })
            .collect(),
        ModerationInput::Parts(parts) => vec![from_parts(parts)?],
    };
    if list.is_empty() {
        return Err(OpenAiError::invalid(
            "input",
            "Invalid 'input': empty array. Expected at least one input.",
        ));
    }
    if list.len() > MAX_INPUTS {
        return Err(OpenAiError::invalid(
            "input",
            format!("Invalid 'input': at most {MAX_INPUTS} inputs per request."),
        ));
    }
    for i in &list {
        if i.text
            .as_ref()
            .is_some_and(|t| t.chars().count() > max_chars)
        {
            return Err(OpenAiError::invalid(
                "input",
                format!("Invalid 'input': a text is longer than {max_chars} characters."),
            ));
        }
    }
    Ok(list)
}

/// Content parts make one input: texts joined by newlines, at most one image.
fn from_parts(parts: Vec<ContentPart>) -> Result<Input, OpenAiError> {
    let mut texts = Vec::new();
    let mut image = None;
    for p in parts {
        match p {
            ContentPart::Text { text } => texts.push(text),
            ContentPart::ImageUrl { image_url } if image.is_none() => {
                let ok = url::Url::parse(&image_url.url)
                    .is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "data"));
                if !ok {
                    return Err(OpenAiError::invalid(
                        "input",
                        "Invalid 'image_url.url': expected an http(s) or data: URL.",
                    ));
                }
                image = Some(image_url.url);
            }
            ContentPart::ImageUrl { .. } => {
                return Err(OpenAiError::invalid(
                    "input",
                    "Invalid 'input': at most one image per input.",
                ));
            }
        }
    }
    Ok(Input {
        text: (!texts.is_empty()).then(|| texts.join("\n")),
        image_url: image,
    })
}

/// Every category some classifier scored, OpenAI's and modd's own. A
/// category nothing scored (no model for the input's language, or none
/// installed) is absent from `categories` and `category_scores`, never a
/// 0 that would read as "looked and found nothing"; OpenAI's categories
/// keep their `category_applied_input_types` entry, `[]`.
fn result(
    c: &Classification,
    decision: &Decision,
    policy: &Policy,
    content_type: &str,
    input: &Input,
) -> ModerationResult {
    let mut categories = BTreeMap::new();
    let mut scores = BTreeMap::new();
    let mut applied = BTreeMap::new();
    for cat in Category::ALL {
        let score = c.score_of(cat);
        let name = match (cat.openai_name(), score) {
            (Some(n), _) => n.to_owned(),
            (None, Some(_)) => cat.as_str().to_owned(),
            (None, None) => continue,
        };
        let Some(value) = score else {
            applied.insert(name, Vec::new());
            continue;
        };
        let review_at = policy.document.thresholds(cat, content_type).review_at;
        categories.insert(name.clone(), review_at.is_some_and(|r| value >= r));
        scores.insert(name.clone(), value);
        applied.insert(name, applied_types(c, cat, input));
    }
    ModerationResult {
        flagged: decision.verdict != Verdict::Approved,
        categories,
        category_scores: scores,
        category_applied_input_types: applied,
    }
}

/// `text` when a text was scored for `cat`, `image` when an image was. A
/// remote provider scores text and image together; the local image model
/// (`open_nsfw`) sees the image only.
fn applied_types(c: &Classification, cat: Category, input: &Input) -> Vec<String> {
    let mut out = Vec::new();
    let scored_by = |pick: &dyn Fn(&crate::classify::ClassifierRun) -> bool| {
        c.runs.iter().any(|r| {
            r.error.is_none() && pick(r) && r.output.scores.iter().any(|s| s.category == cat)
        })
    };
    if input.text.is_some() && scored_by(&|r| &*r.classifier != crate::images::model::CLASSIFIER) {
        out.push("text".to_owned());
    }
    if input.image_url.is_some() && scored_by(&|r| r.output.image_scored) {
        out.push("image".to_owned());
    }
    out
}
