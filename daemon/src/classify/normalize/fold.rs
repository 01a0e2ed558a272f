//! The folded form: leet, masking and spacing undone, word by word.
//!
//! - a word (letters, digits and `@$*!|`) with at least one letter has its
//!   leet digits and symbols read as letters (`0`→o `1`→i `3`→e `4`→a
//!   `5`→s `7`→t `@`→a `$`→s, and `!`→i `|`→l between letters), except
//!   ordinals and units (`2nd`, `5pm`, `10k`);
//! - a word with `*` that matches a [lexicon](super::lexicon) word letter
//!   for letter becomes that word;
//! - three or more single letters (or leet digits) separated by single
//!   spaces are joined, then split again around lexicon words
//!   (`y o u a r e s t u p i d` → `you are stupid`).

use super::{Builder, Form, lexicon};
use crate::classify::letters::{is_alphabetic, is_alphanumeric};

/// One char of the source with its char index there.
type Ch = (char, usize);

/// Units and ordinal endings after digits that are not leet.
const SUFFIXES: &[&str] = &[
    "am", "b", "bn", "d", "db", "f", "fps", "g", "gb", "h", "hr", "hrs", "hz", "k", "kb", "kg",
    "km", "l", "m", "mb", "mg", "min", "mins", "ml", "mm", "mp", "ms", "nd", "p", "pm", "px", "rd",
    "s", "st", "t", "tb", "th", "v", "w", "x", "yo", "yr", "yrs",
];

#[inline]
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        _ => return None,
    })
}

#[inline]
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || matches!(c, '@' | '$' | '*' | '!' | '|')
}

/// Whether the fold could change `text`: a word with a letter and a leet
/// digit or symbol in it, or three spread single chars. One pass, so most
/// texts skip the work; it may say yes where the fold then changes
/// nothing (`2nd`), never no where it would change something (a test
/// holds this on the corpora).
fn suspicious(text: &str) -> bool {
    maybe_disguised(text.as_bytes()) && disguised(text)
}

/// A first look at the bytes, cheaper than decoding chars: no leet digit
/// or symbol and no single char between two spaces (the middle of any
/// three spread letters) means nothing to fold.
fn maybe_disguised(b: &[u8]) -> bool {
    let mut last_space: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'@' | b'$' | b'*' | b'!' | b'|' => {
                return true;
            }
            b' ' if last_space.is_some_and(|p| is_one_char(&b[p + 1..i])) => return true,
            b' ' => last_space = Some(i),
            _ => {}
        }
    }
    false
}

/// Whether `b` (a slice of valid UTF-8 between two spaces) is one char.
fn is_one_char(b: &[u8]) -> bool {
    let len = match b.first() {
        None => return false,
        Some(&lead) if lead < 0x80 => 1,
        Some(&lead) if lead < 0xE0 => 2,
        Some(&lead) if lead < 0xF0 => 3,
        Some(_) => 4,
    };
    b.len() == len
}

/// The exact look, char by char, word by word.
fn disguised(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    // In the current word: a letter, a leet char, its length; and how many
    // one-char words came in a row, single spaces apart.
    let (mut prev, mut letter, mut disguise, mut len, mut singles) = (None, false, false, 0, 0);
    while let Some(c) = chars.next() {
        if is_word_char(c) {
            letter |= is_alphabetic(c);
            disguise |= leet(c).is_some()
                || c == '*'
                // Read as a letter only between two (`sh!t`), not in `wow!`.
                || (matches!(c, '!' | '|')
                    && prev.is_some_and(is_alphanumeric)
                    && chars.peek().is_some_and(|&n| is_alphanumeric(n)));
            len += 1;
        } else {
            if letter && disguise {
                return true;
            }
            singles = if len == 1 { singles + 1 } else { 0 };
            if singles >= 3 {
                return true;
            }
            if c != ' ' {
                singles = 0;
            }
            (letter, disguise, len) = (false, false, 0);
        }
        prev = Some(c);
    }
    (letter && disguise) || (len == 1 && singles >= 2)
}

/// The folded form of `text`, or `None` when it would equal `text`.
pub fn fold(text: &str) -> Option<Form<'static>> {
    if !suspicious(text) {
        return None;
    }
    fold_unfiltered(text)
}

/// [`fold`] without the first look (which must never skip a text this
/// would change: a test holds the two equal on the golden corpus).
fn fold_unfiltered(text: &str) -> Option<Form<'static>> {
    let chars: Vec<Ch> = text.chars().enumerate().map(|(i, c)| (c, i)).collect();
    let mut out = Builder::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i].0) {
            out.push(chars[i].0, chars[i].1, chars[i].1 + 1);
            i += 1;
            continue;
        }
        let end = word_end(&chars, i);
        let run = spread_run(&chars, i);
        if run.len() >= 3 {
            let letters: Vec<Ch> = run.iter().map(|&at| chars[at]).collect();
            let last = run.last().copied().unwrap_or(i);
            split_joined(&fold_word(&letters), &mut out);
            i = last + 1;
        } else {
            for (c, at) in fold_word(&chars[i..end]) {
                out.push(c, at, at + 1);
            }
            i = end;
        }
    }
    let form = out.finish();
    (form.text() != text).then_some(form)
}

fn word_end(chars: &[Ch], from: usize) -> usize {
    chars[from..]
        .iter()
        .position(|&(c, _)| !is_word_char(c))
        .map_or(chars.len(), |p| from + p)
}

/// Positions of single-char words separated by single spaces from `from`
/// on (empty unless there are at least three, mostly letters).
fn spread_run(chars: &[Ch], from: usize) -> Vec<usize> {
    let single = |at: usize| {
        chars.get(at).is_some_and(|&(c, _)| is_alphanumeric(c))
            && chars.get(at + 1).is_none_or(|&(c, _)| !is_word_char(c))
    };
    let mut run = Vec::new();
    let mut at = from;
    while single(at) {
        run.push(at);
        if chars.get(at + 1).map(|c| c.0) != Some(' ') {
            break;
        }
        at += 2;
    }
    let letters = run.iter().filter(|&&p| is_alphabetic(chars[p].0)).count();
    if run.len() < 3 || letters * 2 < run.len() {
        run.clear();
    }
    run
}

/// One word with leet and masking undone (the same number of chars).
fn fold_word(word: &[Ch]) -> Vec<Ch> {
    let letters = word.iter().filter(|&&(c, _)| is_alphabetic(c)).count();
    if letters == 0 || is_number_with_unit(word) {
        return word.to_vec();
    }
    if word.iter().any(|&(c, _)| c == '*') {
        let chars: Vec<char> = word.iter().map(|&(c, _)| c).collect();
        if let Some(w) = lexicon::unmask(&chars) {
            return w.chars().zip(word).map(|(c, &(_, at))| (c, at)).collect();
        }
        return word.to_vec();
    }
    let is_letter = |i: usize| word.get(i).is_some_and(|&(c, _)| is_alphanumeric(c));
    word.iter()
        .enumerate()
        .map(|(i, &(c, at))| {
            let folded = match c {
                '!' | '|' if i > 0 && is_letter(i - 1) && is_letter(i + 1) => {
                    Some(if c == '!' { 'i' } else { 'l' })
                }
                _ => leet(c),
            };
            (folded.unwrap_or(c), at)
        })
        .collect()
}

/// `2nd`, `5pm`, `10k`, `1080p`: digits then a known ending.
fn is_number_with_unit(word: &[Ch]) -> bool {
    let digits = word.iter().take_while(|(c, _)| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let rest: String = word[digits..]
        .iter()
        .map(|(c, _)| c.to_ascii_lowercase())
        .collect();
    SUFFIXES.contains(&rest.as_str())
}

/// Letters that were spread out, joined and split around lexicon words.
fn split_joined(letters: &[Ch], out: &mut Builder) {
    let chars: Vec<char> = letters.iter().map(|&(c, _)| c).collect();
    let space_at = |at: usize, out: &mut Builder| {
        if !out.text.ends_with(' ') && !out.text.is_empty() {
            out.push(' ', at, at);
        }
    };
    let mut i = 0;
    while i < letters.len() {
        if let Some(w) = lexicon::longest_prefix(&chars[i..]) {
            space_at(letters[i].1, out);
            for &(c, at) in &letters[i..i + w.len()] {
                out.push(c, at, at + 1);
            }
            i += w.len();
            if i < letters.len() {
                space_at(letters[i].1, out);
            }
        } else {
            out.push(letters[i].0, letters[i].1, letters[i].1 + 1);
            i += 1;
        }
    }
}

#[cfg(test)]
mod first_look {
    use super::*;

    /// The first look only skips work: on every text of the golden corpus,
    /// the evasion set and the English labelled set, and on the disguises below, folding with it equals folding without.
    #[test]
    fn skips_only_texts_the_fold_leaves_unchanged() {
        let corpora = [
            include_str!("../../../models/golden/golden.jsonl"),
            include_str!("../../../../data/eval/evasion.jsonl"),
            include_str!("../../../../data/eval/en.jsonl"),
        ];
        let mut texts: Vec<String> = corpora
            .iter()
            .flat_map(|c| c.lines())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned))
            .collect();
        for t in [
            "wow!",
            "sh!t",
            "he|l",
            "a | b",
            "1!1",
            "x1!1",
            "é!t",
            "4!l",
            "f*ck!",
            "k i l l",
            "2nd place",
            "1d10t",
            "$hit",
            "a@b.co",
            "| pipe |",
            "!!!",
            "hi!there",
        ] {
            texts.push(t.to_owned());
        }
        assert!(texts.len() > 2000);
        for t in &texts {
            // The engine folds the clean form (invisible chars removed).
            let clean = super::super::clean::clean(t);
            let t = clean.text();
            assert_eq!(
                fold(t).map(|f| f.text().to_owned()),
                fold_unfiltered(t).map(|f| f.text().to_owned()),
                "{t}"
            );
        }
    }
}
