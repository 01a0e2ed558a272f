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

/// One char of the source with its char index there.
type Ch = (char, usize);

/// Units and ordinal endings after digits that are not leet.
const SUFFIXES: &[&str] = &[
    "am", "b", "bn", "d", "db", "f", "fps", "g", "gb", "h", "hr", "hrs", "hz", "k", "kb", "kg",
    "km", "l", "m", "mb", "mg", "min", "mins", "ml", "mm", "mp", "ms", "nd", "p", "pm", "px", "rd",
    "s", "st", "t", "tb", "th", "v", "w", "x", "yo", "yr", "yrs",
];

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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '$' | '*' | '!' | '|')
}

/// Whether a byte next to a letter might be disguise (a cheap first look,
/// so most texts skip the work).
fn suspicious(text: &str) -> bool {
    let b = text.as_bytes();
    let letter = |i: Option<usize>| {
        i.and_then(|i| b.get(i))
            .is_some_and(u8::is_ascii_alphabetic)
    };
    let single = |i: usize| {
        b[i].is_ascii_alphanumeric()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 1) == Some(&b' ')
    };
    (0..b.len()).any(|i| match b[i] {
        b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'@' | b'$' | b'*' | b'!' | b'|' => {
            letter(i.checked_sub(1)) || letter(Some(i + 1))
        }
        _ => single(i) && i + 2 < b.len() && single(i + 2),
    })
}

/// The folded form of `text`, or `None` when it would equal `text`.
pub fn fold(text: &str) -> Option<Form<'static>> {
    if !suspicious(text) {
        return None;
    }
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
        chars.get(at).is_some_and(|&(c, _)| c.is_alphanumeric())
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
    let letters = run.iter().filter(|&&p| chars[p].0.is_alphabetic()).count();
    if run.len() < 3 || letters * 2 < run.len() {
        run.clear();
    }
    run
}

/// One word with leet and masking undone (the same number of chars).
fn fold_word(word: &[Ch]) -> Vec<Ch> {
    let letters = word.iter().filter(|(c, _)| c.is_alphabetic()).count();
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
    let is_letter = |i: usize| word.get(i).is_some_and(|(c, _)| c.is_alphanumeric());
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
