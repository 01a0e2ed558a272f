//! The one category taxonomy every classifier maps into, and the spans that
//! detectors attach to their scores.
//!
//! Names follow OpenAI's moderation categories where one exists (with `_`
//! for OpenAI's `/` and `-`: `harassment/threatening` is
//! `harassment_threatening`, `self-harm` is `self_harm`), plus categories
//! OpenAI does not have: `toxicity` (rude or offensive, Perspective's
//! TOXICITY), `profanity`, `pii` and `spam`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

use crate::UnknownVariant;

/// A moderation category. Serialized as its snake_case name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Harassment,
    HarassmentThreatening,
    Hate,
    HateThreatening,
    Illicit,
    IllicitViolent,
    SelfHarm,
    SelfHarmIntent,
    SelfHarmInstructions,
    Sexual,
    SexualMinors,
    Violence,
    ViolenceGraphic,
    /// Rude, disrespectful or offensive language in general (no OpenAI
    /// equivalent; Perspective's TOXICITY).
    Toxicity,
    Profanity,
    /// Personal data: e-mail addresses, phone numbers, payment cards, IBANs, IP addresses.
    Pii,
    Spam,
}

impl Category {
    pub const ALL: [Category; 17] = [
        Category::Harassment,
        Category::HarassmentThreatening,
        Category::Hate,
        Category::HateThreatening,
        Category::Illicit,
        Category::IllicitViolent,
        Category::SelfHarm,
        Category::SelfHarmIntent,
        Category::SelfHarmInstructions,
        Category::Sexual,
        Category::SexualMinors,
        Category::Violence,
        Category::ViolenceGraphic,
        Category::Toxicity,
        Category::Profanity,
        Category::Pii,
        Category::Spam,
    ];

    /// The taxonomy name (`self_harm_intent`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Harassment => "harassment",
            Category::HarassmentThreatening => "harassment_threatening",
            Category::Hate => "hate",
            Category::HateThreatening => "hate_threatening",
            Category::Illicit => "illicit",
            Category::IllicitViolent => "illicit_violent",
            Category::SelfHarm => "self_harm",
            Category::SelfHarmIntent => "self_harm_intent",
            Category::SelfHarmInstructions => "self_harm_instructions",
            Category::Sexual => "sexual",
            Category::SexualMinors => "sexual_minors",
            Category::Violence => "violence",
            Category::ViolenceGraphic => "violence_graphic",
            Category::Toxicity => "toxicity",
            Category::Profanity => "profanity",
            Category::Pii => "pii",
            Category::Spam => "spam",
        }
    }

    /// OpenAI's name (`self-harm/intent`), for the categories OpenAI has.
    pub fn openai_name(self) -> Option<&'static str> {
        Some(match self {
            Category::Harassment => "harassment",
            Category::HarassmentThreatening => "harassment/threatening",
            Category::Hate => "hate",
            Category::HateThreatening => "hate/threatening",
            Category::Illicit => "illicit",
            Category::IllicitViolent => "illicit/violent",
            Category::SelfHarm => "self-harm",
            Category::SelfHarmIntent => "self-harm/intent",
            Category::SelfHarmInstructions => "self-harm/instructions",
            Category::Sexual => "sexual",
            Category::SexualMinors => "sexual/minors",
            Category::Violence => "violence",
            Category::ViolenceGraphic => "violence/graphic",
            Category::Toxicity | Category::Profanity | Category::Pii | Category::Spam => {
                return None;
            }
        })
    }

    /// The category OpenAI calls `name` (`harassment/threatening`).
    pub fn from_openai(name: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.openai_name() == Some(name))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// A part of the text a detector matched. Offsets count Unicode scalar
/// values (Rust `char`s, Python `str` indices), `begin` inclusive, `end`
/// exclusive; they never point inside a character.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
    /// 0..1: how strongly this span alone indicates the category.
    pub score: f64,
    /// What was matched, e.g. `email`, `payment_card`, `iban`, `link`.
    pub kind: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{c}\""));
            if let Some(o) = c.openai_name() {
                assert_eq!(Category::from_openai(o), Some(c));
                assert_eq!(o.replace(['/', '-'], "_"), c.as_str());
            }
        }
        assert!("self-harm".parse::<Category>().is_err());
        assert_eq!(Category::from_openai("pii"), None);
    }
}
