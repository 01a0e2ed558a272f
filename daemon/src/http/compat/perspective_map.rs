//! Which of our categories feeds which Perspective attribute, and language
//! codes (Perspective speaks ISO 639-1, our detector ISO 639-3). The book page
//! docs/src/using/compatible-apis.md documents the same table.

use modd_common::Category;

use crate::classify::Classification;

/// Where an attribute's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The highest score of these categories is the attribute's score.
    pub categories: &'static [Category],
}

/// Perspective attributes modd can score when the categories behind them
/// have a score for this comment. The local models (English only) feed
/// TOXICITY, PROFANITY and IDENTITY_ATTACK; the spam detector (any
/// language) feeds SPAM; INSULT, THREAT and SEXUALLY_EXPLICIT come from the
/// sentence encoder's heads (English, when installed) or a remote provider
/// that scores `harassment`, `harassment_threatening` and `sexual`.
pub const MAPPED: &[(&str, Source)] = &[
    (
        "TOXICITY",
        Source {
            categories: &[Category::Toxicity],
        },
    ),
    (
        "PROFANITY",
        Source {
            categories: &[Category::Profanity],
        },
    ),
    (
        "IDENTITY_ATTACK",
        Source {
            categories: &[Category::Hate],
        },
    ),
    (
        "INSULT",
        Source {
            categories: &[Category::Harassment],
        },
    ),
    (
        "THREAT",
        Source {
            categories: &[Category::HarassmentThreatening, Category::HateThreatening],
        },
    ),
    (
        "SEXUALLY_EXPLICIT",
        Source {
            categories: &[Category::Sexual],
        },
    ),
    (
        "SPAM",
        Source {
            categories: &[Category::Spam],
        },
    ),
];

/// Perspective's other attributes: known names that modd has no score for
/// (answered with Perspective's "does not support request languages" error).
pub const UNSCORED: &[&str] = &[
    "SEVERE_TOXICITY",
    "FLIRTATION",
    "ATTACK_ON_AUTHOR",
    "ATTACK_ON_COMMENTER",
    "INCOHERENT",
    "INFLAMMATORY",
    "LIKELY_TO_REJECT",
    "OBSCENE",
    "UNSUBSTANTIAL",
    "TOXICITY_EXPERIMENTAL",
    "SEVERE_TOXICITY_EXPERIMENTAL",
    "IDENTITY_ATTACK_EXPERIMENTAL",
    "INSULT_EXPERIMENTAL",
    "PROFANITY_EXPERIMENTAL",
    "THREAT_EXPERIMENTAL",
    "SEXUALLY_EXPLICIT_EXPERIMENTAL",
    "FLIRTATION_EXPERIMENTAL",
    "AFFINITY_EXPERIMENTAL",
    "COMPASSION_EXPERIMENTAL",
    "CURIOSITY_EXPERIMENTAL",
    "NUANCE_EXPERIMENTAL",
    "PERSONAL_STORY_EXPERIMENTAL",
    "REASONING_EXPERIMENTAL",
    "RESPECT_EXPERIMENTAL",
];

/// What an attribute name is to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Mapped(Source),
    /// A Perspective attribute we have no model for.
    Unscored,
    /// Not a Perspective attribute at all.
    Unknown,
}

pub fn attribute(name: &str) -> Attribute {
    if let Some((_, s)) = MAPPED.iter().find(|(n, _)| *n == name) {
        Attribute::Mapped(*s)
    } else if UNSCORED.contains(&name) {
        Attribute::Unscored
    } else {
        Attribute::Unknown
    }
}

/// ISO 639-3 (whatlang's codes) → ISO 639-1, for every language whatlang knows.
#[rustfmt::skip]
const ISO3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"), ("aka", "ak"), ("amh", "am"), ("ara", "ar"), ("aze", "az"),
    ("bel", "be"), ("ben", "bn"), ("bul", "bg"), ("cat", "ca"), ("ces", "cs"),
    ("cmn", "zh"), ("dan", "da"), ("deu", "de"), ("ell", "el"), ("eng", "en"),
    ("epo", "eo"), ("est", "et"), ("fin", "fi"), ("fra", "fr"), ("guj", "gu"),
    ("heb", "he"), ("hin", "hi"), ("hrv", "hr"), ("hun", "hu"), ("hye", "hy"),
    ("ind", "id"), ("ita", "it"), ("jav", "jv"), ("jpn", "ja"), ("kan", "kn"),
    ("kat", "ka"), ("khm", "km"), ("kor", "ko"), ("lat", "la"), ("lav", "lv"),
    ("lit", "lt"), ("mal", "ml"), ("mar", "mr"), ("mkd", "mk"), ("mya", "my"),
    ("nep", "ne"), ("nld", "nl"), ("nob", "nb"), ("ori", "or"), ("pan", "pa"),
    ("pes", "fa"), ("pol", "pl"), ("por", "pt"), ("ron", "ro"), ("rus", "ru"),
    ("sin", "si"), ("slk", "sk"), ("slv", "sl"), ("sna", "sn"), ("spa", "es"),
    ("srp", "sr"), ("swe", "sv"), ("tam", "ta"), ("tel", "te"), ("tgl", "tl"),
    ("tha", "th"), ("tuk", "tk"), ("tur", "tr"), ("ukr", "uk"), ("urd", "ur"),
    ("uzb", "uz"), ("vie", "vi"), ("yid", "yi"), ("zul", "zu"),
];

/// The ISO 639-1 code of a detected language, or the 639-3 code when it has none.
pub fn iso1(code3: &str) -> String {
    ISO3_TO_1
        .iter()
        .find(|(c3, _)| *c3 == code3)
        .map_or_else(|| code3.to_owned(), |(_, c1)| (*c1).to_owned())
}

/// The ISO 639-3 code of an ISO 639-1 one (`de` → `deu`), as the
/// coverage table names languages; an unknown code is kept as it is.
pub fn iso3(code1: &str) -> String {
    ISO3_TO_1
        .iter()
        .find(|(_, c1)| *c1 == code1)
        .map_or_else(|| code1.to_owned(), |(c3, _)| (*c3).to_owned())
}

/// Whether `classifier`'s scores are valid for any of `languages` (ISO
/// 639-3): language-independent ones always are.
pub fn trained_on(classifier: &str, languages: &[String]) -> bool {
    match crate::classify::coverage::languages_of(classifier) {
        crate::classify::coverage::Languages::Any => true,
        crate::classify::coverage::Languages::Only(codes) => {
            languages.iter().any(|l| codes.contains(&l.as_str()))
        }
    }
}

/// A requested language's primary subtag, lower-case (`en-US` → `en`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The language assumed when none is requested or detected.
pub const LOCAL_LANGUAGES: &[&str] = &["en"];

/// The highest score of the source's categories, if any classifier (other
/// than those in `skip`) gave one.
pub(super) fn summary(c: &Classification, source: Source, skip: &[String]) -> Option<f64> {
    c.runs
        .iter()
        .filter(|r| !skip.iter().any(|s| s.as_str() == &*r.classifier))
        .flat_map(|r| r.output.scores.iter())
        .filter(|s| source.categories.contains(&s.category))
        .map(|s| s.score)
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_mapped_unscored_or_unknown() {
        assert_eq!(
            attribute("TOXICITY"),
            Attribute::Mapped(Source {
                categories: &[Category::Toxicity]
            })
        );
        assert_eq!(attribute("SEVERE_TOXICITY"), Attribute::Unscored);
        assert_eq!(
            attribute("toxicity"),
            Attribute::Unknown,
            "names are case-sensitive"
        );
        for (name, _) in MAPPED {
            assert!(!UNSCORED.contains(name));
        }
    }

    #[test]
    fn language_codes() {
        assert_eq!(iso1("eng"), "en");
        assert_eq!(iso1("cmn"), "zh");
        assert_eq!(iso1("xyz"), "xyz");
        assert_eq!(primary("en-US"), "en");
        assert_eq!(primary("DE"), "de");
        assert_eq!(ISO3_TO_1.len(), 69);
    }
}
