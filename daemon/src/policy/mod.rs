//! Policy: turns category scores and gaps into a verdict, per `source_app`
//! (and `content_type`), with versioned documents stored in the database.
//!
//! | module | owns |
//! |---|---|
//! | this file | [`Policy`]: a document with its version, and `decide` |
//! | [`cache`] | [`Policies`]: the current policy of each app, cached with a TTL |
//! | [`dry_run`] | re-deciding stored results under a proposed document |

pub mod cache;
pub mod dry_run;

pub use cache::{Policies, PolicyError};

use modd_common::{
    Category, CategoryGapAction, Gap, GapAction, LanguageAction, PolicyDocument, PolicyView,
    Verdict,
};

use crate::classify::{Classification, ClassifyOptions};
use crate::store::PolicyRecord;

/// The `policy_version` of the built-in policy.
pub const BUILTIN_VERSION: &str = "builtin@v1";

/// A policy document and the version decisions record.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub source_app: String,
    /// 0 for the built-in policy.
    pub version: i64,
    /// `{app}@v{version}` or [`BUILTIN_VERSION`].
    pub label: String,
    pub document: PolicyDocument,
    pub record: Option<PolicyRecord>,
}

/// A verdict and what drove it: a category name or a gap's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub verdict: Verdict,
    pub reason: Option<String>,
}

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Approved => 0,
        Verdict::Flagged => 1,
        Verdict::Blocked => 2,
    }
}

impl Policy {
    /// The built-in policy (seed thresholds) of an app without its own.
    pub fn builtin(source_app: &str) -> Self {
        Self {
            source_app: source_app.to_owned(),
            version: 0,
            label: BUILTIN_VERSION.into(),
            document: PolicyDocument::default(),
            record: None,
        }
    }

    /// A stored version; `Err` when its document no longer parses.
    pub fn from_record(record: PolicyRecord) -> Result<Self, serde_json::Error> {
        let document: PolicyDocument = serde_json::from_value(record.document.clone())?;
        Ok(Self {
            label: format!("{}@v{}", record.source_app, record.version),
            source_app: record.source_app.clone(),
            version: record.version,
            document,
            record: Some(record),
        })
    }

    /// What the engine must know before classifying.
    pub fn options(&self) -> ClassifyOptions {
        ClassifyOptions::for_policy(&self.document)
    }

    pub fn view(&self) -> PolicyView {
        PolicyView {
            source_app: self.source_app.clone(),
            version: self.version,
            policy_version: self.label.clone(),
            builtin: self.record.is_none(),
            document: self.document.clone(),
            created_at: self.record.as_ref().map(|r| r.created_at),
            created_by: self.record.as_ref().and_then(|r| r.created_by.clone()),
        }
    }

    /// Decides a fresh classification.
    pub fn decide(&self, c: &Classification, content_type: &str) -> Decision {
        let scores = c.scored().map(|s| (s.category, s.score));
        self.decide_scores(scores, &c.gaps, content_type)
    }

    /// The strictest outcome any category or gap reaches. Among equals,
    /// scores come before gaps and the highest score wins. Non-finite
    /// scores are ignored (the store refuses them anyway).
    pub fn decide_scores(
        &self,
        scores: impl IntoIterator<Item = (Category, f64)>,
        gaps: &[Gap],
        content_type: &str,
    ) -> Decision {
        // (rank, is_score, score) orders candidates; the reason rides along.
        let mut best: Option<((u8, bool, f64), String)> = None;
        let mut offer = |verdict: Verdict, is_score: bool, score: f64, reason: String| {
            let key = (rank(verdict), is_score, score);
            let better = best.as_ref().is_none_or(|(b, _)| {
                (key.0, key.1)
                    .cmp(&(b.0, b.1))
                    .then(key.2.total_cmp(&b.2))
                    .is_gt()
            });
            if better {
                best = Some((key, reason));
            }
        };
        for (category, score) in scores {
            if !score.is_finite() {
                continue;
            }
            let t = self.document.thresholds(category, content_type);
            let verdict = if t.block_at.is_some_and(|b| score >= b) {
                Verdict::Blocked
            } else if t.review_at.is_some_and(|r| score >= r) {
                Verdict::Flagged
            } else {
                continue;
            };
            offer(verdict, true, score, category.as_str().to_owned());
        }
        for gap in gaps {
            let verdict = match gap {
                Gap::LanguageUncovered { .. } => match self.document.uncovered_language {
                    LanguageAction::Review => Verdict::Flagged,
                    LanguageAction::Block => Verdict::Blocked,
                    LanguageAction::DetectorsOnly | LanguageAction::ScoreAnyway => continue,
                },
                Gap::ClassifierFailed { .. } => gap_verdict(self.document.classifier_failure),
                Gap::ImageUnscored => gap_verdict(self.document.unscored_image),
                Gap::CategoryUncovered { category, .. } => {
                    match self.document.uncovered_action(*category) {
                        CategoryGapAction::Ignore => continue,
                        CategoryGapAction::Review => Verdict::Flagged,
                        CategoryGapAction::Block => Verdict::Blocked,
                    }
                }
            };
            offer(verdict, false, 0.0, gap.reason());
        }
        match best {
            Some(((r, _, _), reason)) if r > 0 => Decision {
                verdict: if r == 2 {
                    Verdict::Blocked
                } else {
                    Verdict::Flagged
                },
                reason: Some(reason),
            },
            _ => Decision {
                verdict: Verdict::Approved,
                reason: None,
            },
        }
    }
}

fn gap_verdict(action: GapAction) -> Verdict {
    match action {
        GapAction::Review => Verdict::Flagged,
        GapAction::Block => Verdict::Blocked,
    }
}

#[cfg(test)]
mod tests;
