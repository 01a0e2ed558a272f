//! NLTK 3.10.4's `SnowballStemmer("russian").stem`, ported step by step.
//!
//! NLTK does not run the official Snowball program: it transliterates the
//! word to Latin (`ш` → `sh`, `я` → `i^a`, …), strips suffixes from that
//! spelling and transliterates back with a chain of `str.replace` calls.
//! Its quirks are part of what the model was trained on, so they are kept:
//! a word with no char above U+00FF is returned as is; Latin letters in a
//! word that has one come back as Cyrillic (`shлюха` → `шлюх`); `ё` becomes
//! `е`. The regions RV and R2 are suffixes of the word, so they are kept as
//! byte lengths; every suffix is ASCII, so byte and char slicing agree.

use super::suffixes::{
    ADJECTIVAL, ADJECTIVAL_AFTER_A, DERIVATIONAL, NOUN, PERFECTIVE_GERUND,
    PERFECTIVE_GERUND_AFTER_A, REFLEXIVE, SUPERLATIVE, VERB, VERB_AFTER_A,
};

/// The word being stemmed, in NLTK's Latin spelling, with its regions.
struct Word {
    word: String,
    rv: usize,
    r2: usize,
}

impl Word {
    /// `rv.endswith(suffix)`.
    fn rv_ends_with(&self, suffix: &str) -> bool {
        self.rv >= suffix.len() && self.word.ends_with(suffix)
    }

    /// `rv[-n-3:-n] == "i^a" or rv[-n-1:-n] == "a"` for the suffix of length n.
    fn rv_has_a_before(&self, n: usize) -> bool {
        let head = &self.word[..self.word.len() - n];
        (self.rv >= n + 3 && head.ends_with("i^a")) || (self.rv > n && head.ends_with('a'))
    }

    /// `word = word[:-n]; r2 = r2[:-n]; rv = rv[:-n]`.
    fn cut(&mut self, n: usize) {
        self.word.truncate(self.word.len() - n);
        self.rv = self.rv.saturating_sub(n);
        self.r2 = self.r2.saturating_sub(n);
    }

    /// The first suffix in `list` that RV ends with, removed when it is not
    /// in `after_a` or when it follows `a`/`i^a`; true if one was removed.
    /// NLTK stops at the first suffix RV ends with only when it removes it:
    /// a restricted suffix without the `a` lets the search go on.
    fn remove_first(&mut self, list: &[&str], after_a: &[&str]) -> bool {
        for suffix in list {
            if self.rv_ends_with(suffix)
                && (!after_a.contains(suffix) || self.rv_has_a_before(suffix.len()))
            {
                self.cut(suffix.len());
                return true;
            }
        }
        false
    }
}

/// Stems one lowercase token exactly as NLTK's `RussianStemmer.stem`.
pub(super) fn stem(token: &str) -> String {
    if token.chars().all(|c| u32::from(c) <= 0xff) {
        return token.to_owned();
    }
    let word = cyrillic_to_roman(token);
    let (rv, r2) = regions(&word);
    let mut w = Word { word, rv, r2 };

    // Step 1.
    if !w.remove_first(PERFECTIVE_GERUND, PERFECTIVE_GERUND_AFTER_A) {
        // REFLEXIVE is removed without the "stop at a failed match" subtlety:
        // it has no restricted suffixes.
        w.remove_first(REFLEXIVE, &[]);
        let adjectival = w.remove_first(ADJECTIVAL, ADJECTIVAL_AFTER_A);
        if !adjectival && !w.remove_first(VERB, VERB_AFTER_A) {
            w.remove_first(NOUN, &[]);
        }
    }
    // Step 2.
    if w.rv_ends_with("i") {
        w.word.pop();
        w.r2 = w.r2.saturating_sub(1);
    }
    // Step 3: R2 is checked, only the word is cut.
    if let Some(s) = DERIVATIONAL
        .iter()
        .find(|s| w.r2 >= s.len() && w.word.ends_with(*s))
    {
        w.word.truncate(w.word.len() - s.len());
    }
    // Step 4.
    let mut word = w.word;
    let undoubled = word.ends_with("nn");
    if undoubled {
        word.pop();
    } else {
        let superlative = SUPERLATIVE.iter().find(|s| word.ends_with(*s));
        if let Some(s) = superlative {
            word.truncate(word.len() - s.len());
        }
        if word.ends_with("nn") {
            word.pop();
        }
        if superlative.is_none() && word.ends_with('\'') {
            word.pop();
        }
    }
    roman_to_cyrillic(&word)
}

/// NLTK's `__regions_russian`: RV after the first vowel, R1 after the first
/// non-vowel that follows a vowel, R2 the same within R1; `i^a`, `i^u` and
/// `e\`` count as one vowel. Returned as byte lengths of suffixes of `word`.
fn regions(word: &str) -> (usize, usize) {
    let packed: Vec<char> = word
        .replace("i^a", "A")
        .replace("i^u", "U")
        .replace("e`", "E")
        .chars()
        .collect();
    let vowel = |c: char| matches!(c, 'A' | 'U' | 'E' | 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let after_vowel_consonant = |s: &[char]| {
        (1..s.len())
            .find(|&i| !vowel(s[i]) && vowel(s[i - 1]))
            .map_or(0, |i| i + 1)
    };
    let r1_at = after_vowel_consonant(&packed);
    let r1 = if r1_at == 0 {
        &[][..]
    } else {
        &packed[r1_at..]
    };
    let r2_at = after_vowel_consonant(r1);
    let r2 = if r2_at == 0 { &[][..] } else { &r1[r2_at..] };
    let rv = packed
        .iter()
        .position(|&c| vowel(c))
        .map_or(&[][..], |i| &packed[i + 1..]);
    (unpacked_len(rv), unpacked_len(r2))
}

/// Byte length of a packed region once `A`, `U`, `E` are spelt out again.
fn unpacked_len(region: &[char]) -> usize {
    region
        .iter()
        .map(|&c| match c {
            'A' | 'U' => 3,
            'E' => 2,
            c => c.len_utf8(),
        })
        .sum()
}

/// NLTK's chain of single-char replacements; no replacement's output holds
/// a Cyrillic letter, so one pass over the chars gives the same result.
fn cyrillic_to_roman(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars() {
        let latin = match c {
            'А' | 'а' => "a",
            'Б' | 'б' => "b",
            'В' | 'в' => "v",
            'Г' | 'г' => "g",
            'Д' | 'д' => "d",
            'Е' | 'е' | 'Ё' | 'ё' => "e",
            'Ж' | 'ж' => "zh",
            'З' | 'з' => "z",
            'И' | 'и' => "i",
            'Й' | 'й' => "i`",
            'К' | 'к' => "k",
            'Л' | 'л' => "l",
            'М' | 'м' => "m",
            'Н' | 'н' => "n",
            'О' | 'о' => "o",
            'П' | 'п' => "p",
            'Р' | 'р' => "r",
            'С' | 'с' => "s",
            'Т' | 'т' => "t",
            'У' | 'у' => "u",
            'Ф' | 'ф' => "f",
            'Х' | 'х' => "kh",
            'Ц' | 'ц' => "t^s",
            'Ч' | 'ч' => "ch",
            'Ш' | 'ш' => "sh",
            'Щ' | 'щ' => "shch",
            'Ъ' | 'ъ' => "''",
            'Ы' | 'ы' => "y",
            'Ь' | 'ь' => "'",
            'Э' | 'э' => "e`",
            'Ю' | 'ю' => "i^u",
            'Я' | 'я' => "i^a",
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(latin);
    }
    out
}

/// NLTK's `__roman_to_cyrillic`, replacement by replacement, in its order
/// (which decides overlaps such as `shch` before `sh`, `kh` before `k`).
const ROMAN_TO_CYRILLIC: &[(&str, &str)] = &[
    ("i^u", "ю"),
    ("i^a", "я"),
    ("shch", "щ"),
    ("kh", "х"),
    ("t^s", "ц"),
    ("ch", "ч"),
    ("e`", "э"),
    ("i`", "й"),
    ("sh", "ш"),
    ("k", "к"),
    ("e", "е"),
    ("zh", "ж"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("''", "ъ"),
    ("y", "ы"),
    ("'", "ь"),
];

fn roman_to_cyrillic(word: &str) -> String {
    let mut out = word.to_owned();
    for (latin, cyrillic) in ROMAN_TO_CYRILLIC {
        if out.contains(latin) {
            out = out.replace(latin, cyrillic);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::stem;

    /// Outputs of NLTK 3.10.4 for words that take each step.
    #[test]
    fn matches_nltk_on_words_that_take_each_step() {
        for (word, want) in [
            ("прочитавши", "прочита"),
            ("работающий", "работа"),
            ("умывались", "умыва"),
            ("книгами", "книг"),
            ("искусственность", "искусствен"),
            ("красивейший", "красив"),
            ("длинного", "длин"),
            ("ёжик", "ежик"),
            ("shлюха", "шлюх"),
            ("hello", "hello"),
            ("ь", ""),
            ("ъ", "ь"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
