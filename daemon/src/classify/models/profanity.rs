//! alt-profanity-check 1.9.1: scikit-learn `TfidfVectorizer` + a 5-fold
//! `CalibratedClassifierCV(LinearSVC, method="sigmoid")`, reproduced in f64
//! with the same operation order as scikit-learn/scipy, so results are
//! bit-identical (see `shared/research/model-export.md`, section 1).

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use super::container::{Container, Cursor};
use super::pytext::{PyText, Token, TokenSink};
use super::{ModelError, Vocab, read_file};

const FORMAT: &str = "profanity-check/v1";
const EMBEDDED: &[u8] = include_bytes!("../../../models/profanity-check.bin");
/// Lanes of a feature record: the fold weights, zero padding, and the idf
/// in the last lane. alt-profanity-check has 5 folds; up to 7 fit.
const LANES: usize = 8;
const MAX_FOLDS: usize = LANES - 1;
const IDF: usize = LANES - 1;

/// One feature's idf and fold weights in one 64-byte cache line: a known
/// token costs one line, and the fold loop is a fixed 8-lane multiply-add
/// the compiler vectorises (each lane is still summed in ascending feature
/// order, so results stay bit-exact).
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Record([f64; LANES]);

/// The profanity classifier. `predict` returns the probability that a text
/// is profane, exactly as `profanity_check.predict_prob([text])[0]`.
pub struct ProfanityModel {
    text: PyText,
    vocab: Vocab,
    /// One record per feature.
    features: Vec<Record>,
    folds: usize,
    intercept: Vec<f64>,
    /// Sigmoid calibration `(a, b)` per fold.
    sigmoid: Vec<(f64, f64)>,
    /// The probability of a text with no known term (computed once by the
    /// same code, so identical): saves five `exp` calls on such texts.
    no_terms: f64,
    version: String,
}

/// Collects the feature id of every token that is a vocabulary term.
struct Hits<'a> {
    vocab: &'a Vocab,
    hits: &'a mut Vec<u32>,
}

impl TokenSink for Hits<'_> {
    #[inline(always)]
    fn token(&mut self, t: Token<'_>) {
        if let Some(j) = self.vocab.get_token(t) {
            self.hits.push(j);
        }
    }
}

/// Per-thread scratch, reused so that a prediction allocates nothing once warm.
#[derive(Default)]
struct Scratch {
    token: Vec<u8>,
    hits: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl ProfanityModel {
    /// Version of the embedded model, for recording next to verdicts.
    pub const VERSION: &'static str = "alt-profanity-check-1.9.1";

    /// The model compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Self {
        static MODEL: OnceLock<ProfanityModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The bytes are fixed at build time and checked by unit tests, so
            // failure here is a build defect, not a runtime condition.
            #[allow(clippy::expect_used)]
            Self::from_bytes(EMBEDDED).expect("embedded profanity model is valid")
        })
    }

    /// Loads a `profanity-check/v1` file, e.g. one named in the settings.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        Self::from_bytes(&read_file(path.as_ref())?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let c = Container::parse(bytes, FORMAT)?;
        let text = PyText::load(&c)?;
        let terms = c.section("VOCB")?.terms()?;
        let n = terms.len();
        let idf = c.section("IDF8")?.dict_floats(8, Cursor::f64)?;
        let (folds, coef) = load_coef(c.section("COEF")?, n)?;
        let intercept = load_f64s(c.section("ICPT")?, folds)?;
        let ab = load_f64s(c.section("SIGM")?, 2 * folds)?;
        if idf.len() != n {
            return Err(ModelError::invalid(
                "IDF8",
                format!("{} values for {n} terms", idf.len()),
            ));
        }
        let features = idf
            .iter()
            .enumerate()
            .map(|(j, &w)| {
                let mut r = Record::default();
                r.0[..folds].copy_from_slice(&coef[j * folds..(j + 1) * folds]);
                r.0[IDF] = w;
                r
            })
            .collect();
        let mut model = Self {
            text,
            vocab: Vocab::build("VOCB", terms)?,
            features,
            folds,
            intercept,
            sigmoid: ab.chunks_exact(2).map(|p| (p[0], p[1])).collect(),
            version: format!("{}-{}", c.meta.model, c.meta.version),
            no_terms: 0.0,
        };
        model.no_terms = model.score(&[]);
        Ok(model)
    }

    /// `"{model}-{version}"` from the file, e.g. [`Self::VERSION`] when embedded.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Approximate heap bytes held by the loaded model.
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.vocab.heap_bytes()
            + self.features.len() * std::mem::size_of::<Record>()
            + self.intercept.len() * 8
            + self.sigmoid.len() * 16
    }

    /// Probability that `text` is profane (`predict_prob`); `> 0.5` is what
    /// the package's `predict` calls profane.
    pub fn predict(&self, text: &str) -> f64 {
        SCRATCH.with(|s| {
            let Scratch { token, hits } = &mut *s.borrow_mut();
            hits.clear();
            self.text.for_each_token(
                text,
                token,
                &mut Hits {
                    vocab: &self.vocab,
                    hits,
                },
            );
            if hits.is_empty() {
                return self.no_terms;
            }
            // scipy sorts CSR indices; every sum below runs in ascending feature order.
            hits.sort_unstable();
            self.score(hits)
        })
    }

    fn score(&self, hits: &[u32]) -> f64 {
        // Sorted ids: a run of equal ids is one feature with that term count.
        let features = || {
            hits.chunk_by(|a, b| a == b).map(|g| {
                let r = &self.features[g[0] as usize].0;
                (r, g.len() as f64 * r[IDF])
            })
        };
        // tf-idf, then L2: divide by the norm (sklearn divides, never multiplies by 1/n).
        let ss = features().fold(0.0, |acc, (_, v)| acc + v * v);
        let norm = if ss != 0.0 { ss.sqrt() } else { 1.0 };
        let mut dot = [0.0f64; LANES];
        if ss != 0.0 {
            for (r, v) in features() {
                let x = v / norm;
                for (d, &c) in dot.iter_mut().zip(r) {
                    *d += x * c;
                }
            }
        }
        // Per fold: decision value, then sigmoid calibration as
        // scipy's expit(-(a*T+b)) = 1/(1+exp(a*T+b)); glibc exp like scipy.
        let mut sum = 0.0;
        for ((d, c), (a, b)) in dot.iter().zip(&self.intercept).zip(&self.sigmoid) {
            let t = d + c;
            sum += 1.0 / (1.0 + (a * t + b).exp());
        }
        sum / self.folds as f64
    }
}

/// Reads the fold × feature matrix and stores it feature-major.
fn load_coef(mut cur: Cursor<'_>, n_features: usize) -> Result<(usize, Vec<f64>), ModelError> {
    let (rows, cols) = (cur.u32()? as usize, cur.u32()? as usize);
    if rows == 0 || rows > MAX_FOLDS || cols != n_features {
        return Err(cur.err(format!(
            "shape {rows}x{cols}, want 1..={MAX_FOLDS} x {n_features}"
        )));
    }
    let by_fold = cur.f64s(rows * cols)?;
    cur.finish()?;
    let mut coef = vec![0.0; rows * cols];
    for (k, row) in by_fold.chunks_exact(cols).enumerate() {
        for (j, &w) in row.iter().enumerate() {
            coef[j * rows + k] = w;
        }
    }
    Ok((rows, coef))
}

fn load_f64s(mut cur: Cursor<'_>, want: usize) -> Result<Vec<f64>, ModelError> {
    let n = cur.count(8)?;
    if n != want {
        return Err(cur.err(format!("{n} values, want {want}")));
    }
    let v = cur.f64s(n)?;
    cur.finish()?;
    Ok(v)
}
