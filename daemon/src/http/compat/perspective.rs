//! `POST /v1alpha1/comments:analyze`: the Perspective API's request and
//! response over modd's engine (key in `?key=`), for Perspective's users now
//! that it is being shut down. Only attributes backed by a score are
//! answered (see [`super::perspective_map`]); asking for another gets
//! Perspective's own 400. Stores nothing, logs no text.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::Uri;
use std::collections::BTreeMap;

use super::auth;
use super::perspective_map::{self as map, Attribute, LOCAL_LANGUAGES, Source, summary};
use super::perspective_spans::Spans;
use super::perspective_wire::{
    AnalyzeRequest, AnalyzeResponse, AttributeScores, GoogleError, Score,
};
use crate::auth::AuthFailure;
use crate::classify::ClassifyOptions;
use crate::http::permissions::{self, Access};
use crate::state::AppState;

/// Score the requested attributes of one comment.
#[utoipa::path(post, path = "/v1alpha1/comments:analyze", tag = "compatible",
    params(("key" = String, Query, description = "a modd API key")),
    security(("query_key" = [])),
    request_body = super::perspective_wire::AnalyzeRequest,
    responses(
        (status = 200, body = super::perspective_wire::AnalyzeResponse),
        (status = 400, body = super::perspective_wire::GoogleErrorBody, description = "invalid request, invalid key, or an attribute modd cannot score (Google's error shape)"),
        (status = 403, body = super::perspective_wire::GoogleErrorBody, description = "no key"),
        (status = 503, body = super::perspective_wire::GoogleErrorBody)))]
pub async fn analyze(
    State(state): State<AppState>,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::Json<AnalyzeResponse>, GoogleError> {
    match auth::verify(&state, auth::query_key(&uri).as_deref()).await {
        Ok(key) if permissions::allows(key.role, Access::Content) => {}
        Ok(_) => return Err(GoogleError::denied(permissions::refusal(Access::Content))),
        Err(AuthFailure::Missing) => {
            return Err(GoogleError::denied(
                "The request is missing a valid API key.",
            ));
        }
        Err(AuthFailure::Store(e)) => return Err(GoogleError::unavailable(&e.to_string())),
        Err(_) => {
            return Err(GoogleError::invalid(
                "API key not valid. Please pass a valid API key.",
            ));
        }
    }
    let body = body.map_err(|_| {
        GoogleError::invalid(format!(
            "Request payload size exceeds the limit: {} bytes.",
            state.settings.max_body_bytes
        ))
    })?;
    let req: AnalyzeRequest = serde_json::from_slice(&body).map_err(|e| {
        let text = e.to_string();
        let detail = match text.strip_prefix("unknown field `") {
            Some(rest) => format!(
                "Unknown name \"{}\": Cannot find field.",
                rest.chars()
                    .take_while(|c| *c != '`')
                    .take(64)
                    .collect::<String>()
            ),
            None => format!("line {}, column {}.", e.line(), e.column()),
        };
        GoogleError::invalid(format!("Invalid JSON payload received. {detail}"))
    })?;
    let wanted = validate(&req, state.settings.max_text_chars)?;

    let requested: Vec<String> = req.languages.iter().map(|l| map::primary(l)).collect();
    let requested3: Vec<String> = requested.iter().map(|l| map::iso3(l)).collect();
    // Languages the caller vouches for replace detection, as in Perspective,
    // when a local model was trained on each of them.
    let vouched = !requested3.is_empty()
        && requested3.iter().all(|l| {
            state
                .engine
                .classifiers()
                .any(|k| k.language_bound() && map::trained_on(k.name(), std::slice::from_ref(l)))
        });
    let opts = ClassifyOptions {
        every_language: vouched,
        ..ClassifyOptions::default()
    };
    let text = req.comment.text.as_str();
    let c = state.engine.classify(Some(text), None, opts).await;
    let detected: Vec<String> = c
        .language
        .as_ref()
        .and_then(|l| l.code.as_deref())
        .map(map::iso1)
        .into_iter()
        .collect();
    let languages = if !requested.is_empty() {
        requested.clone()
    } else if !detected.is_empty() {
        detected.clone()
    } else {
        LOCAL_LANGUAGES.iter().map(|l| (*l).to_owned()).collect()
    };

    // With languages requested, only the models trained on one of them
    // count, whatever the detector thought of the text.
    let skip: Vec<String> = if requested.is_empty() {
        Vec::new()
    } else {
        c.runs
            .iter()
            .filter(|r| !map::trained_on(&r.classifier, &requested3))
            .map(|r| r.classifier.to_string())
            .collect()
    };
    let mut scores = BTreeMap::new();
    let mut spans = Spans::default();
    for (name, source, threshold) in wanted {
        let scored = source.and_then(|s| Some((s, summary(&c, s, &skip)?)));
        let Some((source, summary)) = scored else {
            return Err(unsupported(&name, &languages));
        };
        if threshold.is_some_and(|t| summary < t) {
            continue;
        }
        let span_scores = if req.span_annotations {
            spans
                .for_attribute(&state.engine, &c, source, text, opts)
                .await
        } else {
            Vec::new()
        };
        scores.insert(
            name,
            AttributeScores {
                span_scores,
                summary_score: Score::probability(summary),
            },
        );
    }
    metrics::counter!("modd_compat_requests_total", "api" => "perspective").increment(1);
    Ok(axum::Json(AnalyzeResponse {
        attribute_scores: scores,
        languages,
        detected_languages: detected,
        client_token: req.client_token,
    }))
}

/// Requested attributes: name, source (`None`: one we have no model for), threshold.
type Wanted = Vec<(String, Option<Source>, Option<f64>)>;

/// Checks the request; returns the attributes with their sources and thresholds.
fn validate(req: &AnalyzeRequest, max_chars: usize) -> Result<Wanted, GoogleError> {
    if req.comment.text.trim().is_empty() {
        return Err(GoogleError::invalid("Comment must be non-empty."));
    }
    if req.comment.text.chars().count() > max_chars {
        return Err(GoogleError::invalid(format!(
            "Comment text too long: at most {max_chars} characters."
        )));
    }
    if let Some(kind) = req.comment.kind.as_deref().filter(|k| *k != "PLAIN_TEXT") {
        return Err(GoogleError::invalid(format!(
            "Comment type {:?} is not supported; use PLAIN_TEXT.",
            kind.chars().take(32).collect::<String>()
        )));
    }
    if req.requested_attributes.is_empty() {
        return Err(GoogleError::invalid(
            "No requested attributes: request at least one attribute.",
        ));
    }
    let mut out = Vec::new();
    for (name, opts) in &req.requested_attributes {
        let shown: String = name.chars().take(64).collect();
        if let Some(t) = opts.score_type.as_deref().filter(|t| *t != "PROBABILITY") {
            return Err(GoogleError::invalid(format!(
                "Unsupported score type {:?} for attribute {shown}; only PROBABILITY.",
                t.chars().take(32).collect::<String>()
            )));
        }
        if opts
            .score_threshold
            .is_some_and(|t| !(0.0..=1.0).contains(&t))
        {
            return Err(GoogleError::invalid(format!(
                "scoreThreshold of {shown} must be between 0 and 1."
            )));
        }
        match map::attribute(name) {
            Attribute::Mapped(source) => {
                out.push((name.clone(), Some(source), opts.score_threshold));
            }
            // Refused once the languages are known, so the message names them.
            Attribute::Unscored => out.push((name.clone(), None, None)),
            Attribute::Unknown => {
                return Err(GoogleError::invalid(format!("Unknown attribute: {shown}")));
            }
        }
    }
    Ok(out)
}

/// Perspective's answer for an attribute it has no model for in these languages.
fn unsupported(attribute: &str, languages: &[String]) -> GoogleError {
    let langs = if languages.is_empty() {
        "und".to_owned()
    } else {
        languages
            .iter()
            .map(|l| map::primary(l))
            .collect::<Vec<_>>()
            .join(",")
    };
    GoogleError::invalid(format!(
        "Attribute {attribute} does not support request languages: {langs}"
    ))
}
