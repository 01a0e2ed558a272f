//! The OpenAI-compatible moderation provider: `POST {base}/moderations` with
//! `{"model","input"}` and a bearer key; works with OpenAI itself and with
//! self-hosted servers speaking the same API. Images go through as
//! `image_url` content parts. OpenAI's category names are mapped onto our
//! taxonomy (`self-harm/intent` → `self_harm_intent`).

use modd_common::Category;
use serde_json::{Value, json};

use super::wire::{exchange, score};
use super::{AttemptError, RemoteInput, RemoteScores, Transport};
use crate::settings::{OpenAiSettings, SecretKey};

pub struct OpenAiModeration {
    url: url::Url,
    key: Option<SecretKey>,
    model: String,
    /// Taxonomy categories to keep.
    categories: Vec<Category>,
}

impl OpenAiModeration {
    pub fn new(s: &OpenAiSettings) -> Self {
        let mut url = s.base_url.clone();
        let path = format!("{}/moderations", url.path().trim_end_matches('/'));
        url.set_path(&path);
        let categories = if s.categories.is_empty() {
            Category::ALL
                .into_iter()
                .filter(|c| c.openai_name().is_some())
                .collect()
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
        // A category whose applied input types are `[]` was not scored at
        // all (modd itself answers so); its 0 must not count as a score.
        let applied = result
            .get("category_applied_input_types")
            .and_then(Value::as_object);
        let unscored = |name: &str| {
            applied
                .and_then(|a| a.get(name))
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
        };
        let mut raw = Vec::new();
        let mut out = Vec::new();
        for (name, v) in scores.iter().filter(|(n, _)| !unscored(n)) {
            let value = score(name, v)?;
            raw.push((name.clone(), value));
            // Categories OpenAI adds later are kept raw until mapped.
            match Category::from_openai(name) {
                Some(c) if self.categories.contains(&c) => out.push((c, value)),
                _ => {}
            }
        }
        let model = body
            .get("model")
            .and_then(Value::as_str)
            .unwrap_or(&self.model);
        Ok(RemoteScores {
            raw,
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

    fn categories(&self) -> &[Category] {
        &self.categories
    }

    fn model(&self) -> &str {
        &self.model
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

    fn provider(categories: &[Category]) -> OpenAiModeration {
        OpenAiModeration::new(&OpenAiSettings {
            base_url: url::Url::parse("http://127.0.0.1:1/v1/").unwrap(),
            api_key: None,
            model: "omni-moderation-latest".into(),
            categories: categories.to_vec(),
        })
    }

    #[test]
    fn every_openai_category_by_default_and_the_url() {
        assert_eq!(provider(&[]).categories.len(), 13);
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
    fn categories_applied_to_no_input_are_not_scores() {
        let p = provider(&[]);
        let body = json!({"results": [{"category_scores": {"violence": 0.0, "hate": 0.2},
            "category_applied_input_types": {"violence": [], "hate": ["text"]}}]});
        assert_eq!(p.parse(&body).unwrap().scores, vec![(Category::Hate, 0.2)]);
    }

    #[test]
    fn keeps_only_configured_categories() {
        let p = provider(&[Category::Violence, Category::SelfHarm]);
        let body = json!({"model": "omni-moderation-2024-09-26", "results": [{"category_scores": {
            "violence": 0.5, "self-harm": 0.25, "hate": 0.9}}]});
        let r = p.parse(&body).unwrap();
        assert_eq!(r.model_version, "omni-moderation-2024-09-26");
        assert_eq!(
            r.scores,
            vec![(Category::SelfHarm, 0.25), (Category::Violence, 0.5)]
        );
        assert_eq!(r.raw.len(), 3, "raw keeps every output");
    }
}
