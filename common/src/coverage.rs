//! Which classifier covers which categories in which languages: the one
//! table the engine reads to decide which models run on a text, which
//! categories are gaps for it, and which languages a score is valid for.
//! Adding a model (or a language to one) is one row (or one code) here.
//!
//! Languages are ISO 639-3 codes, as the language detector reports them.
//! Classifiers not in the table (remote providers) are taken as valid for
//! any language: they declare no limit, and the operator chose them.

use crate::{Category, CategoryScore, LanguageInfo};
use Category::*;

/// The language the detector assumes for Latin text it could not name
/// (`code: None`, `covered: true`): mostly short English slang and names.
const UNDETERMINED_LATIN: &str = "eng";

/// Where a classifier's scores mean something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Languages {
    /// Language-independent (detectors, the image model, remote providers).
    Any,
    /// Trained on these languages only.
    Only(&'static [&'static str]),
}

/// One row: a classifier, what it scores, and for which languages.
#[derive(Debug, Clone, Copy)]
pub struct Coverage {
    pub classifier: &'static str,
    pub categories: &'static [Category],
    pub languages: Languages,
}

/// What the n-gram heads score: the encoder's categories.
const NGRAM_HEADS: &[Category] = &[
    Harassment,
    HarassmentThreatening,
    Hate,
    HateThreatening,
    SelfHarm,
    SelfHarmIntent,
    SelfHarmInstructions,
    Sexual,
    SexualMinors,
    Violence,
    ViolenceGraphic,
    Illicit,
];

/// Every local classifier of `modd`. A daemon test checks each row against
/// the classifier's name, its own `categories()` and the encoder's heads.
pub const TABLE: &[Coverage] = &[
    Coverage {
        classifier: "alt-profanity-check",
        categories: &[Profanity],
        languages: Languages::Only(&["eng"]),
    },
    Coverage {
        classifier: "hatesonar",
        categories: &[Hate, Toxicity],
        languages: Languages::Only(&["eng"]),
    },
    Coverage {
        classifier: "minilm-heads",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["eng"]),
    },
    Coverage {
        classifier: "toxicityclassifier-ru",
        categories: &[Toxicity],
        languages: Languages::Only(&["rus"]),
    },
    // Profanity word lists (naughty-words, edited), one per language: the
    // daemon makes one classifier of each `profanity-lexicon-*` row.
    Coverage {
        classifier: "profanity-lexicon-deu",
        categories: &[Profanity],
        languages: Languages::Only(&["deu"]),
    },
    Coverage {
        classifier: "profanity-lexicon-fra",
        categories: &[Profanity],
        languages: Languages::Only(&["fra"]),
    },
    Coverage {
        classifier: "profanity-lexicon-por",
        categories: &[Profanity],
        languages: Languages::Only(&["por"]),
    },
    Coverage {
        classifier: "profanity-lexicon-rus",
        categories: &[Profanity],
        languages: Languages::Only(&["rus"]),
    },
    Coverage {
        classifier: "profanity-lexicon-spa",
        categories: &[Profanity],
        languages: Languages::Only(&["spa"]),
    },
    // modd's own heads on character n-grams, one per language, trained on
    // the labelled set: the daemon makes one classifier of each
    // `ngram-heads-*` row.
    Coverage {
        classifier: "ngram-heads-deu",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["deu"]),
    },
    Coverage {
        classifier: "ngram-heads-fra",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["fra"]),
    },
    Coverage {
        classifier: "ngram-heads-por",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["por"]),
    },
    Coverage {
        classifier: "ngram-heads-rus",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["rus"]),
    },
    Coverage {
        classifier: "ngram-heads-spa",
        categories: NGRAM_HEADS,
        languages: Languages::Only(&["spa"]),
    },
    Coverage {
        classifier: "pii-detector",
        categories: &[Pii],
        languages: Languages::Any,
    },
    Coverage {
        classifier: "spam-detector",
        categories: &[Spam],
        languages: Languages::Any,
    },
    Coverage {
        classifier: "open_nsfw",
        categories: &[Sexual],
        languages: Languages::Any,
    },
];

impl Languages {
    /// Whether a text in `language` is one this classifier was trained on.
    /// Text without letters is covered by everything (there is nothing
    /// language-specific in it); undetermined Latin text counts as English,
    /// as the detector says.
    pub fn covers(self, language: Option<&LanguageInfo>) -> bool {
        let Languages::Only(codes) = self else {
            return true;
        };
        let Some(language) = language else {
            return true;
        };
        match language.code.as_deref() {
            Some(code) => codes.contains(&code),
            None if language.script.is_none() => true,
            None => language.covered && codes.contains(&UNDETERMINED_LATIN),
        }
    }

    /// What a score shows: the codes, or `["*"]`.
    pub fn codes(self) -> Vec<String> {
        match self {
            Languages::Any => vec!["*".to_owned()],
            Languages::Only(codes) => codes.iter().map(|c| (*c).to_owned()).collect(),
        }
    }
}

/// Whether some language-bound model was trained on `code` (the language
/// detector's `covered`): the text is then decided by its models, and
/// what none of them scores is a per-category gap.
pub fn has_models_for(code: &str) -> bool {
    TABLE
        .iter()
        .any(|row| matches!(row.languages, Languages::Only(codes) if codes.contains(&code)))
}

/// The languages `classifier`'s scores are valid for.
pub fn languages_of(classifier: &str) -> Languages {
    TABLE
        .iter()
        .find(|row| row.classifier == classifier)
        .map_or(Languages::Any, |row| row.languages)
}

/// Fills in each score's `languages` (scores are stored without them).
pub fn annotate(scores: &mut [CategoryScore]) {
    for s in scores {
        s.languages = languages_of(&s.classifier).codes();
    }
}

/// A set of categories that is `Copy` (it rides in `ClassifyOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CategorySet(u32);

impl CategorySet {
    fn bit(c: Category) -> u32 {
        let i = Category::ALL.iter().position(|&x| x == c).unwrap_or(0);
        1 << i
    }

    pub fn from_fn(mut f: impl FnMut(Category) -> bool) -> Self {
        Self(
            Category::ALL
                .into_iter()
                .filter(|&c| f(c))
                .map(Self::bit)
                .fold(0, |a, b| a | b),
        )
    }

    pub fn contains(self, c: Category) -> bool {
        self.0 & Self::bit(c) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(move |&c| self.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: Option<&str>, script: Option<&str>, covered: bool) -> LanguageInfo {
        LanguageInfo {
            code: code.map(str::to_owned),
            script: script.map(str::to_owned),
            confidence: 1.0,
            covered,
        }
    }

    #[test]
    fn english_models_cover_english_and_undetermined_latin_only() {
        let en = Languages::Only(&["eng"]);
        assert!(en.covers(Some(&lang(Some("eng"), Some("Latin"), true))));
        assert!(en.covers(Some(&lang(None, Some("Latin"), true))));
        assert!(en.covers(Some(&lang(None, None, true))), "no letters");
        assert!(!en.covers(Some(&lang(Some("fra"), Some("Latin"), false))));
        let ru = Languages::Only(&["rus"]);
        assert!(ru.covers(Some(&lang(Some("rus"), Some("Cyrillic"), false))));
        assert!(!ru.covers(Some(&lang(None, Some("Latin"), true))));
        assert!(Languages::Any.covers(Some(&lang(Some("jpn"), None, false))));
        assert_eq!(languages_of("openai").codes(), ["*"]);
        assert_eq!(languages_of("alt-profanity-check").codes(), ["eng"]);
    }

    #[test]
    fn category_sets_hold_what_they_were_given() {
        let set = CategorySet::from_fn(|c| matches!(c, Spam | Harassment));
        assert!(set.contains(Spam) && set.contains(Harassment) && !set.contains(Hate));
        assert_eq!(set.iter().collect::<Vec<_>>(), [Harassment, Spam]);
    }
}
