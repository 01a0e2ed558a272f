//! The OpenAI-compatible moderation provider: `POST {base}/moderations` with
//! `{"model","input"}` and a bearer key; works with OpenAI itself and with
//! self-hosted servers speaking the same API. Images go through as
//! `image_url` content parts. OpenAI's category names are mapped onto our
//! taxonomy (`self-harm/intent` → `self_harm_intent`).

use serde_json::{Value, json};

use super::wire::{exchange, score};
use super::{AttemptError, RemoteInput, RemoteScores, Transport};
use crate::settings::{OpenAiSettings, SecretKey};

/// OpenAI's moderation categories (omni-moderation, 2024-09).
pub const OPENAI_CATEGORIES: &[&str] = &[
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
];

/// Our taxonomy's name for an OpenAI category: `/` and `-` become `_`.
pub fn to_taxonomy(openai_name: &str) -> String {
    openai_name.replace(['/', '-'], "_")
}

/// OpenAI's name for one of our categories, if it has one.
pub fn from_taxonomy(category: &str) -> Option<&'static str> {
    OPENAI_CATEGORIES
        .iter()
        .copied()
        .find(|c| to_taxonomy(c) == category)
}

pub struct OpenAiModeration {
    url: url::Url,
    key: Option<SecretKey>,
    model: String,
    /// Taxonomy names to keep.
    categories: Vec<String>,
}

impl OpenAiModeration {
    pub fn new(s: &OpenAiSettings) -> Self {
        let mut url = s.base_url.clone();
        let path = format!("{}/moderations", url.path().trim_end_matches('/'));
        url.set_path(&path);
        let categories = if s.categories.is_empty() {
            OPENAI_CATEGORIES.iter().map(|c| to_taxonomy(c)).collect()
        } else {
            s.categories.clone()
        };
        Self {
            url,
            key: s.api_key.clone(),
            model: s.model.clone(),
            categories,
        }
    }

    fn body(&self, input: &RemoteInput<'_>) -> Value {
        let input = match (input.text, input.image_url) {
            (Some(t), None) => json!(t),
            (text, image) => {
                let mut parts = Vec::new();
                if let Some(t) = text {
                    parts.push(json!({"type": "text", "text": t}));
                }
                if let Some(u) = image {
                    parts.push(json!({"type": "image_url", "image_url": {"url": u}}));
                }
                Value::Array(parts)
            }
        };
        json!({"model": self.model, "input": input})
    }

    fn parse(&self, body: &Value) -> Result<RemoteScores, AttemptError> {
        let result = body
            .get("results")
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .ok_or_else(|| AttemptError::Malformed("no results[0]".into()))?;
        let scores = result
            .get("category_scores")
            .and_then(Value::as_object)
            .ok_or_else(|| AttemptError::Malformed("no results[0].category_scores".into()))?;
        let mut out = Vec::new();
        for (name, v) in scores {
            let category = to_taxonomy(name);
            if self.categories.contains(&category) {
                out.push((category, score(name, v)?));
            }
        }
        let model = body
            .get("model")
            .and_then(Value::as_str)
            .unwrap_or(&self.model);
        Ok(RemoteScores {
            scores: out,
            model_version: model.chars().take(100).collect(),
        })
    }
}

#[async_trait::async_trait]
impl Transport for OpenAiModeration {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn categories(&self) -> &[String] {
        &self.categories
    }

    fn accepts_images(&self) -> bool {
        true
    }

    async fn send(
        &self,
        client: &reqwest::Client,
        input: &RemoteInput<'_>,
    ) -> Result<RemoteScores, AttemptError> {
        let mut req = client.post(self.url.clone()).json(&self.body(input));
        if let Some(k) = &self.key {
            req = req.bearer_auth(k.expose());
        }
        self.parse(&exchange(req).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(categories: &[&str]) -> OpenAiModeration {
        OpenAiModeration::new(&OpenAiSettings {
            base_url: url::Url::parse("http://127.0.0.1:1/v1/").unwrap(),
            api_key: None,
            model: "omni-moderation-latest".into(),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        })
    }

    #[test]
    fn names_map_both_ways() {
        assert_eq!(to_taxonomy("self-harm/intent"), "self_harm_intent");
        assert_eq!(
            from_taxonomy("harassment_threatening"),
            Some("harassment/threatening")
        );
        assert_eq!(from_taxonomy("profanity"), None);
        assert_eq!(
            provider(&[]).url.as_str(),
            "http://127.0.0.1:1/v1/moderations"
        );
    }

    #[test]
    fn images_become_content_parts() {
        let p = provider(&[]);
        let b = p.body(&RemoteInput {
            text: Some("hi"),
            image_url: Some("https://x/y.png"),
        });
        assert_eq!(b["input"][1]["image_url"]["url"], "https://x/y.png");
        assert_eq!(b["input"][0]["text"], "hi");
        let b = p.body(&RemoteInput {
            text: Some("hi"),
            image_url: None,
        });
        assert_eq!(b["input"], "hi");
    }

    #[test]
    fn keeps_only_configured_categories() {
        let p = provider(&["violence", "self_harm"]);
        let body = json!({"model": "omni-moderation-2024-09-26", "results": [{"category_scores": {
            "violence": 0.5, "self-harm": 0.25, "hate": 0.9}}]});
        let r = p.parse(&body).unwrap();
        assert_eq!(r.model_version, "omni-moderation-2024-09-26");
        assert_eq!(
            r.scores,
            vec![("self_harm".into(), 0.25), ("violence".into(), 0.5)]
        );
    }
}
