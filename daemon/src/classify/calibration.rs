//! Calibration of the ported models' category scores: Platt scaling fitted
//! by `tools/calibrate/fit.py` on the dev split of `data/eval`, so that a
//! score is a probability on the project's labelled data and one threshold
//! means the same for every category (hatesonar put neutral English at
//! ~0.3 `toxicity`). Raw outputs stay the models' own; only the mapped
//! scores are calibrated, and only for the model version the file was
//! fitted on.
//!
//! The coefficients ship in `daemon/models/calibration.json`, embedded and
//! checked against [`SHA256`] (also listed in `daemon/models/README.md`).

use std::sync::OnceLock;

use serde::Deserialize;

use super::Category;

const FILE: &str = include_str!("../../models/calibration.json");

/// sha256 of `daemon/models/calibration.json`.
pub const SHA256: &str = "944a6cba18db6c913d2b6e00a34ce18d3466fa019406023fce46dd112ed516a3";

/// Keeps the logit finite (the fit used the same bound).
const EPS: f64 = 1e-6;

#[derive(Debug, Deserialize)]
struct CalibrationFile {
    format: String,
    categories: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    classifier: String,
    model_version: String,
    category: String,
    a: f64,
    b: f64,
}

/// Overflow-free logistic function: the last step of every calibrated
/// head (the encoder's and the n-gram heads').
pub fn sigmoid(t: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + (-t).exp())
    } else {
        let e = t.exp();
        e / (1.0 + e)
    }
}

/// `p' = 1 / (1 + exp(-(a · logit(p) + b)))`; the identity when `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Platt {
    a: f64,
    b: f64,
}

impl Platt {
    pub fn apply(&self, p: f64) -> f64 {
        let p = p.clamp(EPS, 1.0 - EPS);
        let x = self.a * (p / (1.0 - p)).ln() + self.b;
        1.0 / (1.0 + (-x).exp())
    }
}

fn entries() -> &'static [Entry] {
    static PARSED: OnceLock<Vec<Entry>> = OnceLock::new();
    PARSED.get_or_init(|| {
        // The file is embedded and tested; a bad one only disables calibration.
        serde_json::from_str::<CalibrationFile>(FILE)
            .ok()
            .filter(|f| f.format == "modd-calibration/v1")
            .map(|f| f.categories)
            .unwrap_or_default()
    })
}

/// The calibration of `category` as `classifier` at `model_version` scores
/// it, if one was fitted.
pub fn platt(classifier: &str, model_version: &str, category: Category) -> Option<Platt> {
    entries()
        .iter()
        .find(|e| {
            e.classifier == classifier
                && e.model_version == model_version
                && e.category == category.as_str()
        })
        .map(|e| Platt { a: e.a, b: e.b })
}

/// The version a calibrated classifier records: its model's version and
/// which calibration file moved its scores (`hatesonar-0.1.0+platt:944a6cba`),
/// so a stored score says it is not the model's own number. Unchanged
/// when nothing was calibrated.
pub fn recorded_version(model_version: &str, calibrated: bool) -> String {
    match (calibrated, SHA256.get(..8)) {
        (true, Some(sha8)) => format!("{model_version}+platt:{sha8}"),
        _ => model_version.to_owned(),
    }
}

/// Applies `platt` when there is one.
pub fn calibrated(platt: Option<Platt>, p: f64) -> f64 {
    platt.map_or(p, |c| c.apply(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn sigmoid_is_stable_at_the_extremes() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(-1000.0) >= 0.0 && sigmoid(-1000.0) < 1e-300);
        assert_eq!(sigmoid(1000.0), 1.0);
    }

    #[test]
    fn the_shipped_file_matches_its_checksum_and_covers_the_models() {
        assert_eq!(hex::encode(Sha256::digest(FILE.as_bytes())), SHA256);
        let parsed: CalibrationFile = serde_json::from_str(FILE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.format, "modd-calibration/v1");
        for (classifier, version, category) in [
            (
                "alt-profanity-check",
                "alt-profanity-check-1.9.1",
                Category::Profanity,
            ),
            ("hatesonar", "hatesonar-0.1.0", Category::Hate),
            ("hatesonar", "hatesonar-0.1.0", Category::Toxicity),
            (
                "toxicityclassifier-ru",
                "toxicityclassifier-1.0.1",
                Category::Toxicity,
            ),
        ] {
            let p = platt(classifier, version, category);
            assert!(p.is_some(), "{classifier} {category:?}");
            // Monotone: calibration never reorders texts.
            let c = p.unwrap_or(Platt { a: 1.0, b: 0.0 });
            assert!(c.a > 0.0);
            assert!(c.apply(0.2) < c.apply(0.8));
        }
        assert!(platt("hatesonar", "another-version", Category::Hate).is_none());
        assert_eq!(
            recorded_version("hatesonar-0.1.0", true),
            format!("hatesonar-0.1.0+platt:{}", &SHA256[..8])
        );
        assert_eq!(recorded_version("x-1", false), "x-1");
    }
}
