//! `modctl policy test`: re-decide stored automatic decisions under a
//! proposed policy. Scores are stored, so nothing is classified again and
//! nothing is written; the report says how many verdicts would change, in
//! which direction, with examples.
//!
//! One case cannot be re-decided from storage: text in an uncovered
//! language whose language-bound models were skipped, under a proposal that
//! would score it (`score_anyway`). Those are counted, not guessed. The
//! reverse (models ran, the proposal would skip them) drops their scores.

use modd_common::{Category, Gap, LanguageAction, PolicyTestExample, PolicyTestReport};
use std::collections::BTreeMap;

use super::{Policy, rank};
use crate::store::DecidedItem;

/// Examples kept per transition.
pub const EXAMPLES_PER_TRANSITION: usize = 10;

/// Re-decides `items` (newest first) under `proposed`.
/// `language_bound(classifier)` says which classifiers the engine skips on
/// uncovered languages.
pub fn run(
    proposed: &Policy,
    current_label: &str,
    items: &[DecidedItem],
    language_bound: impl Fn(&str) -> bool,
) -> PolicyTestReport {
    let mut report = PolicyTestReport {
        source_app: proposed.source_app.clone(),
        current_policy_version: current_label.to_owned(),
        examined: 0,
        changed: 0,
        stricter: 0,
        looser: 0,
        needs_reclassification: 0,
        transitions: BTreeMap::new(),
        examples: Vec::new(),
    };
    let scores_uncovered = proposed.document.uncovered_language == LanguageAction::ScoreAnyway;
    for item in items {
        report.examined += 1;
        let uncovered = item
            .gaps
            .iter()
            .any(|g| matches!(g, Gap::LanguageUncovered { .. }));
        let models_ran = item.scores.iter().any(|(_, _, c)| language_bound(c));
        if uncovered && scores_uncovered && !models_ran {
            report.needs_reclassification += 1;
            continue;
        }
        let scores = item
            .scores
            .iter()
            .filter(|(_, _, c)| !(uncovered && !scores_uncovered && language_bound(c)))
            .filter_map(|(cat, score, _)| Some((cat.parse::<Category>().ok()?, *score)));
        let d = proposed.decide_scores(scores, &item.gaps, &item.content_type);
        if d.verdict == item.verdict {
            continue;
        }
        report.changed += 1;
        if rank(d.verdict) > rank(item.verdict) {
            report.stricter += 1;
        } else {
            report.looser += 1;
        }
        let key = format!("{}->{}", item.verdict.as_status(), d.verdict.as_status());
        let n = report.transitions.entry(key).or_insert(0);
        *n += 1;
        if *n as usize <= EXAMPLES_PER_TRANSITION {
            report.examples.push(PolicyTestExample {
                item_id: item.item_id,
                external_id: item.external_id.clone(),
                from: item.verdict,
                to: d.verdict,
                from_reason: item.reason.clone(),
                to_reason: d.reason,
            });
        }
    }
    report
}
