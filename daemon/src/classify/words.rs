//! A text's words, folded once for every reader of them (the profanity
//! lexicons, the n-gram heads): words are runs of alphanumeric chars,
//! compared folded (lower case, diacritics removed, ß as ss) so that
//! `Enculé`, `encule` and `ENCULE` are one word and a missing accent
//! changes nothing.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters;

/// Appends `word` folded to `out`: the key both the lexicon file (written
/// by `tools/export-models/lexicons.py`, which folds the same way) and the
/// text are compared by.
pub fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            if l == 'ß' {
                out.push_str("ss");
                continue;
            }
            decompose_canonical(l, |d| {
                if canonical_combining_class(d) == 0 {
                    out.push(d);
                }
            });
        }
    }
}

/// One word of the text: its folded form in [`Words::keys`], and where it
/// is, in chars of the text.
struct Word {
    key: (usize, usize),
    chars: (usize, usize),
}

/// A text split into words and folded once, for any number of lexicons.
pub struct Words {
    keys: String,
    words: Vec<Word>,
}

impl Words {
    pub fn of(text: &str) -> Self {
        let mut w = Self {
            keys: String::with_capacity(text.len()),
            words: Vec::new(),
        };
        let mut start: Option<(usize, usize)> = None; // (byte, char) of the current word
        let mut chars = 0;
        for (byte, c) in text.char_indices() {
            match (letters::is_alphanumeric(c), start) {
                (true, None) => start = Some((byte, chars)),
                (false, Some((b, ch))) => {
                    w.push(&text[b..byte], (ch, chars));
                    start = None;
                }
                _ => {}
            }
            chars += 1;
        }
        if let Some((b, ch)) = start {
            w.push(&text[b..], (ch, chars));
        }
        w
    }

    fn push(&mut self, word: &str, chars: (usize, usize)) {
        let begin = self.keys.len();
        fold_into(word, &mut self.keys);
        self.words.push(Word {
            key: (begin, self.keys.len()),
            chars,
        });
    }

    /// How many words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Word `i`, folded.
    pub fn key(&self, i: usize) -> &str {
        let (b, e) = self.words[i].key;
        &self.keys[b..e]
    }

    /// Where word `i` is in the text: its first char and the char after it.
    pub fn chars(&self, i: usize) -> (usize, usize) {
        self.words[i].chars
    }

    /// Every word, folded, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.key(i))
    }
}
