//! Moderation policies: the document an operator writes (TOML for `modctl`,
//! JSON on the wire), its stored versions, and the dry-run report.
//!
//! A policy turns category scores into a verdict: per category, a score at
//! or above `block_at` blocks and one at or above `review_at` flags for
//! review; the strictest outcome wins. It also says what to do when the
//! engine could not score something (a language the local models do not
//! cover, a failed classifier, an image nobody can score): never a silent
//! approve.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::{Category, Verdict};

/// The seed decision engine's thresholds.
pub const DEFAULT_REVIEW_AT: f64 = 0.7;
pub const DEFAULT_BLOCK_AT: f64 = 0.85;

/// Score thresholds of one category. A missing threshold never triggers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_at: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_at: Option<f64>,
}

impl Thresholds {
    pub const SEED: Thresholds = Thresholds {
        review_at: Some(DEFAULT_REVIEW_AT),
        block_at: Some(DEFAULT_BLOCK_AT),
    };
}

/// What to do with text in a language the local models were not trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageAction {
    /// Skip the language-bound models; flag the item for human review
    /// (detectors such as PII still apply and may block).
    #[default]
    Review,
    /// Skip the language-bound models and block.
    Block,
    /// Skip the language-bound models and decide on the detectors alone.
    DetectorsOnly,
    /// Score with the English models anyway (an explicit choice).
    ScoreAnyway,
}

/// What to do when something could not be scored: a classifier failed, or
/// an image has no classifier. There is deliberately no `approve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapAction {
    #[default]
    Review,
    Block,
}

/// What to do when no classifier scored a category for a text (no model
/// covers its language, or the model is not installed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CategoryGapAction {
    /// Decide on the other categories (the behaviour before per-category
    /// gaps existed, hence the default: stored policies keep their meaning).
    #[default]
    Ignore,
    Review,
    Block,
}

/// Overrides for one `content_type` (e.g. stricter thresholds on profiles).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentTypeRules {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<Category, Thresholds>,
}

/// A policy as written by an operator.
///
/// ```toml
/// [default]                # categories without their own entry
/// review_at = 0.7
/// block_at = 0.85
///
/// [categories.pii]         # only ever flag personal data
/// review_at = 0.5
///
/// [content_types.profile.categories.sexual]
/// review_at = 0.3
/// block_at = 0.6
///
/// uncovered_language = "review"   # review | block | detectors_only | score_anyway
/// classifier_failure = "review"   # review | block
/// unscored_image = "review"       # review | block
/// encoder = true                  # false: skip the sentence-encoder stage
/// uncovered_category = "ignore"   # ignore | review | block: a category nothing scored
///
/// [uncovered_categories]          # per category, over `uncovered_category`
/// harassment_threatening = "review"
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    #[serde(default = "seed_thresholds")]
    pub default: Thresholds,
    #[serde(default)]
    pub categories: BTreeMap<Category, Thresholds>,
    #[serde(default)]
    pub content_types: BTreeMap<String, ContentTypeRules>,
    #[serde(default)]
    pub uncovered_language: LanguageAction,
    #[serde(default)]
    pub classifier_failure: GapAction,
    #[serde(default)]
    pub unscored_image: GapAction,
    /// Run the sentence-encoder stage (its heads score harassment, hate,
    /// self-harm, sexual, violence, illicit). `false` saves its cost for
    /// apps that need only the fast models and detectors.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub encoder: bool,
    /// What a category no classifier scored means (a
    /// `category_uncovered` gap), unless `uncovered_categories` names it.
    #[serde(default, skip_serializing_if = "is_ignore")]
    pub uncovered_category: CategoryGapAction,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uncovered_categories: BTreeMap<Category, CategoryGapAction>,
}

fn is_ignore(a: &CategoryGapAction) -> bool {
    *a == CategoryGapAction::Ignore
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn seed_thresholds() -> Thresholds {
    Thresholds::SEED
}

impl Default for PolicyDocument {
    /// The built-in policy: the seed's 0.7 / 0.85 for every category, except
    /// that `pii` and `spam` are only flagged, never blocked: those detectors
    /// find data and patterns, not harm, so a person decides.
    fn default() -> Self {
        let review_only = Thresholds {
            review_at: Some(DEFAULT_REVIEW_AT),
            block_at: None,
        };
        Self {
            default: Thresholds::SEED,
            categories: [(Category::Pii, review_only), (Category::Spam, review_only)].into(),
            content_types: BTreeMap::new(),
            uncovered_language: LanguageAction::Review,
            classifier_failure: GapAction::Review,
            unscored_image: GapAction::Review,
            encoder: true,
            uncovered_category: CategoryGapAction::Ignore,
            uncovered_categories: BTreeMap::new(),
        }
    }
}

impl PolicyDocument {
    /// The thresholds that apply to `category` for `content_type`.
    pub fn thresholds(&self, category: Category, content_type: &str) -> Thresholds {
        self.content_types
            .get(content_type)
            .and_then(|r| r.categories.get(&category))
            .or_else(|| self.categories.get(&category))
            .copied()
            .unwrap_or(self.default)
    }

    /// What a `category_uncovered` gap of `category` means.
    pub fn uncovered_action(&self, category: Category) -> CategoryGapAction {
        self.uncovered_categories
            .get(&category)
            .copied()
            .unwrap_or(self.uncovered_category)
    }

    /// Whether some threshold of `category` can trigger, under any content
    /// type: only such categories get a gap when nothing scored them.
    pub fn cares_about(&self, category: Category) -> bool {
        let triggers = |t: &Thresholds| t.review_at.is_some() || t.block_at.is_some();
        triggers(self.categories.get(&category).unwrap_or(&self.default))
            || self
                .content_types
                .values()
                .filter_map(|r| r.categories.get(&category))
                .any(triggers)
    }

    /// Checks every threshold is a number in 0..=1 and review ≤ block.
    pub fn validate(&self) -> Result<(), String> {
        let check = |at: &str, t: &Thresholds| -> Result<(), String> {
            for (name, v) in [("review_at", t.review_at), ("block_at", t.block_at)] {
                if let Some(v) = v
                    && !(0.0..=1.0).contains(&v)
                {
                    return Err(format!("{at}.{name}: {v} is not between 0 and 1"));
                }
            }
            if let (Some(r), Some(b)) = (t.review_at, t.block_at)
                && r > b
            {
                return Err(format!("{at}: review_at {r} is above block_at {b}"));
            }
            Ok(())
        };
        check("default", &self.default)?;
        for (c, t) in &self.categories {
            check(&format!("categories.{c}"), t)?;
        }
        for (ct, rules) in &self.content_types {
            if ct.is_empty() || ct.len() > 64 {
                return Err("content_types: names must have 1 to 64 characters".into());
            }
            for (c, t) in &rules.categories {
                check(&format!("content_types.{ct}.categories.{c}"), t)?;
            }
        }
        Ok(())
    }
}

/// A stored (or the built-in) policy of one app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PolicyView {
    pub source_app: String,
    /// 1, 2, … per app; 0 for the built-in policy.
    pub version: i64,
    /// What decisions record: `{app}@v{version}`, or `builtin@v1`.
    pub policy_version: String,
    pub builtin: bool,
    pub document: PolicyDocument,
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
}

/// `PUT /api/v1/admin/policies/{app}` and `POST …/{app}/test`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyRequest {
    pub document: PolicyDocument,
    /// Dry run only: how many of the newest automatic decisions to re-decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<u32>,
}

/// One decision that would change under the proposed policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PolicyTestExample {
    pub item_id: i64,
    pub external_id: String,
    pub from: Verdict,
    pub to: Verdict,
    pub from_reason: Option<String>,
    pub to_reason: Option<String>,
}

/// The result of a dry run: stored scores re-decided, nothing changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PolicyTestReport {
    pub source_app: String,
    /// The policy the stored decisions are compared against.
    pub current_policy_version: String,
    /// Automatic decisions examined (newest first).
    pub examined: u64,
    pub changed: u64,
    /// Changes towards blocking (approved → flagged → blocked).
    pub stricter: u64,
    pub looser: u64,
    /// Decisions the proposal cannot re-decide without classifying again
    /// (models were skipped for an uncovered language, and the proposal
    /// would score it).
    pub needs_reclassification: u64,
    /// `"approved->blocked"` → count.
    pub transitions: BTreeMap<String, u64>,
    /// Up to 10 examples per transition.
    pub examples: Vec<PolicyTestExample>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_document_with_defaults_and_overrides() {
        let doc: PolicyDocument = toml::from_str(
            r#"
uncovered_language = "score_anyway"
[categories.pii]
review_at = 0.5
[content_types.profile.categories.sexual]
block_at = 0.6
"#,
        )
        .unwrap();
        doc.validate().unwrap();
        assert_eq!(doc.default, Thresholds::SEED);
        assert_eq!(doc.uncovered_language, LanguageAction::ScoreAnyway);
        assert_eq!(doc.classifier_failure, GapAction::Review);
        assert!(doc.encoder, "the encoder stage runs unless turned off");
        assert_eq!(
            doc.uncovered_action(Category::Harassment),
            CategoryGapAction::Ignore
        );
        let gaps: PolicyDocument = toml::from_str(
            "uncovered_category = \"review\"\n[uncovered_categories]\nharassment_threatening = \"block\"",
        )
        .unwrap();
        assert_eq!(
            gaps.uncovered_action(Category::HarassmentThreatening),
            CategoryGapAction::Block
        );
        assert_eq!(
            gaps.uncovered_action(Category::Sexual),
            CategoryGapAction::Review
        );
        let off: PolicyDocument = toml::from_str("encoder = false").unwrap();
        assert!(!off.encoder);
        assert_eq!(doc.thresholds(Category::Pii, "comment").block_at, None);
        assert_eq!(
            doc.thresholds(Category::Sexual, "profile").block_at,
            Some(0.6)
        );
        assert_eq!(
            doc.thresholds(Category::Sexual, "comment"),
            Thresholds::SEED
        );
    }

    /// A policy stored before per-category gaps existed loads, means the
    /// same (gaps ignored), and serialises back to the same JSON.
    #[test]
    fn stored_documents_keep_their_meaning() {
        let stored = serde_json::json!({
            "default": {"review_at": 0.7, "block_at": 0.85},
            "categories": {"pii": {"review_at": 0.7}, "spam": {"review_at": 0.7}},
            "content_types": {},
            "uncovered_language": "review",
            "classifier_failure": "review",
            "unscored_image": "review"
        });
        let doc: PolicyDocument = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(doc, PolicyDocument::default());
        assert_eq!(serde_json::to_value(&doc).unwrap(), stored);
        assert!(doc.cares_about(Category::Hate));
        let mut quiet = doc.clone();
        quiet.default = Thresholds {
            review_at: None,
            block_at: None,
        };
        assert!(!quiet.cares_about(Category::Hate));
        assert!(quiet.cares_about(Category::Pii));
    }

    #[test]
    fn rejects_bad_documents() {
        assert!(toml::from_str::<PolicyDocument>("[categories.nope]\nreview_at=0.1").is_err());
        assert!(toml::from_str::<PolicyDocument>("classifier_failure = \"approve\"").is_err());
        assert!(toml::from_str::<PolicyDocument>("extra = 1").is_err());
        let mut doc = PolicyDocument::default();
        doc.default.block_at = Some(1.5);
        assert!(doc.validate().unwrap_err().contains("default.block_at"));
        doc.default = Thresholds {
            review_at: Some(0.9),
            block_at: Some(0.5),
        };
        assert!(doc.validate().unwrap_err().contains("above"));
        doc.default = Thresholds::SEED;
        doc.default.review_at = Some(f64::NAN);
        assert!(doc.validate().is_err());
    }
}
