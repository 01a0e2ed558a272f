//! Policy: turns category scores into a verdict. The default thresholds come
//! from the seed's decision engine: block at 0.85, review at 0.7.

use modd_common::{CategoryScore, Verdict};

/// Per-category thresholds (one pair for every category for now).
#[derive(Debug, Clone)]
pub struct Policy {
    pub version: String,
    pub review_at: f64,
    pub block_at: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            version: "default-1".into(),
            review_at: 0.7,
            block_at: 0.85,
        }
    }
}

/// A verdict and the category that drove it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub verdict: Verdict,
    pub reason: Option<String>,
}

impl Policy {
    /// The strictest outcome any category reaches; the highest score breaks ties.
    pub fn decide(&self, scores: &[CategoryScore]) -> Decision {
        let top = scores
            .iter()
            .filter(|s| s.score.is_finite())
            .max_by(|a, b| a.score.total_cmp(&b.score));
        match top {
            Some(s) if s.score >= self.block_at => Decision {
                verdict: Verdict::Blocked,
                reason: Some(s.category.clone()),
            },
            Some(s) if s.score >= self.review_at => Decision {
                verdict: Verdict::Flagged,
                reason: Some(s.category.clone()),
            },
            _ => Decision {
                verdict: Verdict::Approved,
                reason: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(category: &str, score: f64) -> CategoryScore {
        CategoryScore {
            category: category.into(),
            score,
            classifier: "t".into(),
            model_version: "1".into(),
        }
    }

    #[test]
    fn thresholds_are_inclusive_and_strictest_wins() {
        let p = Policy::default();
        assert_eq!(p.decide(&[]).verdict, Verdict::Approved);
        assert_eq!(p.decide(&[score("a", 0.69)]).verdict, Verdict::Approved);
        assert_eq!(p.decide(&[score("a", 0.7)]).verdict, Verdict::Flagged);
        let d = p.decide(&[score("a", 0.75), score("b", 0.85)]);
        assert_eq!(
            d,
            Decision {
                verdict: Verdict::Blocked,
                reason: Some("b".into())
            }
        );
        assert_eq!(
            p.decide(&[score("nan", f64::NAN)]).verdict,
            Verdict::Approved
        );
    }
}
