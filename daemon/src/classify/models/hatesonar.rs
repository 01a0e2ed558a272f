//! hatesonar 0.1.0: the skl2onnx graph (StringNormalizer → Tokenizer →
//! TfIdfVectorizer → idf → L2 → LinearClassifier/softmax → L1) computed in
//! f32 the way onnxruntime does it, quirks included
//! (`shared/research/model-export.md`, section 2).

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use super::container::{Container, Cursor};
use super::{ModelError, Vocab, read_file};

const FORMAT: &str = "hatesonar/v1";
const EMBEDDED: &[u8] = include_bytes!("../../../models/hatesonar.bin");
const NO_WEIGHTS: u16 = u16::MAX;

/// Accumulator lanes of onnxruntime's MLAS M=1 transposed-B SGEMM kernel.
const LANES: usize = 8;

/// The dot products as MLAS's `MlasSgemmKernelM1TransposeBAvx` sums them
/// (the kernel onnxruntime's LinearClassifier reaches on x86-64 with AVX):
/// feature j accumulates into lane j % 8 with a separate multiply and add
/// (no FMA); with N = 3 classes, rows 0–1 go through the kernel's 2-row
/// path and row 2 through its 1-row path, whose lane reductions differ.
/// Then the intercept (the GEMM's C with beta = 1) is added. Measured: raw
/// scores bit-identical to onnxruntime on the whole golden corpus, where a
/// sequential sum was off by 1 ulp on ~4% of strings. Other CPUs (ARM) use
/// other kernels, so the reference itself moves by ~1 ulp there.
fn reduce_lanes(k: usize, l: &[f32; LANES]) -> f32 {
    if k < 2 {
        // vunpck{l,h}ps + vaddps, vextractf128 + vaddps, vmovhlps + vaddps
        ((l[0] + l[2]) + (l[4] + l[6])) + ((l[1] + l[3]) + (l[5] + l[7]))
    } else {
        // vhaddps twice, then vextractf128 + vaddss
        ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
    }
}

/// hatesonar's three classes, in the model's label order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HateSonarClass {
    HateSpeech,
    OffensiveLanguage,
    Neither,
}

impl HateSonarClass {
    pub const ALL: [Self; 3] = [Self::HateSpeech, Self::OffensiveLanguage, Self::Neither];

    /// The names `Sonar().ping` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HateSpeech => "hate_speech",
            Self::OffensiveLanguage => "offensive_language",
            Self::Neither => "neither",
        }
    }
}

/// Class confidences (they sum to 1) and the predicted class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HateSonarScores {
    pub hate_speech: f32,
    pub offensive_language: f32,
    pub neither: f32,
    pub top_class: HateSonarClass,
}

/// The hate-speech classifier; `predict` matches `Sonar().ping(text)`.
pub struct HateSonarModel {
    pool: Vocab,
    idf: Vec<f32>,
    /// Feature id → row in `weights`, or `NO_WEIGHTS`: the L1-regularised
    /// model uses only 298 of 28,302 columns, but all of them feed the norm.
    slot: Vec<u16>,
    weights: Vec<[f32; 3]>,
    intercepts: [f32; 3],
    version: String,
}

#[derive(Default)]
struct Scratch {
    token: Vec<u8>,
    hits: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

impl HateSonarModel {
    /// Version of the embedded model, for recording next to verdicts.
    pub const VERSION: &'static str = "hatesonar-0.1.0";

    /// The model compiled into the binary, parsed on first use.
    pub fn embedded() -> &'static Self {
        static MODEL: OnceLock<HateSonarModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // Fixed at build time and checked by unit tests: failure is a build defect.
            #[allow(clippy::expect_used)]
            Self::from_bytes(EMBEDDED).expect("embedded hatesonar model is valid")
        })
    }

    /// Loads a `hatesonar/v1` file, e.g. one named in the settings.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ModelError> {
        Self::from_bytes(&read_file(path.as_ref())?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let c = Container::parse(bytes, FORMAT)?;
        let terms = c.section("POOL")?.terms()?;
        let n = terms.len();
        let idf = c.section("IDF4")?.dict_floats(4, Cursor::f32)?;
        if idf.len() != n {
            return Err(ModelError::invalid(
                "IDF4",
                format!("{} values for {n} terms", idf.len()),
            ));
        }
        let mut icpt = c.section("ICPT")?;
        if icpt.count(4)? != 3 {
            return Err(icpt.err("want 3 intercepts"));
        }
        let intercepts = [icpt.f32()?, icpt.f32()?, icpt.f32()?];
        icpt.finish()?;
        let (slot, weights) = load_sparse(c.section("SPRS")?, n)?;
        Ok(Self {
            pool: Vocab::build("POOL", terms)?,
            idf,
            slot,
            weights,
            intercepts,
            version: format!("{}-{}", c.meta.model, c.meta.version),
        })
    }

    /// `"{model}-{version}"` from the file, e.g. [`Self::VERSION`] when embedded.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Approximate heap bytes held by the loaded model.
    pub fn heap_bytes(&self) -> usize {
        self.pool.heap_bytes() + self.idf.len() * 4 + self.slot.len() * 2 + self.weights.len() * 12
    }

    pub fn predict(&self, text: &str) -> HateSonarScores {
        SCRATCH.with(|s| {
            let Scratch { token, hits } = &mut *s.borrow_mut();
            hits.clear();
            for_each_token(text, token, |t| {
                if let Some(j) = self.pool.get(t) {
                    hits.push(j);
                }
            });
            hits.sort_unstable();
            self.score(hits)
        })
    }

    fn score(&self, hits: &[u32]) -> HateSonarScores {
        let squares = || {
            hits.chunk_by(|a, b| a == b).map(|g| {
                let j = g[0] as usize;
                let v = g.len() as f32 * self.idf[j];
                (j, v * v)
            })
        };
        // onnxruntime's L2 Normalizer computes sqrt(v²/Σv²), not v/‖v‖; the
        // two differ in the last bit, so follow it exactly.
        let sum: f32 = squares().fold(0.0, |acc, (_, q)| acc + q);
        let mut lanes = [[0.0f32; LANES]; 3];
        if sum != 0.0 {
            for (j, q) in squares() {
                let s = self.slot[j];
                if s != NO_WEIGHTS {
                    let x = (q / sum).sqrt();
                    let w = &self.weights[usize::from(s)];
                    for (lane, &wk) in lanes.iter_mut().zip(w) {
                        lane[j % LANES] += x * wk;
                    }
                }
            }
        }
        let score: [f32; 3] =
            std::array::from_fn(|k| reduce_lanes(k, &lanes[k]) + self.intercepts[k]);
        // Label: first maximum (strict >), as onnxruntime's LinearClassifier.
        let mut top = 0;
        for k in 1..3 {
            if score[k] > score[top] {
                top = k;
            }
        }
        // Softmax (scalar path), then the graph's final L1 Normalizer.
        let m = score[0].max(score[1]).max(score[2]);
        let e: [f32; 3] = std::array::from_fn(|k| (score[k] - m).exp());
        let tot = e[0] + e[1] + e[2];
        let p: [f32; 3] = std::array::from_fn(|k| e[k] / tot);
        let l1 = p[0].abs() + p[1].abs() + p[2].abs();
        HateSonarScores {
            hate_speech: p[0] / l1,
            offensive_language: p[1] / l1,
            neither: p[2] / l1,
            top_class: HateSonarClass::ALL[top],
        }
    }
}

/// StringNormalizer (glibc `towlower`) + Tokenizer `[a-zA-Z0-9_]+`: the only
/// non-ASCII chars that lowercase into token chars are İ → i and the Kelvin
/// sign → k; everything else non-ASCII separates tokens. Every run is a token
/// (mincharnum is not applied in regex mode).
fn for_each_token(text: &str, buf: &mut Vec<u8>, mut f: impl FnMut(&[u8])) {
    let bytes = text.as_bytes();
    buf.clear();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let t = if b.is_ascii() {
            i += 1;
            match b {
                b'a'..=b'z' | b'0'..=b'9' | b'_' if buf.is_empty() => {
                    // Fast path: an already-lowercase token that ends at a
                    // plain separator is looked up in place, without copying.
                    let start = i - 1;
                    let end = bytes[i..]
                        .iter()
                        .position(|&c| !is_token_byte(c))
                        .map_or(bytes.len(), |n| i + n);
                    match bytes.get(end) {
                        Some(c) if c.is_ascii_uppercase() || !c.is_ascii() => {}
                        _ => {
                            f(&bytes[start..end]);
                            i = end;
                            continue;
                        }
                    }
                    Some(b)
                }
                b'a'..=b'z' | b'0'..=b'9' | b'_' => Some(b),
                b'A'..=b'Z' => Some(b.to_ascii_lowercase()),
                _ => None,
            }
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            match c {
                '\u{130}' => Some(b'i'),
                '\u{212a}' => Some(b'k'),
                _ => None,
            }
        };
        match t {
            Some(t) => buf.push(t),
            None if !buf.is_empty() => {
                f(buf);
                buf.clear();
            }
            None => {}
        }
    }
    if !buf.is_empty() {
        f(buf);
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}

fn load_sparse(mut cur: Cursor<'_>, n: usize) -> Result<(Vec<u16>, Vec<[f32; 3]>), ModelError> {
    if cur.u32()? != 3 {
        return Err(cur.err("want 3 classes"));
    }
    let nnz = cur.count(16)?;
    if nnz >= usize::from(NO_WEIGHTS) {
        return Err(cur.err("too many nonzero columns"));
    }
    let mut slot = vec![NO_WEIGHTS; n];
    let mut weights = Vec::with_capacity(nnz);
    for i in 0..nnz {
        let j = cur.u32()? as usize;
        let w = [cur.f32()?, cur.f32()?, cur.f32()?];
        match slot.get_mut(j) {
            Some(s) if *s == NO_WEIGHTS => *s = i as u16,
            _ => return Err(cur.err(format!("feature {j} out of range or repeated"))),
        }
        weights.push(w);
    }
    cur.finish()?;
    Ok((slot, weights))
}
