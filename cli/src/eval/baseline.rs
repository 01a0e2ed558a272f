//! A committed floor under the engine's decisions: the F1 of every scored
//! (language, category) at one threshold. `--write-baseline` records it,
//! `--baseline` fails the run when any F1 falls below it, so engine work
//! can only raise the figures. Gaps are not recorded: covering one is
//! progress, and a pair that was scored and becomes a gap is a regression.
//! The `all` group is not recorded either: it spans only the languages a
//! category is scored in, so covering a new language would move it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::report::{ALL, Report};
use crate::error::CliError;

/// Room for the last digit of a printed float; the engine is deterministic.
const EPSILON: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The threshold the F1s were taken at; a run must use the same.
    pub threshold: f64,
    pub split: Option<String>,
    /// language → category → F1.
    pub f1: BTreeMap<String, BTreeMap<String, f64>>,
}

impl Baseline {
    /// The F1 of every scored (language, category) pair of `report`.
    pub fn of(report: &Report) -> Self {
        let mut f1: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        for g in report.groups.iter().filter(|g| g.language != ALL) {
            for c in &g.categories {
                if let (false, Some(v)) = (c.gap, c.f1) {
                    f1.entry(g.language.clone())
                        .or_default()
                        .insert(c.category.to_string(), v);
                }
            }
        }
        Self {
            threshold: report.threshold,
            split: report.split.clone(),
            f1,
        }
    }

    pub fn read(path: &Path) -> Result<Self, CliError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--baseline {}: {e}", path.display())))?;
        serde_json::from_str(&text)
            .map_err(|e| CliError::usage(format!("--baseline {}: {e}", path.display())))
    }

    pub fn write(&self, path: &Path) -> Result<(), CliError> {
        let text = serde_json::to_string_pretty(self).map_err(anyhow::Error::new)?;
        std::fs::write(path, format!("{text}\n")).map_err(|e| {
            CliError::failure(anyhow::anyhow!("--write-baseline {}: {e}", path.display()))
        })
    }

    /// Every pair of this baseline that `report` does worse on, as
    /// `en/hate: F1 0.412 < baseline 0.500`. Errors when the runs cannot
    /// be compared (another threshold or split).
    pub fn regressions(&self, report: &Report) -> Result<Vec<String>, CliError> {
        if self.threshold != report.threshold || self.split != report.split {
            return Err(CliError::usage(format!(
                "the baseline was taken at threshold {} on split {:?}; this run uses {} on {:?}",
                self.threshold, self.split, report.threshold, report.split
            )));
        }
        let now = Baseline::of(report);
        let mut out = Vec::new();
        for (lang, cats) in &self.f1 {
            for (cat, &floor) in cats {
                match now.f1.get(lang).and_then(|m| m.get(cat)) {
                    Some(&v) if v + EPSILON >= floor => {}
                    Some(&v) => out.push(format!("{lang}/{cat}: F1 {v:.3} < baseline {floor:.3}")),
                    None => out.push(format!(
                        "{lang}/{cat}: no F1 now (a gap, or no examples) < baseline {floor:.3}"
                    )),
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::dataset::Example;
    use crate::eval::report::{Scored, build};
    use modd_common::Category;

    fn run(scores: &[(bool, Option<f64>)]) -> Report {
        let scored: Vec<_> = scores
            .iter()
            .map(|&(positive, score)| Scored {
                example: Example {
                    text: "t".into(),
                    lang: "en".into(),
                    labels: [(Category::Hate, positive)].into(),
                },
                scores: score.map(|s| (Category::Hate, s)).into_iter().collect(),
            })
            .collect();
        build(&scored, Some("test".into()), 0.5, 0.9)
    }

    #[test]
    fn lower_f1_or_a_new_gap_is_a_regression_and_higher_is_not() {
        // F1 2/3: one of two positives found, no false positive.
        let base = Baseline::of(&run(&[
            (true, Some(0.9)),
            (true, Some(0.1)),
            (false, Some(0.1)),
        ]));
        assert_eq!(base.f1["en"]["hate"], 2.0 / 3.0);
        assert!(!base.f1.contains_key("all"));
        let better = run(&[(true, Some(0.9)), (true, Some(0.8)), (false, Some(0.1))]);
        assert!(base.regressions(&better).unwrap_or_default().is_empty());
        let worse = run(&[(true, Some(0.9)), (true, Some(0.1)), (false, Some(0.7))]);
        let r = base.regressions(&worse).unwrap_or_default();
        assert_eq!(r, ["en/hate: F1 0.500 < baseline 0.667"]);
        let gap = run(&[(true, None), (true, None), (false, None)]);
        let r = base.regressions(&gap).unwrap_or_default();
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(r[0].contains("a gap"), "{r:?}");
        let other = build(&[], None, 0.5, 0.9);
        assert!(base.regressions(&other).is_err());
    }
}
