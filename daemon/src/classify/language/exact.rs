//! whatlang's language scoring for the scripts several languages share
//! (Latin, Cyrillic, Arabic, Devanagari, Hebrew), re-implemented so that it
//! returns exactly what `whatlang::Detector::detect` returns (same language,
//! same confidence, bit for bit; the test `exact_scoring_equals_whatlang`
//! checks it) in a fraction of the time.
//!
//! whatlang's "combined" method mixes an alphabet score (which letters each
//! language uses) with a trigram distance: for each candidate language it
//! walks that language's 300-trigram profile and looks every trigram up in
//! the text's trigram map: 300 hash look-ups per language, ~4,000 for the 13
//! Latin candidates, 10–60 µs per short text. Here an inverted index (trigram
//! → the profiles containing it, with its rank) is built once, so a text
//! costs one look-up per distinct trigram of the text. Everything else (the
//! lower-casing, which characters count, the sorts and their tie order, the
//! score and confidence formulas) follows whatlang 0.16.4 step by step.
//!
//! whatlang keeps its tables private, so `whatlang-data.txt` is a copy made
//! by `tools/whatlang-profiles/extract.py` (MIT licence, in
//! `daemon/models/LICENSES/whatlang.txt`). Scripts of one language (Hangul,
//! Greek, Thai, …) and Han/kana need no scoring and still go to whatlang.

use std::cmp::Reverse;

use rustc_hash::FxHashMap;
use whatlang::{Info, Lang, Script};

const DATA: &str = include_str!("whatlang-data.txt");
const MAX_TRIGRAM_DISTANCE: u32 = 300;
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// Text trigrams that get a rank (whatlang's `TEXT_TRIGRAMS_SIZE`).
const TEXT_TRIGRAMS_SIZE: usize = 600;
/// Languages per script the score arrays hold (whatlang's Latin has 36; a
/// test checks every script fits).
const MAX_LANGS: usize = 64;

/// The scripts whatlang scores, with the languages its alphabet stage
/// knows when it has no alphabets for them (`build_mock`).
const MULTI: [(Script, &str, &[Lang]); 5] = [
    (Script::Latin, "LATIN", &[]),
    (Script::Cyrillic, "CYRILLIC", &[]),
    (Script::Arabic, "ARABIC", &[Lang::Ara, Lang::Urd, Lang::Pes]),
    (
        Script::Devanagari,
        "DEVANAGARI",
        &[Lang::Hin, Lang::Mar, Lang::Nep],
    ),
    (Script::Hebrew, "HEBREW", &[Lang::Heb, Lang::Yid]),
];

/// whatlang's `is_stop_char`: space, punctuation or an ASCII digit.
fn is_stop_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{40}' | '\u{5b}'..='\u{60}' | '\u{7b}'..='\u{7e}')
}

/// A trigram as one integer whose order is the order of whatlang's
/// `Trigram(char, char, char)` (21 bits per char).
fn key(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// How one script's alphabet stage scores a text.
enum Alphabets {
    /// Latin, Cyrillic: per letter, the languages whose alphabet has it.
    Letters {
        /// `script.langs()` that are allowed, in that order.
        langs: Vec<Lang>,
        /// Letter → (common to every language of the script, indexes into `langs`).
        letters: FxHashMap<char, (bool, Vec<u8>)>,
    },
    /// Arabic, Devanagari, Hebrew: every allowed language scores 1.
    Mock(Vec<Lang>),
}

/// One script's tables, restricted to the allowed languages.
struct ScriptTables {
    script: Script,
    alphabets: Alphabets,
    /// Allowed languages with a trigram profile, in whatlang's profile order.
    profile_langs: Vec<Lang>,
    /// Trigram → range of `postings`.
    index: FxHashMap<u64, (u32, u32)>,
    /// (index into `profile_langs`, rank of the trigram in that profile).
    postings: Vec<(u8, u16)>,
}

/// whatlang's `Detector::detect`, with its multi-language scripts scored
/// through inverted indexes.
pub struct ExactWhatlang {
    tables: Vec<ScriptTables>,
    fallback: whatlang::Detector,
}

impl std::fmt::Debug for ExactWhatlang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExactWhatlang").finish_non_exhaustive()
    }
}

/// Per-text scratch, reused by the thread.
#[derive(Default)]
struct Scratch {
    trigrams: Vec<u64>,
    ranked: Vec<(u32, u64)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

impl ExactWhatlang {
    /// Like `whatlang::Detector::with_allowlist(allow)`; `None` allows all.
    pub fn new(allow: Option<&[Lang]>) -> Self {
        let allowed = |l: Lang| allow.is_none_or(|a| a.contains(&l));
        let tables = MULTI
            .iter()
            .map(|&(script, name, mock)| ScriptTables::load(script, name, mock, &allowed))
            .collect();
        let fallback = match allow {
            Some(a) => whatlang::Detector::with_allowlist(a.to_vec()),
            None => whatlang::Detector::new(),
        };
        Self { tables, fallback }
    }

    pub fn detect(&self, text: &str) -> Option<Info> {
        let script = whatlang::detect_script(text)?;
        match self.tables.iter().find(|t| t.script == script) {
            Some(t) => SCRATCH.with(|s| t.detect(text, &mut s.borrow_mut())),
            // One language per script, or Han/kana: whatlang does no scoring.
            None => self.fallback.detect(text),
        }
    }
}

/// The lines of `DATA` of one kind and script: (language, payload).
fn data_lines<'a>(kind: &'a str, script: &'a str) -> impl Iterator<Item = (Lang, &'a str)> + 'a {
    DATA.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(move |l| {
            let mut f = l.splitn(4, '\t');
            if f.next()? != kind || f.next()? != script {
                return None;
            }
            let lang = Lang::from_code(f.next()?)?;
            Some((lang, f.next()?))
        })
}

impl ScriptTables {
    fn load(script: Script, name: &str, mock: &[Lang], allowed: &dyn Fn(Lang) -> bool) -> Self {
        let alphabets = if mock.is_empty() {
            let script_langs = script.langs();
            let langs: Vec<Lang> = script_langs
                .iter()
                .copied()
                .filter(|&l| allowed(l))
                .collect();
            // whatlang's inverted map: letter → every language listing it.
            let mut by_letter: FxHashMap<char, Vec<Lang>> = FxHashMap::default();
            for (lang, alphabet) in data_lines("A", name) {
                for c in alphabet.chars() {
                    by_letter.entry(c).or_default().push(lang);
                }
            }
            let letters = by_letter
                .into_iter()
                .map(|(c, ls)| {
                    let common = ls.len() == script_langs.len();
                    let idx = ls
                        .iter()
                        .filter_map(|l| langs.iter().position(|x| x == l))
                        .map(|i| i as u8)
                        .collect();
                    (c, (common, idx))
                })
                .collect();
            Alphabets::Letters { langs, letters }
        } else {
            Alphabets::Mock(mock.iter().copied().filter(|&l| allowed(l)).collect())
        };
        let mut profile_langs = Vec::new();
        let mut lists: FxHashMap<u64, Vec<(u8, u16)>> = FxHashMap::default();
        for (lang, grams) in data_lines("P", name).filter(|&(l, _)| allowed(l)) {
            let k = profile_langs.len() as u8;
            profile_langs.push(lang);
            let chars: Vec<char> = grams.chars().collect();
            for (rank, g) in chars.chunks_exact(3).enumerate() {
                lists
                    .entry(key(g[0], g[1], g[2]))
                    .or_default()
                    .push((k, rank as u16));
            }
        }
        let mut index = FxHashMap::default();
        let mut postings = Vec::new();
        for (k, list) in lists {
            index.insert(k, (postings.len() as u32, list.len() as u32));
            postings.extend(list);
        }
        Self {
            script,
            alphabets,
            profile_langs,
            index,
            postings,
        }
    }

    /// `whatlang::combined::detect` for this script.
    fn detect(&self, text: &str, s: &mut Scratch) -> Option<Info> {
        let lower = text.to_lowercase();
        let (count, alphabet) = self.alphabet_scores(&lower);
        let (trigrams_count, trigram) = self.trigram_scores(&lower, s);

        // combined::raw_detect
        let mut all_langs: Vec<Lang> = alphabet.iter().map(|x| x.0).collect();
        for (lang, _) in &trigram {
            if !all_langs.contains(lang) {
                all_langs.push(*lang);
            }
        }
        let alphabet_weight = (-(count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
        let trigram_weight = 1.0 - alphabet_weight;
        let find =
            |v: &[(Lang, f64)], lang: Lang| v.iter().find(|(l, _)| *l == lang).map_or(0.0, |x| x.1);
        let mut scores: Vec<(Lang, f64)> = all_langs
            .into_iter()
            .map(|lang| {
                let a = find(&alphabet, lang);
                let t = find(&trigram, lang);
                (lang, a * alphabet_weight + t * trigram_weight)
            })
            .collect();
        scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));

        let mut it = scores.into_iter();
        let (lang1, score1) = it.next()?;
        let confidence = match it.next() {
            Some((_, score2)) => confidence(score1, score2, trigrams_count),
            None => 1.0,
        };
        Some(Info::new(self.script, lang1, confidence))
    }

    /// `alphabets::raw_detect`: (letters counted, normalised scores).
    fn alphabet_scores(&self, lower: &str) -> (usize, Vec<(Lang, f64)>) {
        let (langs, letters) = match &self.alphabets {
            Alphabets::Mock(langs) => return (1, langs.iter().map(|&l| (l, 1.0)).collect()),
            Alphabets::Letters { langs, letters } => (langs, letters),
        };
        let mut max_raw_score = 0usize;
        let mut common = 0usize;
        let mut lang_scores = [0usize; MAX_LANGS];
        for c in lower.chars().filter(|&c| !is_stop_char(c)) {
            max_raw_score += 1;
            if let Some((is_common, idx)) = letters.get(&c) {
                if *is_common {
                    common += 2;
                } else {
                    for &i in idx {
                        lang_scores[usize::from(i)] += 2;
                    }
                }
            }
        }
        let mut raw: Vec<(Lang, usize)> = langs
            .iter()
            .enumerate()
            .map(|(i, &l)| (l, (lang_scores[i] + common).saturating_sub(max_raw_score)))
            .collect();
        raw.sort_unstable_by_key(|(_, score)| Reverse(*score));
        let scores = raw
            .iter()
            .map(|&(l, r)| (l, r as f64 / max_raw_score as f64))
            .collect();
        (max_raw_score, scores)
    }

    /// `trigrams::raw_detect`: (distinct text trigrams ranked, scores).
    fn trigram_scores(&self, lower: &str, s: &mut Scratch) -> (usize, Vec<(Lang, f64)>) {
        // Count trigrams (utils::count): stop chars become spaces, a space
        // is appended, and trigrams centred on a space next to a space or
        // at a word edge are skipped.
        s.trigrams.clear();
        let mut chars = lower
            .chars()
            .map(|c| if is_stop_char(c) { ' ' } else { c })
            .chain(Some(' '));
        let (mut c1, mut c2) = (' ', chars.next().unwrap_or(' '));
        for c3 in chars {
            if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
                s.trigrams.push(key(c1, c2, c3));
            }
            (c1, c2) = (c2, c3);
        }
        s.trigrams.sort_unstable();
        s.ranked.clear();
        for run in s.trigrams.chunk_by(|a, b| a == b) {
            s.ranked.push((run.len() as u32, run[0]));
        }
        // Rank by (count, trigram), both descending; keep the first 600.
        s.ranked.sort_unstable_by(|a, b| b.cmp(a));
        s.ranked.truncate(TEXT_TRIGRAMS_SIZE);
        let unique = s.ranked.len();

        // calculate_distance for every profile at once: a profile trigram
        // the text lacks costs 300, one it has costs |rank in text − rank
        // in profile|; start from "all missing" and correct for each hit.
        let mut totals = [i64::from(MAX_TOTAL_DISTANCE); MAX_LANGS];
        for (pos, &(_, k)) in s.ranked.iter().enumerate() {
            let Some(&(start, len)) = self.index.get(&k) else {
                continue;
            };
            for &(lang, rank) in &self.postings[start as usize..(start + len) as usize] {
                let d = (pos as i64 - i64::from(rank)).abs();
                totals[usize::from(lang)] += d - i64::from(MAX_TRIGRAM_DISTANCE);
            }
        }
        let count = unique as u32;
        let mut distances: Vec<(Lang, u32)> = self
            .profile_langs
            .iter()
            .enumerate()
            .map(|(i, &lang)| {
                let mut total = totals[i] as u32;
                if MAX_TRIGRAM_DISTANCE > count {
                    let delta = MAX_TRIGRAM_DISTANCE - count;
                    total = total.wrapping_sub(delta * MAX_TRIGRAM_DISTANCE);
                }
                (lang, total.clamp(0, MAX_TOTAL_DISTANCE))
            })
            .collect();
        distances.sort_unstable_by_key(|(_, d)| *d);
        let max_dist = count * MAX_TRIGRAM_DISTANCE;
        let scores = distances
            .iter()
            .map(|&(lang, d)| {
                (
                    lang,
                    f64::from(max_dist.wrapping_sub(d)) / f64::from(max_dist),
                )
            })
            .collect();
        (unique, scores)
    }
}

/// whatlang's `calculate_confidence`.
fn confidence(highest: f64, second: f64, count: usize) -> f64 {
    if highest == 0.0 {
        return 0.0;
    }
    if second == 0.0 {
        return highest;
    }
    let confident_rate = (3.0 / count as f64) + 0.015;
    let rate = (highest - second) / second;
    if rate > confident_rate {
        1.0
    } else {
        rate / confident_rate
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::classify::language::cut;

    /// The golden corpus's texts (many scripts, accents, emoji, long text).
    pub(crate) fn golden_texts() -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/models/golden/golden.jsonl");
        let data = std::fs::read_to_string(path).unwrap_or_default();
        data.lines()
            .skip(1)
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                v["text"].as_str().map(str::to_owned)
            })
            .collect()
    }

    const SENTENCES: &[&str] = &[
        "Además de todo lo anteriormente dicho, también encontramos...",
        "Та нічого, все нормально. А в тебе як?",
        "Мы хотим видеть дальше, чем окна дома напротив",
        "Die Ordnung muss für immer in diesem Codebase bleiben",
        "I am begging pardon",
        "Ĉu vi ne volas eklerni Esperanton? Bonvolu!",
        "האקדמיה ללשון העברית",
        "ער האָט געזאָגט אַז ער וועט קומען",
        "مرحبا بكم في موقعنا، نتمنى لكم وقتا ممتعا",
        "یہ ایک اردو جملہ ہے جو ہم نے لکھا",
        "این یک جمله فارسی است که ما نوشتیم",
        "यह एक हिंदी वाक्य है जो हमने लिखा",
        "हे मराठी वाक्य आहे जे आम्ही लिहिले",
        "Ja kulkee kylmä hetki pariimme, Olet hauras kuin jää",
        "Tyrkiske språk eller turkotatariske språk er en språkgruppe",
        "Dzień dobry, jak się masz? Wszystko w porządku",
        "Tôi không biết nói tiếng Việt nhưng tôi đang học",
        "ΣΟΦΙΑ ΚΑΙ ΣΟΦΟΣ Σ",
        "これは日本語の文章です",
        "这是一个中文句子",
        "한국어 문장입니다",
        "MAŁY ŻÓŁW Ş İSTANBUL ǅ ẞ",
        "",
        "1234 !!!",
        "😀",
    ];

    fn same(a: Option<Info>, b: Option<Info>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                a.lang() == b.lang()
                    && a.script() == b.script()
                    && a.confidence().to_bits() == b.confidence().to_bits()
            }
            _ => false,
        }
    }

    #[test]
    fn exact_scoring_equals_whatlang() {
        let golden = golden_texts();
        assert!(golden.len() > 2000, "golden corpus missing");
        let mut texts: Vec<String> = golden.iter().map(|t| cut(t, 1024).to_owned()).collect();
        texts.extend(SENTENCES.iter().map(|s| (*s).to_owned()));
        // Mixed texts: pairs of corpus strings, so scripts and languages meet.
        texts.extend(
            golden
                .windows(2)
                .step_by(7)
                .map(|w| cut(&format!("{} {}", w[0], w[1]), 600).to_owned()),
        );
        let latin = [
            Lang::Eng,
            Lang::Fra,
            Lang::Spa,
            Lang::Deu,
            Lang::Ita,
            Lang::Por,
            Lang::Nld,
            Lang::Swe,
            Lang::Dan,
            Lang::Tur,
            Lang::Pol,
            Lang::Ind,
            Lang::Vie,
        ];
        let pairs = [
            (ExactWhatlang::new(None), whatlang::Detector::new()),
            (
                ExactWhatlang::new(Some(&latin)),
                whatlang::Detector::with_allowlist(latin.to_vec()),
            ),
            (
                ExactWhatlang::new(Some(&[Lang::Rus, Lang::Ukr, Lang::Eng])),
                whatlang::Detector::with_allowlist(vec![Lang::Rus, Lang::Ukr, Lang::Eng]),
            ),
        ];
        let mut scored = 0;
        for (ours, theirs) in &pairs {
            for t in &texts {
                let (a, b) = (ours.detect(t), theirs.detect(t));
                scored += usize::from(a.is_some());
                assert!(
                    same(a, b),
                    "{t:?}: {:?} vs {:?}",
                    ours.detect(t),
                    theirs.detect(t)
                );
            }
        }
        assert!(scored > texts.len(), "most texts get a language");
    }

    #[test]
    fn data_file_has_every_profile_and_alphabet() {
        assert!(MULTI.iter().all(|m| m.0.langs().len() <= MAX_LANGS));
        for (_, name, mock) in MULTI {
            let script = MULTI.iter().find(|m| m.1 == name).map(|m| m.0);
            let langs = script.map(|s| s.langs().to_vec()).unwrap_or_default();
            let profiles: Vec<Lang> = data_lines("P", name).map(|(l, _)| l).collect();
            assert_eq!(profiles.len(), langs.len(), "{name}");
            assert!(data_lines("P", name).all(|(_, g)| g.chars().count() == 900));
            if mock.is_empty() {
                assert_eq!(data_lines("A", name).count(), langs.len(), "{name}");
            }
        }
    }
}
