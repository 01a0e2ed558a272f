//! Parity of the Rust model ports with the original Python packages, on the
//! golden corpus written by `tools/export-models/golden.py` (outputs of
//! `profanity_check.predict_prob` and `hatesonar.Sonar().ping`), and of the
//! Russian toxicity port on `golden/toxicity-ru.jsonl` (`toxicity_ru.py golden`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use modd::classify::models::{HateSonarModel, ProfanityModel, RuToxicityModel};

#[derive(serde::Deserialize)]
struct Record {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    profanity: f64,
    #[serde(default)]
    hatesonar: [f64; 3],
    #[serde(default)]
    top: String,
}

fn golden() -> Vec<Record> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl");
    let data = std::fs::read_to_string(path).expect("golden file");
    data.lines()
        .map(|l| serde_json::from_str::<Record>(l).expect("golden record"))
        .filter(|r| r.kind.as_deref() != Some("meta"))
        .collect()
}

fn preview(s: &str) -> String {
    s.chars()
        .take(60)
        .collect::<String>()
        .escape_debug()
        .to_string()
}

#[test]
fn profanity_matches_scikit_learn() {
    let model = ProfanityModel::embedded();
    let records = golden();
    assert!(
        records.len() >= 2000,
        "golden corpus too small: {}",
        records.len()
    );
    let (mut max_diff, mut exact, mut worst) = (0.0f64, 0, String::new());
    for r in &records {
        let p = model.predict(&r.text);
        let d = (p - r.profanity).abs();
        exact += usize::from(p.to_bits() == r.profanity.to_bits());
        if d > max_diff {
            max_diff = d;
            worst = format!("{:?}: rust {p} python {}", preview(&r.text), r.profanity);
        }
    }
    eprintln!(
        "profanity: {} strings, {exact} bit-exact, max abs diff {max_diff:e} {worst}",
        records.len()
    );
    assert!(max_diff <= 1e-9, "max diff {max_diff:e} at {worst}");
}

#[test]
fn hatesonar_matches_onnxruntime() {
    let model = HateSonarModel::embedded();
    let records = golden();
    let (mut max_diff, mut exact, mut worst) = (0.0f64, 0, String::new());
    let mut top_mismatch = Vec::new();
    for r in &records {
        let s = model.predict(&r.text);
        let ours = [s.hate_speech, s.offensive_language, s.neither];
        // Golden values are float32s written as exact f64 reprs: the cast is exact.
        let want = r.hatesonar.map(|v| v as f32);
        exact += usize::from(
            ours.iter()
                .zip(&want)
                .all(|(a, b)| a.to_bits() == b.to_bits()),
        );
        for (a, b) in ours.iter().zip(&want) {
            let d = f64::from((a - b).abs());
            if d > max_diff {
                max_diff = d;
                worst = format!("{:?}: rust {ours:?} python {want:?}", preview(&r.text));
            }
        }
        if s.top_class.as_str() != r.top {
            top_mismatch.push(format!(
                "{:?}: {} vs {}",
                preview(&r.text),
                s.top_class.as_str(),
                r.top
            ));
        }
    }
    eprintln!(
        "hatesonar: {} strings, {exact} bit-exact, max abs diff {max_diff:e}, {} top_class mismatches {worst}",
        records.len(),
        top_mismatch.len()
    );
    assert!(max_diff <= 1e-6, "max diff {max_diff:e} at {worst}");
    assert!(
        top_mismatch.is_empty(),
        "top_class differs: {top_mismatch:?}"
    );
}

#[derive(serde::Deserialize)]
struct RuRecord {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    prepared: String,
    #[serde(default)]
    p: f64,
}

/// toxicityclassifier's Russian path: the prepared string (NLTK tokenizer,
/// stop words, stemmer) must be identical and the probability bit-exact.
#[test]
fn russian_toxicity_matches_the_package() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/golden/toxicity-ru.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("golden file");
    let records: Vec<RuRecord> = data
        .lines()
        .map(|l| serde_json::from_str(l).expect("golden record"))
        .filter(|r: &RuRecord| r.kind.as_deref() != Some("meta"))
        .collect();
    assert!(records.len() >= 2000, "corpus too small: {}", records.len());
    let model = RuToxicityModel::embedded();
    let (mut max_diff, mut exact, mut worst) = (0.0f64, 0, String::new());
    let mut prep_mismatch = Vec::new();
    for r in &records {
        let prepared = model.prepare(&r.text);
        if prepared != r.prepared {
            prep_mismatch.push(format!(
                "{:?}: rust {:?} python {:?}",
                preview(&r.text),
                preview(&prepared),
                preview(&r.prepared)
            ));
        }
        let p = model.predict(&r.text);
        let d = (p - r.p).abs();
        exact += usize::from(p.to_bits() == r.p.to_bits());
        if d > max_diff {
            max_diff = d;
            worst = format!("{:?}: rust {p} python {}", preview(&r.text), r.p);
        }
    }
    eprintln!(
        "toxicity-ru: {} strings, {exact} bit-exact, max abs diff {max_diff:e}, {} preparation mismatches {worst}",
        records.len(),
        prep_mismatch.len()
    );
    assert!(
        prep_mismatch.is_empty(),
        "{:#?}",
        &prep_mismatch[..prep_mismatch.len().min(20)]
    );
    assert_eq!(exact, records.len(), "max diff {max_diff:e} at {worst}");
}
