//! The generic HTTP provider, for in-house models: `POST {"text": ...}` (and
//! `"image_url"` when the item has one) → `{"categories": {name: score}}`,
//! optionally with `"model_version"`. Category names must already be ours;
//! only the configured ones are kept.

use modd_common::Category;
use serde_json::{Value, json};

use super::wire::{exchange, score};
use super::{AttemptError, RemoteInput, RemoteScores, Transport};
use crate::settings::{HttpProviderSettings, SecretKey};

pub struct HttpModel {
    url: url::Url,
    key: Option<SecretKey>,
    categories: Vec<Category>,
}

impl HttpModel {
    pub fn new(s: &HttpProviderSettings) -> Self {
        Self {
            url: s.url.clone(),
            key: s.api_key.clone(),
            categories: s.categories.clone(),
        }
    }

    fn parse(&self, body: &Value) -> Result<RemoteScores, AttemptError> {
        let categories = body
            .get("categories")
            .and_then(Value::as_object)
            .ok_or_else(|| AttemptError::Malformed("no \"categories\" object".into()))?;
        let mut raw = Vec::new();
        let mut scores = Vec::new();
        for (name, v) in categories {
            let value = score(name, v)?;
            raw.push((name.clone(), value));
            match name.parse::<Category>() {
                Ok(c) if self.categories.contains(&c) => scores.push((c, value)),
                _ => {}
            }
        }
        let model_version = body
            .get("model_version")
            .and_then(Value::as_str)
            .unwrap_or("unversioned")
            .chars()
            .take(100)
            .collect();
        Ok(RemoteScores {
            raw,
            scores,
            model_version,
        })
    }
}

#[async_trait::async_trait]
impl Transport for HttpModel {
    fn name(&self) -> &'static str {
        "http"
    }

    fn categories(&self) -> &[Category] {
        &self.categories
    }

    fn model(&self) -> &str {
        "unversioned"
    }

    fn accepts_images(&self) -> bool {
        false
    }

    async fn send(
        &self,
        client: &reqwest::Client,
        input: &RemoteInput<'_>,
    ) -> Result<RemoteScores, AttemptError> {
        let mut req = client
            .post(self.url.clone())
            .json(&json!({"text": input.text.unwrap_or("")}));
        if let Some(k) = &self.key {
            req = req.bearer_auth(k.expose());
        }
        self.parse(&exchange(req).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_filters() {
        let m = HttpModel::new(&HttpProviderSettings {
            url: url::Url::parse("http://127.0.0.1:1/score").unwrap(),
            api_key: None,
            categories: vec![Category::Sexual],
        });
        let r = m
            .parse(&json!({"categories": {"sexual": 0.75, "other": 0.1}, "model_version": "v7"}))
            .unwrap();
        assert_eq!(r.scores, vec![(Category::Sexual, 0.75)]);
        assert_eq!(r.model_version, "v7");
        assert!(matches!(
            m.parse(&json!({"scores": {}})),
            Err(AttemptError::Malformed(_))
        ));
        assert!(matches!(
            m.parse(&json!({"categories": {"sexual": "high"}})),
            Err(AttemptError::Malformed(_))
        ));
    }
}
