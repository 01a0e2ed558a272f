//! The arithmetic of `modctl eval`: confusion counts at a threshold,
//! precision, recall and F1, and the threshold sweep.
//!
//! Undefined ratios are `None`, never a made-up 0 or 1: precision with
//! nothing predicted positive, recall with no positive example, F1 with
//! neither. Thresholds are compared as `score >= threshold`, as the policy
//! does (`review_at`).

use serde::{Deserialize, Serialize};

/// Steps of the sweep that looks for the target precision: thresholds
/// 0.01, 0.02 … 0.99, so the answer pastes into a policy as it is printed.
const FINE_STEPS: u32 = 100;
/// Steps of the sweep shown in reports (0.05 … 0.95).
const SHOWN_STEPS: u32 = 20;

/// One labelled example of one category: its score, and whether it is a
/// positive. An unscored example scores 0 (nothing was flagged).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    pub score: f64,
    pub positive: bool,
}

/// Confusion counts at one threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    /// Positives at or above the threshold.
    pub tp: u64,
    /// Negatives at or above the threshold.
    pub fp: u64,
    /// Positives below the threshold.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// Negatives below the threshold.
    pub tn: u64,
}

impl Confusion {
    /// The counts of `examples` at `threshold`.
    pub fn at(examples: &[Judged], threshold: f64) -> Self {
        let mut c = Confusion::default();
        for e in examples {
            match (e.positive, e.score >= threshold) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }

    /// tp / (tp + fp); `None` when nothing is predicted positive.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` without positive examples.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// 2tp / (2tp + fp + fn), the harmonic mean of precision and recall
    /// (0 when either is 0); `None` when there is no positive example and
    /// nothing is predicted positive.
    pub fn f1(&self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Precision and recall at one threshold of the sweep.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub threshold: f64,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

impl SweepPoint {
    fn at(examples: &[Judged], threshold: f64) -> Self {
        let c = Confusion::at(examples, threshold);
        Self {
            threshold,
            precision: c.precision(),
            recall: c.recall(),
        }
    }
}

/// `i / steps` for i in 1..steps, computed from integers so that 0.3 is
/// the `f64` closest to 0.3 (not 0.1 + 0.1 + 0.1).
fn grid(steps: u32) -> impl Iterator<Item = f64> {
    (1..steps).map(move |i| f64::from(i) / f64::from(steps))
}

/// The sweep shown in reports: 0.05, 0.10 … 0.95.
pub fn sweep(examples: &[Judged]) -> Vec<SweepPoint> {
    grid(SHOWN_STEPS)
        .map(|t| SweepPoint::at(examples, t))
        .collect()
}

/// The lowest threshold of 0.01 … 0.99 at which precision reaches
/// `target`, with its precision and recall; `None` when no threshold flags
/// anything that precisely. Lowest, because it keeps the most recall.
pub fn lowest_threshold_for(examples: &[Judged], target: f64) -> Option<SweepPoint> {
    grid(FINE_STEPS)
        .map(|t| SweepPoint::at(examples, t))
        .find(|p| p.precision.is_some_and(|v| v >= target))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(list: &[(f64, bool)]) -> Vec<Judged> {
        list.iter()
            .map(|&(score, positive)| Judged { score, positive })
            .collect()
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    /// Ten examples, four positive, worked by hand at 0.5:
    /// positives 0.9 0.8 0.6 | 0.3 → tp 3, fn 1;
    /// negatives 0.7 0.55 | 0.4 0.2 0.1 0.0 → fp 2, tn 4.
    /// precision 3/5, recall 3/4, F1 = 6/(6+2+1) = 2/3.
    fn ten() -> Vec<Judged> {
        ex(&[
            (0.9, true),
            (0.8, true),
            (0.6, true),
            (0.3, true),
            (0.7, false),
            (0.55, false),
            (0.4, false),
            (0.2, false),
            (0.1, false),
            (0.0, false),
        ])
    }

    #[test]
    fn counts_and_ratios_match_the_hand_computed_case() {
        let c = Confusion::at(&ten(), 0.5);
        assert_eq!(
            c,
            Confusion {
                tp: 3,
                fp: 2,
                fn_: 1,
                tn: 4
            }
        );
        assert!(close(c.precision(), 0.6));
        assert!(close(c.recall(), 0.75));
        assert!(close(c.f1(), 2.0 / 3.0));
        // F1 is the harmonic mean of the two.
        assert!(close(c.f1(), 2.0 * 0.6 * 0.75 / (0.6 + 0.75)));
    }

    #[test]
    fn a_score_equal_to_the_threshold_is_flagged() {
        let c = Confusion::at(&ex(&[(0.5, true), (0.5, false)]), 0.5);
        assert_eq!((c.tp, c.fp), (1, 1));
    }

    #[test]
    fn undefined_ratios_are_none_not_zero() {
        // Nothing flagged: precision undefined, recall 0, F1 0.
        let c = Confusion::at(&ex(&[(0.1, true), (0.2, false)]), 0.5);
        assert_eq!(c.precision(), None);
        assert!(close(c.recall(), 0.0));
        assert!(close(c.f1(), 0.0));
        // No positive example and nothing flagged: only negatives, all right.
        let c = Confusion::at(&ex(&[(0.1, false)]), 0.5);
        assert_eq!((c.precision(), c.recall(), c.f1()), (None, None, None));
        // No positive example but one flagged: precision 0, F1 0.
        let c = Confusion::at(&ex(&[(0.9, false)]), 0.5);
        assert!(close(c.precision(), 0.0));
        assert_eq!(c.recall(), None);
        assert!(close(c.f1(), 0.0));
    }

    #[test]
    fn the_lowest_threshold_reaching_the_target_is_found_on_the_grid() {
        // At 0.56..=0.70 the flagged are 0.9 0.8 0.6(+) and 0.7(−): 3/4.
        // At 0.71..=0.80 only 0.9 and 0.8 (both +): precision 1, recall 1/2.
        let p = lowest_threshold_for(&ten(), 0.9).expect("reachable");
        assert!((p.threshold - 0.71).abs() < 1e-12, "{p:?}");
        assert!(close(p.precision, 1.0));
        assert!(close(p.recall, 0.5));
        let p = lowest_threshold_for(&ten(), 0.75).expect("reachable");
        assert!((p.threshold - 0.56).abs() < 1e-12, "{p:?}");
        assert!(close(p.recall, 0.75));
        // The best negative outscores every positive: unreachable.
        let bad = ex(&[(0.99, false), (0.5, true)]);
        assert_eq!(lowest_threshold_for(&bad, 0.9), None);
    }

    #[test]
    fn the_shown_sweep_has_nineteen_exact_steps() {
        let s = sweep(&ten());
        assert_eq!(s.len(), 19);
        assert_eq!(s[0].threshold, 0.05);
        assert_eq!(s[5].threshold, 0.3);
        assert_eq!(s[18].threshold, 0.95);
        // At 0.95 nothing is flagged.
        assert_eq!(s[18].precision, None);
        assert!(close(s[18].recall, 0.0));
    }
}
