//! alt-profanity-check 1.9.1: scikit-learn `TfidfVectorizer` + a 5-fold
//! `CalibratedClassifierCV(LinearSVC, method="sigmoid")`, reproduced in f64
//! with the same operation order as scikit-learn/scipy, so results are
//! bit-identical (see `shared/research/model-export.md`, section 1).

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use super::container::{Container, Cursor};
use super::pytext::{PyText, Token, TokenSink};
use super::{InlineKey, ModelError, Vocab, read_file};

const FORMAT: &str = "profanity-check/v1";
const EMBEDDED: &[u8] = include_bytes!("../../../models/profanity-check.bin");
/// Lanes of a feature record: the fold weights, zero padding, and the idf
/// in the last lane. alt-profanity-check has 5 folds, the most that fit.
const LANES: usize = 6;
const MAX_FOLDS: usize = LANES - 1;
const IDF: usize = LANES - 1;

/// One feature in one 64-byte cache line: its fold weights and idf, and a
/// copy of its vocabulary key when the term has at most 15 bytes (all but
/// 19 of the 15,442), so a vocabulary hit is confirmed on the line that the
/// score reads anyway instead of on a third one. The fold loop is a fixed
/// 6-lane multiply-add the compiler vectorises (each lane is still summed in
/// ascending feature order, so results stay bit-exact).
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Record {
    lanes: [f64; LANES],
    /// `[w0, w1 | len << 56]` of the inline key, or `LONG_TERM`.
    key: [u64; 2],
}

/// The key of a term of 16 or more bytes: no token's short key has 0xff
/// bytes (not UTF-8), so it never matches and the full key is compared.
const LONG_TERM: [u64; 2] = [u64::MAX; 2];

impl Record {
    /// The record's form of an inline key.
    fn short_key(k: &InlineKey) -> [u64; 2] {
        let [w0, w1, w2] = k.0;
        if w2 >> 56 > 15 {
            LONG_TERM
        } else {
            [w0, w1 | w2]
        }
    }
}

/// The profanity classifier. `predict` returns the probability that a text
/// is profane, exactly as `profanity_check.predict_prob([text])[0]`.
pub struct ProfanityModel {
    text: PyText,
    vocab: Vocab,
    /// One record per feature.
    features: Vec<Record>,
    folds: usize,
    /// Per fold, zero past `folds` (whose results are never summed).
    intercept: [f64; MAX_FOLDS],
    /// Sigmoid calibration `(a, b)` per fold, zero past `folds`.
    sigmoid: [(f64, f64); MAX_FOLDS],
    /// The probability of a text with no known term (computed once by the
    /// same code, so identical): saves five `exp` calls on such texts.
    no_terms: f64,
    version: String,
}

/// Collects the feature id of every token that is a vocabulary term.
struct Hits<'a> {
    model: &'a ProfanityModel,
    hits: &'a mut Vec<u32>,
}

impl TokenSink for Hits<'_> {
    #[inline(always)]
    fn token(&mut self, t: Token<'_>) {
        let found = match t {
            Token::Key(k) => self.model.find(&k),
            Token::Bytes(b) => self.model.vocab.get(b),
        };
        if let Some(j) = found {
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
        let vocab = Vocab::build("VOCB", terms)?;
        let features = idf
            .iter()
            .enumerate()
            .map(|(j, &w)| {
                let mut r = Record::default();
                r.lanes[..folds].copy_from_slice(&coef[j * folds..(j + 1) * folds]);
                r.lanes[IDF] = w;
                r.key = vocab.key_of(j as u32).map_or(LONG_TERM, Record::short_key);
                r
            })
            .collect();
        let mut model = Self {
            text,
            vocab,
            features,
            folds,
            intercept: std::array::from_fn(|k| intercept.get(k).copied().unwrap_or(0.0)),
            sigmoid: std::array::from_fn(|k| {
                ab.get(2 * k..2 * k + 2)
                    .map_or((0.0, 0.0), |p| (p[0], p[1]))
            }),
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
            + std::mem::size_of_val(&self.intercept)
            + std::mem::size_of_val(&self.sigmoid)
    }

    /// Probability that `text` is profane (`predict_prob`); `> 0.5` is what
    /// the package's `predict` calls profane.
    pub fn predict(&self, text: &str) -> f64 {
        SCRATCH.with(|s| {
            let Scratch { token, hits } = &mut *s.borrow_mut();
            hits.clear();
            self.text
                .for_each_token(text, token, &mut Hits { model: self, hits });
            if hits.is_empty() {
                return self.no_terms;
            }
            // scipy sorts CSR indices; every sum below runs in ascending feature order.
            hits.sort_unstable();
            self.score(hits)
        })
    }

    /// The feature id of an inline key, confirmed on the feature's record.
    #[inline(always)]
    fn find(&self, k: &InlineKey) -> Option<u32> {
        let [w0, w1, w2] = k.0;
        let short = [w0, w1 | w2];
        self.vocab
            .find_with(k, |id| match self.features.get(id as usize) {
                Some(r) if r.key == short => true,
                Some(r) if r.key == LONG_TERM => self.vocab.key_of(id) == Some(k),
                _ => false,
            })
    }

    fn score(&self, hits: &[u32]) -> f64 {
        // Sorted ids: a run of equal ids is one feature with that term count.
        let features = || {
            hits.chunk_by(|a, b| a == b).map(|g| {
                let r = &self.features[g[0] as usize].lanes;
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
        // All arguments first, then the `exp` calls back to back: nothing
        // live across the calls but `z`, so no spills between them.
        let z: [f64; MAX_FOLDS] = std::array::from_fn(|k| {
            let t = dot[k] + self.intercept[k];
            self.sigmoid[k].0 * t + self.sigmoid[k].1
        });
        let e = z.map(f64::exp);
        let mut sum = 0.0;
        for e in &e[..self.folds] {
            sum += 1.0 / (1.0 + e);
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

fn load_f64s(cur: Cursor<'_>, want: usize) -> Result<Vec<f64>, ModelError> {
    let err = cur.err(format!("want {want} values"));
    let v = cur.f64_list()?;
    if v.len() != want {
        return Err(err);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every term is found through its record's copy of the key (or, for the
    /// terms of 16+ bytes, the vocabulary's), and a key that differs from a
    /// term in one byte or in its length is not.
    #[test]
    fn every_term_is_found_by_its_record_and_near_misses_are_not() {
        let m = ProfanityModel::embedded();
        let mut long = 0;
        for id in 0..m.features.len() as u32 {
            let k = *m.vocab.key_of(id).unwrap();
            assert_eq!(m.find(&k), Some(id), "term #{id}");
            if m.features[id as usize].key == LONG_TERM {
                long += 1;
            }
            let len = (k.0[2] >> 56) as usize;
            let mut flipped = k;
            flipped.0[0] ^= 1;
            assert_ne!(m.find(&flipped), Some(id), "term #{id} with a bit flipped");
            let mut longer = k;
            longer.0[2] = (k.0[2] & !(0xff << 56)) | ((len as u64 + 1) << 56);
            assert_ne!(m.find(&longer), Some(id), "term #{id} with a NUL appended");
        }
        assert_eq!(long, 19, "terms of 16+ bytes in alt-profanity-check 1.9.1");
    }
}
