//! The package's own text preparation (`__russian_tokenizer`), which runs
//! before its vectorizer:
//!
//! ```python
//! s = s.strip().lower()                      # Python str methods
//! for c in string.punctuation: s = s.replace(c, "")
//! tokens = nltk.word_tokenize(s, language="russian")
//! tokens = [t for t in tokens if t not in stopwords.words("russian")]
//! return " ".join(SnowballStemmer("russian").stem(t) for t in tokens)
//! ```
//!
//! With every ASCII punctuation char gone, `word_tokenize` reduces to this:
//! Punkt finds no sentence break (it only breaks at `.`, `?`, `!`), and of
//! NLTK's word-tokenizer rules only these can still fire: the curly quotes
//! `«“‘„»”’` and the dashes U+2012–U+2015 become tokens of their own, and
//! the English contractions `cannot`, `gimme`, `gonna`, `gotta`, `lemme`
//! and `wanna` (as whole `\w` runs, case-insensitive) are split in two.
//! `tools/export-models/toxicity_ru.py` asserts the Punkt part on every
//! golden string; the parity test checks the rest.

use super::stemmer::stem;
use crate::classify::models::pytext::PyText;

/// `string.punctuation`.
fn is_ascii_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// Chars that NLTK's tokenizer pads with spaces: quotes and dashes.
fn is_own_token(c: char) -> bool {
    matches!(
        c,
        '«' | '“' | '‘' | '„' | '»' | '”' | '’' | '\u{2012}'..='\u{2015}'
    )
}

/// `MacIntyreContractions.CONTRACTIONS2` without the ones that need an
/// apostrophe: (whole word, length of its first part, needs whitespace after).
const CONTRACTIONS: &[(&str, usize, bool)] = &[
    ("cannot", 3, false),
    ("gimme", 3, false),
    ("gonna", 3, false),
    ("gotta", 3, false),
    ("lemme", 3, false),
    ("wanna", 3, true),
];

pub(super) struct Prepare<'m> {
    pub text: &'m PyText,
    pub space: &'m [(u32, u32)],
    pub stop_words: &'m rustc_hash::FxHashSet<Box<str>>,
}

impl Prepare<'_> {
    /// Python's `str.isspace()`.
    fn is_space(&self, c: char) -> bool {
        let cp = u32::from(c);
        let i = self.space.partition_point(|&(_, hi)| hi < cp);
        self.space.get(i).is_some_and(|&(lo, _)| lo <= cp)
    }

    /// The string the package hands to its vectorizer.
    pub fn run(&self, input: &str) -> String {
        let stripped = input.trim_matches(|c| self.is_space(c));
        let mut lower = String::with_capacity(stripped.len());
        self.text.lower_into(stripped, &mut lower);
        let mut out = String::with_capacity(lower.len());
        let mut token = String::new();
        for c in lower.chars().filter(|&c| !is_ascii_punctuation(c)) {
            if self.is_space(c) || is_own_token(c) {
                self.flush(&mut token, &mut out);
                if is_own_token(c) {
                    token.push(c);
                    self.flush(&mut token, &mut out);
                }
            } else {
                token.push(c);
            }
        }
        self.flush(&mut token, &mut out);
        out
    }

    /// Splits `token` at contractions, then drops stop words and appends
    /// the stems to `out`, space-separated.
    fn flush(&self, token: &mut String, out: &mut String) {
        if token.is_empty() {
            return;
        }
        let mut start = 0;
        for (at, first_len, whole) in self.contractions(token) {
            self.emit(&token[start..at], out);
            self.emit(&token[at..at + first_len], out);
            start = at + first_len;
            self.emit(&token[start..start + whole - first_len], out);
            start += whole - first_len;
        }
        self.emit(&token[start..], out);
        token.clear();
    }

    fn emit(&self, part: &str, out: &mut String) {
        if part.is_empty() || self.stop_words.contains(part) {
            return;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem(part));
    }

    /// (byte offset, byte length of the first part, byte length) of each
    /// contraction in `token`: a maximal run of `\w` chars that equals one
    /// of [`CONTRACTIONS`] under Python's `(?i)`, where `ı` matches `i`
    /// (the text is lowercase already). `wanna` must end the token, since
    /// NLTK's rule wants whitespace after it.
    fn contractions(&self, token: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        let mut run_start = None;
        let ends = token.char_indices().map(|(i, c)| (i, Some(c)));
        for (i, c) in ends.chain(std::iter::once((token.len(), None))) {
            let word = c.is_some_and(|c| self.text.is_word(c));
            match (word, run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(s)) => {
                    run_start = None;
                    let run = &token[s..i];
                    let at_end = i == token.len();
                    let hit = CONTRACTIONS
                        .iter()
                        .find(|(w, _, needs_space)| (!needs_space || at_end) && folded_eq(run, w));
                    if let Some(&(_, first, _)) = hit {
                        let first_len = run.char_indices().nth(first).map_or(run.len(), |(j, _)| j);
                        found.push((s, first_len, run.len()));
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// `run` equals the ASCII word `w` with `ı` (U+0131) allowed for `i`.
fn folded_eq(run: &str, w: &str) -> bool {
    let mut a = run.chars();
    let mut b = w.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || (y == 'i' && x == '\u{131}') => {}
            _ => return false,
        }
    }
}
