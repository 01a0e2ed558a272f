//! BERT's WordPiece tokenizer as the model's `tokenizer.json` describes it
//! (Hugging Face `tokenizers`: `BertNormalizer` with lowercase and accent
//! stripping, `BertPreTokenizer`, `WordPiece`, `[CLS] … [SEP]`, truncation).
//! Ported rather than pulling the `tokenizers` crate: the model needs only
//! this one configuration, which the loader checks and refuses otherwise.
//! The parity test compares the ids with the Python package's on the
//! golden texts.

use std::collections::HashMap;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Longest word (in chars) WordPiece splits; longer ones are `[UNK]`.
const MAX_WORD_CHARS: usize = 100;

/// Why a tokenizer file was refused.
#[derive(Debug, thiserror::Error)]
#[error("tokenizer.json: {0}")]
pub struct TokenizerError(String);

/// The parts of `tokenizer.json` the port depends on.
#[derive(Deserialize)]
struct File {
    normalizer: Normalizer,
    pre_tokenizer: Tagged,
    model: Model,
}

#[derive(Deserialize)]
struct Tagged {
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct Normalizer {
    #[serde(rename = "type")]
    kind: String,
    clean_text: bool,
    handle_chinese_chars: bool,
    strip_accents: Option<bool>,
    lowercase: bool,
}

#[derive(Deserialize)]
struct Model {
    #[serde(rename = "type")]
    kind: String,
    unk_token: String,
    continuing_subword_prefix: String,
    max_input_chars_per_word: usize,
    vocab: HashMap<String, u32>,
}

/// The loaded vocabulary and special ids.
pub struct WordPiece {
    vocab: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
    max_tokens: usize,
}

impl std::fmt::Debug for WordPiece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordPiece")
            .field("vocab", &self.vocab.len())
            .field("max_tokens", &self.max_tokens)
            .finish()
    }
}

impl WordPiece {
    /// Parses `tokenizer.json`; `max_tokens` counts `[CLS]` and `[SEP]`.
    pub fn from_json(bytes: &[u8], max_tokens: usize) -> Result<Self, TokenizerError> {
        let file: File =
            serde_json::from_slice(bytes).map_err(|e| TokenizerError(e.to_string()))?;
        let n = &file.normalizer;
        let expected = n.kind == "BertNormalizer"
            && n.clean_text
            && n.handle_chinese_chars
            && n.lowercase
            && n.strip_accents != Some(false)
            && file.pre_tokenizer.kind == "BertPreTokenizer"
            && file.model.kind == "WordPiece"
            && file.model.continuing_subword_prefix == "##"
            && file.model.max_input_chars_per_word == MAX_WORD_CHARS;
        if !expected {
            return Err(TokenizerError(
                "not the uncased BERT WordPiece configuration this port implements".into(),
            ));
        }
        let id = |t: &str| {
            file.model
                .vocab
                .get(t)
                .copied()
                .ok_or_else(|| TokenizerError(format!("{t} is not in the vocabulary")))
        };
        let (unk, cls, sep) = (id(&file.model.unk_token)?, id("[CLS]")?, id("[SEP]")?);
        if max_tokens < 3 {
            return Err(TokenizerError(
                "max_tokens must leave room for a token".into(),
            ));
        }
        Ok(Self {
            vocab: file.model.vocab,
            unk,
            cls,
            sep,
            max_tokens,
        })
    }

    /// `[CLS]`, the first `max_tokens - 2` word pieces, `[SEP]`.
    pub fn encode(&self, text: &str) -> Vec<i64> {
        let budget = self.max_tokens - 2;
        let mut ids = Vec::with_capacity(budget.min(text.len() / 3 + 2) + 2);
        ids.push(i64::from(self.cls));
        let normalized = normalize(text);
        'words: for word in pre_tokenize(&normalized) {
            for id in self.word_pieces(word) {
                if ids.len() > budget {
                    break 'words;
                }
                ids.push(i64::from(id));
            }
        }
        ids.push(i64::from(self.sep));
        ids
    }

    /// Greedy longest-match-first; a word with an unmatched rest is `[UNK]`.
    fn word_pieces(&self, word: &str) -> Vec<u32> {
        if word.chars().count() > MAX_WORD_CHARS {
            return vec![self.unk];
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut candidate = String::with_capacity(word.len() + 2);
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while start < end {
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                candidate.push_str(&word[start..end]);
                if let Some(&id) = self.vocab.get(candidate.as_str()) {
                    found = Some(id);
                    break;
                }
                // Step back one char (never inside a UTF-8 sequence).
                end = word[..end]
                    .char_indices()
                    .next_back()
                    .map_or(start, |(i, _)| i);
            }
            match found {
                Some(id) => pieces.push(id),
                None => return vec![self.unk],
            }
            start = end;
        }
        pieces
    }
}

/// `BertNormalizer`: drop NUL, U+FFFD and control/format/unassigned/private
/// chars, whitespace to a space, spaces around CJK ideographs, NFD without
/// non-spacing marks (accents), then lowercase char by char (as the
/// reference does: no final-sigma rule).
fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_chinese_char(c) {
            cleaned.extend([' ', c, ' ']);
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned
        .nfd()
        .filter(|&c| c.general_category() != GeneralCategory::NonspacingMark)
    {
        out.extend(c.to_lowercase());
    }
    out
}

/// `BertPreTokenizer`: split on whitespace, every punctuation char alone.
fn pre_tokenize(text: &str) -> impl Iterator<Item = &str> {
    text.split(char::is_whitespace).flat_map(|chunk| {
        let mut words = Vec::new();
        let mut start = 0;
        for (i, c) in chunk.char_indices() {
            if is_punctuation(c) {
                if start < i {
                    words.push(&chunk[start..i]);
                }
                words.push(&chunk[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < chunk.len() {
            words.push(&chunk[start..]);
        }
        words
    })
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.general_category_group() == GeneralCategoryGroup::Other
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK ranges BERT isolates (as the reference lists them).
fn is_chinese_char(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> WordPiece {
        let vocab = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", ",", "!", "cafe",
        ];
        let json = serde_json::json!({
            "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                      "vocab": vocab.iter().enumerate().map(|(i, t)| ((*t).to_owned(), i)).collect::<HashMap<_, _>>()}
        });
        WordPiece::from_json(json.to_string().as_bytes(), 6).expect("tiny vocab")
    }

    #[test]
    fn splits_words_into_pieces_and_truncates() {
        let t = tiny();
        assert_eq!(t.encode("UNAFFABLE, Hello!"), [2, 4, 5, 6, 8, 3]);
        assert_eq!(t.encode("Café unknown"), [2, 10, 1, 3]);
        assert_eq!(t.encode(""), [2, 3]);
    }

    #[test]
    fn normalizes_like_bert() {
        assert_eq!(normalize("Ça\tVA\u{200b}?"), "ca va?");
        assert_eq!(normalize("我a"), " 我 a");
        let words: Vec<&str> = pre_tokenize("don't  go…").collect();
        assert_eq!(words, ["don", "'", "t", "go", "…"]);
    }

    #[test]
    fn refuses_another_configuration() {
        assert!(WordPiece::from_json(b"{}", 128).is_err());
    }
}
