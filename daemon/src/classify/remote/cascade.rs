//! The cascade: local models first; a remote provider only for what they
//! cannot answer. A provider is consulted for (a) categories no local model
//! covers (for this text's language), (b) categories whose local score falls
//! in the configured uncertain band, and (c) images, which no local model
//! scores. Each category goes to the first provider (in configuration order)
//! that offers it; the providers needed run concurrently. A failing provider
//! is reported in [`CascadeOutcome::failures`]: the caller applies the
//! policy's classifier-failure action, so a failure never approves silently.

use modd_common::CategoryScore;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Provider, ProviderError, RemoteInput};

pub struct Cascade {
    providers: Vec<Arc<Provider>>,
    uncertain: Option<(f64, f64)>,
}

/// What the cascade adds to the local scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CascadeOutcome {
    /// The scores to decide on: local ones, minus those superseded, plus remote ones.
    pub scores: Vec<CategoryScore>,
    /// Local scores in the uncertain band that a remote score replaced (kept for the record).
    pub superseded: Vec<CategoryScore>,
    /// Providers that answered.
    pub consulted: Vec<&'static str>,
    /// Providers that were needed and failed.
    pub failures: Vec<ProviderError>,
}

/// One provider's share of the work.
struct Plan {
    provider: Arc<Provider>,
    categories: BTreeSet<String>,
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

    fn plan(
        &self,
        input: &RemoteInput<'_>,
        local: &[CategoryScore],
        covered: &[&str],
    ) -> Vec<Plan> {
        let mut wanted: BTreeSet<String> = local
            .iter()
            .filter(|s| self.uncertain(s.score))
            .map(|s| s.category.clone())
            .collect();
        let mut image_pending = input.image_url.is_some();
        let mut plans = Vec::new();
        for p in &self.providers {
            if input.text.is_none() && !p.accepts_images() {
                continue;
            }
            let mine: BTreeSet<String> = p
                .categories()
                .iter()
                .filter(|c| wanted.contains(*c) || !covered.contains(&c.as_str()))
                .cloned()
                .collect();
            let image = image_pending && p.accepts_images();
            // Once assigned, a category is not asked of later providers.
            wanted.retain(|c| !mine.contains(c));
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

    /// Runs the providers this item needs and merges their scores into `local`.
    /// `covered` lists the categories the local models score for this item.
    pub async fn run(
        &self,
        input: &RemoteInput<'_>,
        local: Vec<CategoryScore>,
        covered: &[&str],
    ) -> CascadeOutcome {
        let plans = self.plan(input, &local, covered);
        let mut out = CascadeOutcome {
            scores: local,
            ..Default::default()
        };
        if plans.is_empty() {
            return out;
        }
        let calls = plans.iter().map(|plan| {
            // A provider that is not asked for the image gets the text only.
            let input = RemoteInput {
                text: input.text,
                image_url: input.image_url.filter(|_| plan.image),
            };
            async move { plan.provider.classify(&input).await }
        });
        let results = futures::future::join_all(calls).await;
        for (plan, result) in plans.iter().zip(results) {
            match result {
                Ok(scores) => {
                    out.consulted.push(plan.provider.name());
                    for s in scores {
                        if !(plan.image || plan.categories.contains(&s.category)) {
                            continue;
                        }
                        let (old, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut out.scores)
                            .into_iter()
                            .partition(|l| l.category == s.category && self.uncertain(l.score));
                        out.scores = kept;
                        out.superseded.extend(old);
                        out.scores.push(s);
                    }
                }
                Err(e) => out.failures.push(e),
            }
        }
        out
    }
}
