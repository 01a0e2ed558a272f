//! The clean form: NFKC, invisible controls removed, look-alike letters
//! folded to Latin where the text is Latin.
//!
//! NFKC is applied per segment (a char with the combining marks and Hangul
//! vowel/final jamo that follow it), which is where composition happens, so
//! every output char knows the segment it came from.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::{Builder, Form};
use crate::classify::letters::{CharSet, is_alphabetic, is_alphanumeric, is_latin_letter};

/// Chars NFKC leaves alone on their own (quick-check `Yes`), as a bit test:
/// the table search behind `is_nfkc_quick` was a twentieth of the engine.
static NFKC_YES: CharSet = CharSet::new(|c| is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes);

/// Same answer as `is_nfkc_quick(text.chars()) == IsNormalized::Yes`.
fn nfkc_quick_yes(text: &str) -> bool {
    let mut last_cc = 0;
    for c in text.chars() {
        if c.is_ascii() {
            last_cc = 0;
            continue;
        }
        let cc = canonical_combining_class(c);
        if (last_cc > cc && cc != 0) || !NFKC_YES.contains(c) {
            return false;
        }
        last_cc = cc;
    }
    true
}

/// Zero-width chars, bidi controls and other format chars that render as
/// nothing and only serve to split words for a filter.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// The Latin letter a Cyrillic or Greek letter is drawn like, if any.
pub fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'κ' => 'k',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Η' | 'Н' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        _ => return None,
    })
}

/// Cyrillic or Greek letters.
fn is_cyrillic_or_greek(c: char) -> bool {
    matches!(c, '\u{370}'..='\u{3ff}' | '\u{400}'..='\u{52f}' | '\u{1f00}'..='\u{1fff}')
}

/// What one pass over the text finds.
#[derive(Default)]
struct Census {
    invisible: bool,
    latin: usize,
    /// Cyrillic/Greek letters that have a Latin look-alike.
    lookalike: usize,
    /// Cyrillic/Greek letters that do not: real Cyrillic or Greek text.
    foreign: usize,
}

fn census(text: &str) -> Census {
    let mut n = Census::default();
    for c in text.chars() {
        // Most chars of most non-ASCII texts are ASCII: no invisible char
        // or look-alike is, and the only Latin letters among them are a-z.
        if c.is_ascii() {
            n.latin += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        if is_invisible(c) {
            n.invisible = true;
        } else if is_latin_letter(c) {
            n.latin += 1;
        } else if latin_lookalike(c).is_some() {
            n.lookalike += 1;
        } else if is_cyrillic_or_greek(c) && is_alphabetic(c) {
            n.foreign += 1;
        }
    }
    n
}

/// Whether `c` belongs to the segment before it (no composition crosses a
/// segment boundary).
fn continues_segment(c: char) -> bool {
    canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11ff}').contains(&c)
}

/// The clean form of `text`; borrowed unchanged when there is nothing to do.
pub fn clean(text: &str) -> Form<'_> {
    if text.is_ascii() {
        return Form::identity(text);
    }
    let census = census(text);
    // Look-alikes are folded in a text written in Latin letters (every
    // Cyrillic/Greek letter in it is a look-alike), and inside words that
    // mix them with Latin letters; real Cyrillic or Greek text keeps them.
    let fold_all = census.lookalike > 0 && census.foreign == 0 && census.latin > 0;
    let fold_mixed = census.lookalike > 0 && census.latin > 0;
    if !census.invisible && !fold_mixed && nfkc_quick_yes(text) {
        return Form::identity(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Builder::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_invisible(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && continues_segment(chars[j]) {
            j += 1;
        }
        let fold = fold_all || (fold_mixed && word_mixes_scripts(&chars, i));
        // A lone char that NFKC keeps (most of them: ASCII, accented
        // letters) skips the normaliser's iterator.
        if j == i + 1 && (c.is_ascii() || NFKC_YES.contains(c)) {
            let c = if fold {
                latin_lookalike(c).unwrap_or(c)
            } else {
                c
            };
            out.push(c, i, j);
            i = j;
            continue;
        }
        let segment = chars[i..j].iter().copied().filter(|&c| !is_invisible(c));
        for n in segment.nfkc() {
            let n = if fold {
                latin_lookalike(n).unwrap_or(n)
            } else {
                n
            };
            out.push(n, i, j);
        }
        i = j;
    }
    out.finish()
}

/// Whether the word around `chars[at]` has both Latin letters and
/// look-alikes (invisible chars do not end a word: they are removed).
fn word_mixes_scripts(chars: &[char], at: usize) -> bool {
    let in_word = |c: char| is_alphanumeric(c) || is_invisible(c) || continues_segment(c);
    let start = chars[..at]
        .iter()
        .rposition(|&c| !in_word(c))
        .map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(|&c| !in_word(c))
        .map_or(chars.len(), |p| at + p);
    let word = &chars[start..end];
    word.iter().any(|&c| is_latin_letter(c)) && word.iter().any(|&c| latin_lookalike(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cached quick check answers as the library's does, for every
    /// text of the golden corpus and every char of planes 0 to 2.
    #[test]
    fn the_cached_quick_check_agrees_with_the_library() {
        let golden = include_str!("../../../models/golden/golden.jsonl");
        let texts = golden
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_owned));
        let chars = (0..0x30000).filter_map(char::from_u32).map(String::from);
        for t in texts.chain(chars) {
            let library = is_nfkc_quick(t.chars()) == IsNormalized::Yes;
            assert_eq!(
                nfkc_quick_yes(&t),
                library,
                "{:?}",
                t.chars().take(3).collect::<String>()
            );
        }
    }
}
