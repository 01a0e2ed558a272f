//! The cascade, the engine's [`RemoteStage`]: local models first; a remote
//! provider only for what they cannot answer. A provider is consulted for
//! (a) categories no local classifier scored for this item (not covered, or
//! skipped because of the language), (b) categories whose local score falls
//! in the configured uncertain band, and (c) images, which no local model
//! scores. Each category goes to the first provider (in configuration
//! order) that offers it; the providers needed run concurrently.
//!
//! A remote score for an uncertain category replaces the local one in the
//! decision (the local model's raw output stays in its run). A failing
//! provider becomes [`Classification::fail`]: a gap the policy turns into
//! its classifier-failure action, never an approval.

use async_trait::async_trait;
use modd_common::Category;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Provider, RemoteInput};
use crate::classify::{Classification, ClassifierOutput, Content, RemoteStage, Scored};

pub struct Cascade {
    providers: Vec<Arc<Provider>>,
    uncertain: Option<(f64, f64)>,
}

/// One provider's share of the work.
struct Plan {
    provider: Arc<Provider>,
    categories: BTreeSet<Category>,
    image: bool,
}

impl Cascade {
    pub fn new(providers: Vec<Arc<Provider>>, uncertain: Option<(f64, f64)>) -> Self {
        Self {
            providers,
            uncertain,
        }
    }

    /// No provider configured: the cascade never calls out.
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }

    pub fn providers(&self) -> &[Arc<Provider>] {
        &self.providers
    }

    fn uncertain(&self, score: f64) -> bool {
        self.uncertain
            .is_some_and(|(lo, hi)| score >= lo && score < hi)
    }

    fn plan(&self, content: &Content<'_>, result: &Classification) -> Vec<Plan> {
        let covered = result.covered();
        let mut wanted: BTreeSet<Category> = result
            .scored()
            .filter(|s| self.uncertain(s.score))
            .map(|s| s.category)
            .collect();
        let mut image_pending = content.image_url.is_some();
        let mut taken = BTreeSet::new();
        let mut plans = Vec::new();
        for p in &self.providers {
            if content.text.is_none() && !p.accepts_images() {
                continue;
            }
            let mine: BTreeSet<Category> = p
                .categories()
                .iter()
                .filter(|c| !taken.contains(*c) && (wanted.contains(*c) || !covered.contains(*c)))
                .copied()
                .collect();
            let image = image_pending && p.accepts_images();
            // Once assigned, a category is not asked of later providers.
            wanted.retain(|c| !mine.contains(c));
            taken.extend(mine.iter().copied());
            image_pending &= !image;
            if !mine.is_empty() || image {
                plans.push(Plan {
                    provider: p.clone(),
                    categories: mine,
                    image,
                });
            }
        }
        plans
    }
}

#[async_trait]
impl RemoteStage for Cascade {
    fn provider_stats(&self) -> Vec<modd_common::ProviderStats> {
        self.providers.iter().map(|p| p.stats()).collect()
    }

    async fn refine(&self, content: &Content<'_>, result: &mut Classification) {
        let plans = self.plan(content, result);
        if plans.is_empty() {
            return;
        }
        let calls = plans.iter().map(|plan| {
            // A provider that is not asked for the image gets the text only.
            let input = RemoteInput {
                text: content.text,
                image_url: content.image_url.filter(|_| plan.image),
            };
            async move { plan.provider.classify(&input).await }
        });
        let answers = futures::future::join_all(calls).await;
        for (plan, answer) in plans.iter().zip(answers) {
            let name = plan.provider.name();
            let r = match answer {
                Ok(r) => r,
                Err(e) => {
                    result.fail(name, plan.provider.model(), e.to_string());
                    continue;
                }
            };
            let scores: Vec<Scored> = r
                .scores
                .into_iter()
                .filter(|(c, _)| plan.image || plan.categories.contains(c))
                .map(|(c, v)| Scored::new(c, v))
                .collect();
            for run in &mut result.runs {
                run.output.scores.retain(|s| {
                    !(self.uncertain(s.score) && scores.iter().any(|n| n.category == s.category))
                });
            }
            let output = ClassifierOutput {
                raw: r.raw.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect(),
                scores,
                image_scored: plan.image,
            };
            result.push(name, &r.model_version, output);
        }
    }
}
