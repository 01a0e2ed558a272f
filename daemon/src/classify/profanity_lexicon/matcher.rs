//! Finding a lexicon's entries in a text's folded [`Words`] (so a missing
//! accent does not hide a swear word). An entry matches whole words only (`con` never
//! matches `content`); a stem matches a word that starts with it (German
//! compounds, Russian inflection); a phrase matches consecutive words.

use rustc_hash::FxHashMap;

use crate::classify::words::Words;

/// What kind of entry a match was (reported as the span's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Stem,
    Phrase,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Word => "lexicon_word",
            Kind::Stem => "lexicon_stem",
            Kind::Phrase => "lexicon_phrase",
        }
    }
}

/// One match, in chars of the text it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub begin: usize,
    pub end: usize,
    pub kind: Kind,
}

/// A set of languages, one bit each (their order is the caller's; eight
/// at most: widen the type for a ninth).
pub type Languages = u8;

/// Chars of a stem that index it: every stem is at least this long, so a
/// word is compared only with the stems that share its first chars.
pub const STEM_KEY_CHARS: usize = 3;

/// The first [`STEM_KEY_CHARS`] chars of `word`, if it has that many.
fn stem_key(word: &str) -> Option<&str> {
    match word.char_indices().nth(STEM_KEY_CHARS) {
        Some((end, _)) => Some(&word[..end]),
        None => (word.chars().count() == STEM_KEY_CHARS).then_some(word),
    }
}

/// A phrase's words after its first.
type Rest = Vec<Box<str>>;

/// Every language's entries, folded, each tagged with the languages that
/// list it: one look-up per word finds it in any of them (the detector
/// asks of all at once; a classifier of its own language).
#[derive(Debug, Default)]
pub struct Lexicon {
    words: FxHashMap<Box<str>, Languages>,
    /// [`stem_key`] → the stems that start with it.
    stems: FxHashMap<Box<str>, Vec<(Box<str>, Languages)>>,
    /// First word → the rest of each phrase that starts with it.
    phrases: FxHashMap<Box<str>, Vec<(Rest, Languages)>>,
}

impl Lexicon {
    /// Adds one language's entries. A stem shorter than
    /// [`STEM_KEY_CHARS`] is refused (the file's test holds none).
    pub fn add(
        &mut self,
        language: Languages,
        words: &[String],
        phrases: &[Vec<String>],
        stems: &[String],
    ) {
        for w in words {
            *self.words.entry(w.as_str().into()).or_default() |= language;
        }
        for stem in stems {
            if let Some(key) = stem_key(stem) {
                let list = self.stems.entry(key.into()).or_default();
                match list.iter_mut().find(|(s, _)| **s == **stem) {
                    Some((_, l)) => *l |= language,
                    None => list.push((stem.as_str().into(), language)),
                }
            }
        }
        for phrase in phrases {
            if let Some((first, rest)) = phrase.split_first() {
                let rest: Rest = rest.iter().map(|w| w.as_str().into()).collect();
                let list = self.phrases.entry(first.as_str().into()).or_default();
                match list.iter_mut().find(|(r, _)| *r == rest) {
                    Some((_, l)) => *l |= language,
                    None => list.push((rest, language)),
                }
            }
        }
    }

    /// Every entry of `languages` found in `text`: at most one word or
    /// stem match per word, plus every phrase.
    #[cfg(test)]
    pub fn find(&self, text: &str, languages: Languages) -> Vec<Match> {
        self.find_in(&Words::of(text), languages)
    }

    /// The entries of `languages` found in `words`.
    pub fn find_in(&self, words: &Words, languages: Languages) -> Vec<Match> {
        let mut found = Vec::new();
        self.scan(words, |m, l| {
            if l & languages != 0 {
                found.push(m);
            }
        });
        found
    }

    /// The languages with an entry in `words`.
    pub fn languages_in(&self, words: &Words) -> Languages {
        let mut all = 0;
        self.scan(words, |_, l| all |= l);
        all
    }

    /// Calls `found` with each match and the languages that list it: per
    /// word its whole-word entry, or else its stems; then its phrases.
    fn scan(&self, words: &Words, mut found: impl FnMut(Match, Languages)) {
        for i in 0..words.len() {
            let (k, (begin, end)) = (words.key(i), words.chars(i));
            let at = |kind| Match { begin, end, kind };
            let whole = self.words.get(k).copied().unwrap_or(0);
            if whole != 0 {
                found(at(Kind::Word), whole);
            }
            let stems = stem_key(k)
                .and_then(|key| self.stems.get(key))
                .into_iter()
                .flatten()
                .filter(|(s, _)| k.starts_with(&**s))
                .fold(0, |all, (_, l)| all | l)
                & !whole;
            if stems != 0 {
                found(at(Kind::Stem), stems);
            }
            for (rest, l) in self.phrases.get(k).into_iter().flatten() {
                let next = i + 1..i + 1 + rest.len();
                if next.end <= words.len()
                    && rest
                        .iter()
                        .zip(next.clone())
                        .all(|(r, j)| **r == *words.key(j))
                {
                    let (_, end) = words.chars(next.end - 1);
                    found(
                        Match {
                            begin,
                            end,
                            kind: Kind::Phrase,
                        },
                        *l,
                    );
                }
            }
        }
    }

    /// Every entry and its languages, for the file's checks.
    #[cfg(test)]
    pub fn entries(&self) -> Vec<(&str, Languages)> {
        let words = self.words.iter().map(|(w, l)| (&**w, *l));
        let stems = self.stems.values().flatten().map(|(s, l)| (&**s, *l));
        let phrases = self.phrases.iter().flat_map(|(first, rests)| {
            rests.iter().flat_map(move |(rest, l)| {
                std::iter::once(&**first)
                    .chain(rest.iter().map(|r| &**r))
                    .map(move |w| (w, *l))
            })
        });
        words.chain(stems).chain(phrases).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let s = |v: &[&str]| v.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let mut l = Lexicon::default();
        l.add(
            1,
            &s(&["con", "encule", "scheisse"]),
            &[s(&["fils", "de", "pute"]), s(&["ta", "gueule"])],
            &s(&["verdammt", "пизд"]),
        );
        l
    }

    fn found(text: &str) -> Vec<(String, Kind)> {
        lexicon()
            .find(text, 1)
            .into_iter()
            .map(|m| {
                (
                    text.chars().skip(m.begin).take(m.end - m.begin).collect(),
                    m.kind,
                )
            })
            .collect()
    }

    #[test]
    fn words_match_whole_and_folded() {
        assert_eq!(found("Quel CON !"), [("CON".to_owned(), Kind::Word)]);
        assert_eq!(
            found("espèce d'Enculé"),
            [("Enculé".to_owned(), Kind::Word)]
        );
        assert_eq!(
            found("So eine Scheiße"),
            [("Scheiße".to_owned(), Kind::Word)]
        );
        assert!(found("Le contenu du concours est confirmé").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn stems_and_phrases() {
        assert_eq!(
            found("Verdammter Mist, пиздец."),
            [
                ("Verdammter".to_owned(), Kind::Stem),
                ("пиздец".to_owned(), Kind::Stem)
            ]
        );
        assert_eq!(
            found("ferme ta gueule, fils de pute"),
            [
                ("ta gueule".to_owned(), Kind::Phrase),
                ("fils de pute".to_owned(), Kind::Phrase)
            ]
        );
        // A phrase cut short by the end of the text does not match.
        assert!(found("fils de").is_empty());
        assert!(found("la gueule").is_empty());
    }

    /// Each language's entries answer for that language only; a word two
    /// languages list answers for both.
    #[test]
    fn entries_carry_their_languages() {
        let mut l = lexicon();
        let s = |v: &[&str]| v.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        l.add(
            2,
            &s(&["puta", "con"]),
            &[s(&["ta", "gueule"])],
            &s(&["jodid"]),
        );
        let words = Words::of("con puta jodido ta gueule verdammt");
        assert_eq!(l.languages_in(&words), 3);
        assert_eq!(l.find_in(&words, 1).len(), 3, "con, the phrase, verdammt");
        assert_eq!(
            l.find_in(&words, 2).len(),
            4,
            "con, puta, jodido, the phrase"
        );
        assert_eq!(l.languages_in(&Words::of("ab")), 0);
        assert!(
            l.find_in(&Words::of("ver"), 3).is_empty(),
            "shorter than the stem"
        );
    }

    #[test]
    fn spans_count_chars_not_bytes() {
        let m = lexicon().find("ééé con", 1);
        assert_eq!(
            m,
            [Match {
                begin: 4,
                end: 7,
                kind: Kind::Word
            }]
        );
    }
}
