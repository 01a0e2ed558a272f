//! toxicityclassifier 1.0.1's Russian model (MIT, Dmitry Filinov): the
//! package's NLTK preparation ([`prepare`]), scikit-learn's
//! `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` and a liblinear
//! `LogisticRegression`, in f64 with scikit-learn 1.0.2's operation order
//! (the version the package pickled), so the probability is bit-identical to
//! the package's `predict_proba` (parity test:
//! `daemon/tests/model_parity.rs`, export: `tools/export-models/toxicity_ru.py`).
//!
//! It was trained on Russian comments labelled toxic/non-toxic; the engine
//! runs it only on text detected as Russian.

mod prepare;
mod stemmer;
mod suffixes;

use std::path::Path;
use std::sync::OnceLock;

use super::char_wb::CharWb;
use super::container::{Container, Cursor};
use super::pytext::PyText;
use super::{ModelError, Vocab, read_file};

const FORMAT: &str = "toxicityclassifier-ru/v1";
const EMBEDDED: &[u8] = include_bytes!("../../../../models/toxicity-ru.bin");
/// `ngram_range=(2, 4)`.
const NGRAMS: std::ops::RangeInclusive<usize> = 2..=4;

pub struct RuToxicityModel {
    text: PyText,
    space: Vec<(u32, u32)>,
    stop_words: rustc_hash::FxHashSet<Box<str>>,
    vocab: Vocab,
    idf: Vec<f64>,
    coef: Vec<f64>,
    intercept: f64,
    version: String,
}

impl RuToxicityModel {
    /// Version of the embedded model, for recording next to verdicts.
    pub const VERSION: &'static str = "toxicityclassifier-1.0.1";

    /// The model compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Self {
        static MODEL: OnceLock<RuToxicityModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // Fixed at build time and checked by unit tests: a failure here
            // is a build defect, not a runtime condition.
            #[allow(clippy::expect_used)]
            Self::from_bytes(EMBEDDED).expect("embedded Russian toxicity model is valid")
        })
    }

    /// Loads a `toxicityclassifier-ru/v1` file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        Self::from_bytes(&read_file(path.as_ref())?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let c = Container::parse(bytes, FORMAT)?;
        let text = PyText::load(&c)?;
        let space = c.section("SPCE")?.ranges()?;
        let stop_words = c.section("STOP")?.terms()?.into_iter().collect();
        let terms = c.section("VOCB")?.terms()?;
        let n = terms.len();
        let idf = c.section("IDF8")?.dict_floats(8, Cursor::f64)?;
        let coef = read_row(c.section("COEF")?)?;
        let intercept = c.section("ICPT")?.f64_list()?;
        if idf.len() != n || coef.len() != n {
            return Err(ModelError::invalid(
                "COEF",
                format!(
                    "{} idf and {} weights for {n} n-grams",
                    idf.len(),
                    coef.len()
                ),
            ));
        }
        let [intercept] = intercept[..] else {
            return Err(ModelError::invalid("ICPT", "want one intercept"));
        };
        Ok(Self {
            text,
            space,
            stop_words,
            vocab: Vocab::build("VOCB", terms)?,
            idf,
            coef,
            intercept,
            version: format!("{}-{}", c.meta.model, c.meta.version),
        })
    }

    /// `"{model}-{version}"` from the file, e.g. [`Self::VERSION`] when embedded.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Approximate heap bytes held by the loaded model.
    pub fn heap_bytes(&self) -> usize {
        self.text.heap_bytes()
            + self.vocab.heap_bytes()
            + (self.idf.len() + self.coef.len()) * 8
            + self.space.len() * 8
            + self.stop_words.iter().map(|w| w.len() + 24).sum::<usize>()
    }

    /// The string the package hands to its vectorizer (tokens after stop
    /// words and stemming, space-separated); public for the parity test.
    pub fn prepare(&self, text: &str) -> String {
        prepare::Prepare {
            text: &self.text,
            space: &self.space,
            stop_words: &self.stop_words,
        }
        .run(text)
    }

    /// Probability that `text` is toxic (`predict_proba(...)[0, 1]` of the
    /// package's Russian path).
    pub fn predict(&self, text: &str) -> f64 {
        let prepared = self.prepare(text);
        let mut hits = Vec::new();
        self.char_wb_ngrams(&prepared, &mut hits);
        // Every sum below runs in descending feature order: scikit-learn
        // 1.0.2 (the package's) applies the idf as a product with a sparse
        // diagonal matrix, and scipy's `csr_matmat` emits each row's columns
        // in reverse order of first use, here descending. (Later versions
        // multiply in place and keep ascending order: a few ulp apart.)
        hits.sort_unstable_by(|a, b| b.cmp(a));
        self.score(&hits)
    }

    /// scikit-learn's `_char_wb_ngrams` after its `str.lower()`, on each
    /// whitespace-separated word ([`CharWb`]). Pushes the in-vocabulary ids.
    fn char_wb_ngrams(&self, prepared: &str, hits: &mut Vec<u32>) {
        let mut doc = String::with_capacity(prepared.len());
        self.text.lower_into(prepared, &mut doc);
        let mut windows = CharWb::default();
        let is_space = |c: char| {
            let cp = u32::from(c);
            let i = self.space.partition_point(|&(_, hi)| hi < cp);
            self.space.get(i).is_some_and(|&(lo, _)| lo <= cp)
        };
        for word in doc.split(is_space).filter(|w| !w.is_empty()) {
            windows.ngrams(word, NGRAMS, |g| hits.extend(self.vocab.get(g)));
        }
    }

    /// tf-idf (raw counts × idf), L2-normalised by division, dot product with
    /// the weights plus the intercept, then scipy's `expit`, all in f64.
    fn score(&self, hits: &[u32]) -> f64 {
        let features = || {
            hits.chunk_by(|a, b| a == b)
                .map(|g| (g[0] as usize, g.len() as f64 * self.idf[g[0] as usize]))
        };
        let ss = features().fold(0.0, |acc, (_, v)| acc + v * v);
        let mut dot = 0.0;
        if ss != 0.0 {
            let norm = ss.sqrt();
            for (j, v) in features() {
                dot += v / norm * self.coef[j];
            }
        }
        1.0 / (1.0 + (-(dot + self.intercept)).exp())
    }
}

/// A 1 × n `COEF` matrix: the weights of the one (positive) class.
fn read_row(mut cur: Cursor<'_>) -> Result<Vec<f64>, ModelError> {
    let (rows, cols) = (cur.u32()?, cur.u32()? as usize);
    if rows != 1 {
        return Err(cur.err(format!("{rows} rows, want 1")));
    }
    let v = cur.f64s(cols)?;
    cur.finish()?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_with_its_version_and_refuses_bad_files() {
        let m = RuToxicityModel::embedded();
        assert_eq!(m.version(), RuToxicityModel::VERSION);
        assert!(matches!(
            RuToxicityModel::from_bytes(b""),
            Err(ModelError::BadMagic)
        ));
        let other = include_bytes!("../../../../models/hatesonar.bin");
        assert!(matches!(
            RuToxicityModel::from_bytes(other),
            Err(ModelError::WrongFormat { .. })
        ));
        // Sampled truncations and corruptions: errors or a model, never a panic.
        for len in (0..EMBEDDED.len())
            .step_by(24_989)
            .chain([EMBEDDED.len() - 1])
        {
            assert!(
                RuToxicityModel::from_bytes(&EMBEDDED[..len]).is_err(),
                "len {len}"
            );
        }
        for pos in (8..EMBEDDED.len()).step_by(20_011) {
            let mut b = EMBEDDED.to_vec();
            b[pos] ^= 0xff;
            if let Ok(m) = RuToxicityModel::from_bytes(&b) {
                let _ = m.predict("ты дурак");
            }
        }
    }

    /// Text with no n-gram in the vocabulary scores `expit(intercept)`,
    /// the package's figure for an empty string.
    #[test]
    fn empty_text_gives_the_intercept_probability() {
        let m = RuToxicityModel::embedded();
        assert_eq!(m.predict(""), 0.33623811230844763);
        assert_eq!(m.predict("и не ты"), m.predict(""), "stop words only");
        assert_eq!(m.prepare("  Ты, ИДИОТ!!  "), "идиот");
    }
}
