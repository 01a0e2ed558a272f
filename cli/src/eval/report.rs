//! What `modctl eval` reports: per language (and all together) and per
//! labelled category, the confusion counts and ratios at `--threshold`,
//! the sweep, and the lowest threshold that reaches the target precision.
//!
//! A category the engine scored for none of a language's examples is a
//! **gap** for that language: no model looked, so its figures would say
//! nothing about a model. Gaps are reported as such, never as zeros, and
//! the "all" row counts only the languages where the category is scored.

use modd_common::Category;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::dataset::Example;
use super::metrics::{Confusion, Judged, SweepPoint, lowest_threshold_for, sweep};

/// The group of every language together.
pub const ALL: &str = "all";

/// An example and the engine's scores for it (the highest per category,
/// as the policy takes the strictest).
#[derive(Debug, Clone)]
pub struct Scored {
    pub example: Example,
    pub scores: BTreeMap<Category, f64>,
}

/// The whole report (`--json` prints it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub examples: u64,
    /// The split evaluated (`--split`), or every line.
    pub split: Option<String>,
    /// Where precision, recall and F1 are taken (`score >= threshold`).
    pub threshold: f64,
    pub target_precision: f64,
    /// `all` first, then each language in order.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub language: String,
    pub examples: u64,
    pub categories: Vec<CategoryReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryReport {
    pub category: Category,
    /// Examples labelled for this category (0 or 1).
    pub labelled: u64,
    pub positives: u64,
    /// Labelled examples with no score for this category (counted as not
    /// flagged when the category is scored for the others).
    pub unscored: u64,
    /// No example got a score: no model covers this category here.
    pub gap: bool,
    /// In the `all` group: the languages where this category is a gap
    /// (left out of the figures).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gap_languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confusion: Option<Confusion>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    /// The lowest threshold (0.01 steps) reaching the target precision.
    pub target: Option<SweepPoint>,
    /// Precision and recall at 0.05 … 0.95.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sweep: Vec<SweepPoint>,
}

/// What each category got, per language: the judged examples and how many
/// had no score.
#[derive(Default)]
struct Tally {
    judged: Vec<Judged>,
    unscored: u64,
}

impl Tally {
    fn gap(&self) -> bool {
        self.unscored == self.judged.len() as u64
    }
}

/// Builds the report of `scored` at `threshold`.
pub fn build(
    scored: &[Scored],
    split: Option<String>,
    threshold: f64,
    target_precision: f64,
) -> Report {
    let mut tallies: BTreeMap<&str, BTreeMap<Category, Tally>> = BTreeMap::new();
    let mut sizes: BTreeMap<&str, u64> = BTreeMap::new();
    for s in scored {
        let lang = s.example.lang.as_str();
        *sizes.entry(lang).or_default() += 1;
        let per_lang = tallies.entry(lang).or_default();
        for (&c, &positive) in &s.example.labels {
            let t = per_lang.entry(c).or_default();
            let score = s.scores.get(&c).copied();
            t.unscored += u64::from(score.is_none());
            t.judged.push(Judged {
                score: score.unwrap_or(0.0),
                positive,
            });
        }
    }
    let category_report = |c: Category, t: &Tally, gap_languages: Vec<String>| {
        let labelled = t.judged.len() as u64;
        let positives = t.judged.iter().filter(|j| j.positive).count() as u64;
        let base = CategoryReport {
            category: c,
            labelled,
            positives,
            unscored: t.unscored,
            gap: t.gap(),
            gap_languages,
            confusion: None,
            precision: None,
            recall: None,
            f1: None,
            target: None,
            sweep: Vec::new(),
        };
        if base.gap {
            return base;
        }
        let confusion = Confusion::at(&t.judged, threshold);
        CategoryReport {
            confusion: Some(confusion),
            precision: confusion.precision(),
            recall: confusion.recall(),
            f1: confusion.f1(),
            target: lowest_threshold_for(&t.judged, target_precision),
            sweep: sweep(&t.judged),
            ..base
        }
    };

    // "all": per category, the languages where it is scored.
    let categories: BTreeSet<Category> = tallies.values().flat_map(|m| m.keys().copied()).collect();
    let mut all = Vec::new();
    for c in categories {
        let mut merged = Tally::default();
        let mut gaps = Vec::new();
        let mut gap_total = Tally::default();
        for (lang, per_lang) in &tallies {
            let Some(t) = per_lang.get(&c) else { continue };
            if t.gap() {
                gaps.push((*lang).to_owned());
                gap_total.judged.extend_from_slice(&t.judged);
                gap_total.unscored += t.unscored;
            } else {
                merged.judged.extend_from_slice(&t.judged);
                merged.unscored += t.unscored;
            }
        }
        if merged.judged.is_empty() {
            // A gap everywhere: report the counts of every language.
            all.push(category_report(c, &gap_total, gaps));
        } else {
            all.push(category_report(c, &merged, gaps));
        }
    }
    let mut groups = vec![Group {
        language: ALL.to_owned(),
        examples: scored.len() as u64,
        categories: all,
    }];
    for (lang, per_lang) in &tallies {
        groups.push(Group {
            language: (*lang).to_owned(),
            examples: sizes.get(lang).copied().unwrap_or(0),
            categories: per_lang
                .iter()
                .map(|(&c, t)| category_report(c, t, Vec::new()))
                .collect(),
        });
    }
    Report {
        examples: scored.len() as u64,
        split,
        threshold,
        target_precision,
        groups,
    }
}

impl Report {
    /// The `all` group's lowest thresholds as a policy file for
    /// `modctl policy set APP --file FILE`.
    pub fn policy_toml(&self) -> String {
        let mut out = format!(
            "# modctl eval: the lowest thresholds with precision >= {} over all languages.\n\
             # Only review_at is set: add block_at, or these categories are never blocked.\n",
            self.target_precision
        );
        let Some(all) = self.groups.iter().find(|g| g.language == ALL) else {
            return out;
        };
        for c in &all.categories {
            match (&c.target, c.gap) {
                (_, true) => out.push_str(&format!("# {}: a gap (not scored)\n", c.category)),
                (None, false) => out.push_str(&format!(
                    "# {}: no threshold reaches precision {}\n",
                    c.category, self.target_precision
                )),
                (Some(p), false) => out.push_str(&format!(
                    "\n[categories.{}]\nreview_at = {}   # recall {}\n",
                    c.category,
                    p.threshold,
                    fmt_ratio(p.recall)
                )),
            }
        }
        out
    }
}

/// A ratio for people: `0.875`, or `-` when undefined.
pub fn fmt_ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(lang: &str, labels: &[(Category, bool)], scores: &[(Category, f64)]) -> Scored {
        Scored {
            example: Example {
                text: "t".into(),
                lang: lang.into(),
                labels: labels.iter().copied().collect(),
            },
            scores: scores.iter().copied().collect(),
        }
    }

    fn find<'a>(r: &'a Report, lang: &str, c: Category) -> &'a CategoryReport {
        r.groups
            .iter()
            .find(|g| g.language == lang)
            .and_then(|g| g.categories.iter().find(|x| x.category == c))
            .expect("present")
    }

    #[test]
    fn uncovered_languages_are_gaps_and_left_out_of_all() {
        use Category::{Hate, Profanity};
        let data = vec![
            scored(
                "en",
                &[(Profanity, true), (Hate, false)],
                &[(Profanity, 0.9)],
            ),
            scored("en", &[(Profanity, false)], &[(Profanity, 0.2)]),
            // English text the detector missed: unscored, counts as not flagged.
            scored("en", &[(Profanity, true)], &[]),
            scored("fr", &[(Profanity, true)], &[]),
            scored("fr", &[(Profanity, false)], &[]),
        ];
        let r = build(&data, None, 0.5, 0.9);
        assert_eq!(
            r.groups
                .iter()
                .map(|g| g.language.as_str())
                .collect::<Vec<_>>(),
            ["all", "en", "fr"]
        );
        let en = find(&r, "en", Profanity);
        assert!(!en.gap);
        assert_eq!((en.labelled, en.positives, en.unscored), (3, 2, 1));
        assert_eq!(
            en.confusion,
            Some(Confusion {
                tp: 1,
                fp: 0,
                fn_: 1,
                tn: 1
            })
        );
        assert_eq!(en.f1, Some(2.0 / 3.0));
        let fr = find(&r, "fr", Profanity);
        assert!(fr.gap);
        assert_eq!((fr.f1, fr.confusion), (None, None));
        let all = find(&r, ALL, Profanity);
        assert_eq!(all.gap_languages, ["fr"]);
        assert_eq!(all.confusion, en.confusion);
        // Hate got no score anywhere: a gap in "all" as well.
        let hate = find(&r, ALL, Hate);
        assert!(hate.gap);
        assert_eq!(hate.gap_languages, ["en"]);
        assert!(r.policy_toml().contains("# hate: a gap"));
    }

    #[test]
    fn the_policy_snippet_is_a_valid_policy() {
        use Category::Profanity;
        let data = vec![
            scored("en", &[(Profanity, true)], &[(Profanity, 0.8)]),
            scored("en", &[(Profanity, false)], &[(Profanity, 0.3)]),
        ];
        let r = build(&data, Some("test".into()), 0.5, 0.9);
        let text = r.policy_toml();
        let doc: modd_common::PolicyDocument = toml::from_str(&text).expect("parses");
        assert!(doc.validate().is_ok());
        assert_eq!(doc.categories[&Profanity].review_at, Some(0.31));
        assert_eq!(doc.categories[&Profanity].block_at, None);
    }
}
