//! The category heads of one language on character n-grams (`ngram-heads/v1`,
//! trained by `tools/export-models/ngram_heads.py` on the labelled set's
//! train split, calibrated on its dev split). The features are the text's
//! folded [`Words`], read as scikit-learn's `char_wb` reads words
//! ([`CharWb`], 2 to 4 chars). Counts times idf, L2-normalised; each head
//! is `sigmoid(a · (w · x + b) + c)`, in f64 from f32 weights (the parity
//! test, `classify::ngram_heads`'s `ngram_heads_parity`, holds them to
//! the trainer's own scores).

use modd_common::Category;

use super::char_wb::CharWb;
use super::container::{Container, Cursor};
use super::{ModelError, Vocab};
use crate::classify::calibration::sigmoid;
use crate::classify::words::Words;

const FORMAT: &str = "ngram-heads/v1";

/// Heads a model has: the encoder's twelve categories. Fixed, so that one
/// n-gram's weights are one array the compiler unrolls and vectorises.
pub const HEADS: usize = 12;

/// The trainer's n-gram lengths.
const NGRAMS: std::ops::RangeInclusive<usize> = 2..=4;

#[derive(serde::Deserialize)]
struct Meta {
    language: String,
    categories: Vec<Category>,
    ngrams: (usize, usize),
}

/// One category's head.
struct Head {
    category: Category,
    intercept: f64,
    platt: (f64, f64),
}

/// One language's vocabulary and heads.
pub struct NgramHeadsModel {
    language: String,
    vocab: Vocab,
    idf: Vec<f64>,
    /// Each n-gram's weight in every head, n-gram by n-gram: a text's
    /// n-grams are few, so reading the twelve weights of one from one
    /// cache line beats twelve row walks.
    weights: Vec<[f32; HEADS]>,
    heads: Vec<Head>,
    version: String,
}

impl NgramHeadsModel {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let c = Container::parse(bytes, FORMAT)?;
        let meta: Meta = serde_json::from_slice(c.section("META")?.rest())
            .map_err(|e| ModelError::invalid("META", e.to_string()))?;
        if meta.ngrams != (*NGRAMS.start(), *NGRAMS.end()) {
            return Err(ModelError::invalid("META", "n-gram lengths other than 2-4"));
        }
        let terms = c.section("VOCB")?.terms()?;
        let n = terms.len();
        let idf = c.section("IDF8")?.dict_floats(8, Cursor::f64)?;
        let (rows, by_head) = read_f32_matrix(c.section("CO32")?, n)?;
        let intercepts = c.section("ICPT")?.f64_list()?;
        let platt = c.section("PLAT")?.f64_list()?;
        let k = meta.categories.len();
        if k != HEADS {
            return Err(ModelError::invalid(
                "META",
                format!("{k} categories, want {HEADS}"),
            ));
        }
        if idf.len() != n || rows != k || intercepts.len() != k || platt.len() != 2 * k {
            return Err(ModelError::invalid(
                "CO32",
                format!(
                    "{n} n-grams, {} idf, {rows} weight rows, {} intercepts and {} Platt \
                     coefficients for {k} categories",
                    idf.len(),
                    intercepts.len(),
                    platt.len()
                ),
            ));
        }
        let heads = meta
            .categories
            .iter()
            .zip(intercepts)
            .zip(platt.chunks_exact(2))
            .map(|((&category, intercept), ab)| Head {
                category,
                intercept,
                platt: (ab[0], ab[1]),
            })
            .collect();
        let mut weights = vec![[0f32; HEADS]; n];
        for (h, row) in by_head.chunks_exact(n.max(1)).enumerate() {
            for (j, &w) in row.iter().enumerate() {
                weights[j][h] = w;
            }
        }
        Ok(Self {
            language: meta.language,
            vocab: Vocab::build("VOCB", terms)?,
            idf,
            weights,
            heads,
            version: format!("{}-{}", c.meta.model, c.meta.version),
        })
    }

    /// The ISO 639-3 code it was trained on.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// `"{model}-{version}"` from the file.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The categories with a head, in file order.
    pub fn categories(&self) -> impl Iterator<Item = Category> + '_ {
        self.heads.iter().map(|h| h.category)
    }

    /// Approximate heap bytes held by the loaded model.
    pub fn heap_bytes(&self) -> usize {
        self.vocab.heap_bytes() + self.idf.len() * 8 + self.weights.len() * HEADS * 4
    }

    /// Each head's calibrated probability for `words`, in [`Self::categories`] order.
    pub fn scores(&self, words: &Words) -> Vec<f64> {
        // tf-idf of each distinct n-gram, ascending (the trainer's order,
        // so every sum below is the same float as its).
        let mut hits = self.ngrams(words);
        hits.sort_unstable();
        let features: Vec<(usize, f64)> = hits
            .chunk_by(|a, b| a == b)
            .map(|g| (g[0] as usize, g.len() as f64 * self.idf[g[0] as usize]))
            .collect();
        let norm = features.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        let mut dots = [0f64; HEADS];
        if norm != 0.0 {
            for &(j, v) in &features {
                let x = v / norm;
                for (dot, &w) in dots.iter_mut().zip(&self.weights[j]) {
                    *dot += x * f64::from(w);
                }
            }
        }
        self.heads
            .iter()
            .zip(dots)
            .map(|(head, dot)| {
                let (a, c) = head.platt;
                sigmoid(a * (dot + head.intercept) + c)
            })
            .collect()
    }

    /// The vocabulary ids of the n-grams of `words`, in text order.
    fn ngrams(&self, words: &Words) -> Vec<u32> {
        let mut hits = Vec::new();
        let mut windows = CharWb::default();
        for word in words.keys() {
            windows.ngrams(word, NGRAMS, |g| hits.extend(self.vocab.get(g)));
        }
        hits
    }
}

/// `rows:u32 cols:u32`, then row-major f32s; `cols` must be `want_cols`.
fn read_f32_matrix(mut cur: Cursor<'_>, want_cols: usize) -> Result<(usize, Vec<f32>), ModelError> {
    let (rows, cols) = (cur.u32()? as usize, cur.u32()? as usize);
    if cols != want_cols {
        return Err(cur.err(format!("{cols} columns for {want_cols} n-grams")));
    }
    let n = rows.saturating_mul(cols);
    if n.saturating_mul(4) != cur.remaining() {
        return Err(cur.err("size does not match rows × columns"));
    }
    let v = (0..n).map(|_| cur.f32()).collect::<Result<_, _>>()?;
    cur.finish()?;
    Ok((rows, v))
}
