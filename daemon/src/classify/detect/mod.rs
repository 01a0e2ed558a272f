//! Detectors that need no model: PII and spam. Each is a [`Classifier`]
//! whose one category score comes with the spans that justify it. They are
//! language-independent, so they run on every text.
//!
//! Spans are found on bytes and reported in `char` offsets (see [`Span`]).

mod spam;

pub use modd_common::pii::{RawSpan, iban_length, iban_mod97, luhn};

use std::borrow::Cow;

use super::{
    Category, Classifier, ClassifierOutput, ClassifyError, Content, Scored, Span, TextForm,
};

/// Converts byte spans to char spans in one pass over the text.
fn to_char_spans(text: &str, mut raw: Vec<RawSpan>) -> Vec<Span> {
    raw.sort_by_key(|s| s.begin);
    let mut marks: Vec<usize> = raw.iter().flat_map(|s| [s.begin, s.end]).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut chars_at = Vec::with_capacity(marks.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    for m in &marks {
        chars += text.get(byte..*m).map_or(0, |t| t.chars().count());
        byte = *m;
        chars_at.push(chars);
    }
    let at = |b: usize| marks.binary_search(&b).map_or(0, |i| chars_at[i]);
    raw.into_iter()
        .map(|s| Span {
            begin: at(s.begin),
            end: at(s.end),
            score: s.score,
            kind: s.kind.to_owned(),
        })
        .collect()
}

/// Personal data in `text`, in byte offsets: what [`PiiDetector`] scores
/// and what `redact` masks in stored text.
pub fn pii_spans(text: &str) -> Vec<RawSpan> {
    modd_common::pii::spans(text)
}

fn max_score(spans: &[RawSpan]) -> f64 {
    spans.iter().map(|s| s.score).fold(0.0, f64::max)
}

/// E-mail addresses, phone numbers, payment cards, IBANs, IP addresses → `pii`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PiiDetector;

impl PiiDetector {
    pub const NAME: &'static str = "pii-detector";
    pub const VERSION: &'static str = "1";
}

impl Classifier for PiiDetector {
    fn name(&self) -> &str {
        Self::NAME
    }
    fn version(&self) -> &str {
        Self::VERSION
    }
    fn categories(&self) -> &[Category] {
        &[Category::Pii]
    }
    fn reads(&self) -> TextForm {
        TextForm::Clean
    }
    fn classify(&self, content: &Content<'_>) -> Result<ClassifierOutput, ClassifyError> {
        let Some(text) = content.text else {
            return Ok(ClassifierOutput::default());
        };
        let raw_spans = pii_spans(text);
        let score = max_score(&raw_spans);
        let count = |kind: &str| raw_spans.iter().filter(|s| s.kind == kind).count() as f64;
        let raw = ["email", "phone", "payment_card", "iban", "ip_address"]
            .into_iter()
            .map(|k| (Cow::Borrowed(k), count(k)))
            .collect();
        Ok(ClassifierOutput {
            raw,
            scores: vec![Scored {
                category: Category::Pii,
                score,
                spans: to_char_spans(text, raw_spans),
            }],
            image_scored: false,
        })
    }
}

/// Link density, repeated characters, shouting → `spam`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpamDetector;

impl SpamDetector {
    pub const NAME: &'static str = "spam-detector";
    pub const VERSION: &'static str = "1";
}

impl Classifier for SpamDetector {
    fn name(&self) -> &str {
        Self::NAME
    }
    fn version(&self) -> &str {
        Self::VERSION
    }
    fn categories(&self) -> &[Category] {
        &[Category::Spam]
    }
    fn reads(&self) -> TextForm {
        TextForm::Clean
    }
    fn classify(&self, content: &Content<'_>) -> Result<ClassifierOutput, ClassifyError> {
        let Some(text) = content.text else {
            return Ok(ClassifierOutput::default());
        };
        let mut raw_spans = Vec::new();
        let s = spam::scan(text, &mut raw_spans);
        Ok(ClassifierOutput {
            raw: vec![
                (Cow::Borrowed("links"), s.links as f64),
                (Cow::Borrowed("link_score"), s.link_score),
                (Cow::Borrowed("longest_run"), s.longest_run as f64),
                (Cow::Borrowed("repeat_score"), s.repeat_score),
                (Cow::Borrowed("uppercase_share"), s.uppercase_share),
                (Cow::Borrowed("shout_score"), s.shout_score),
            ],
            scores: vec![Scored {
                category: Category::Spam,
                score: s.score(),
                spans: to_char_spans(text, raw_spans),
            }],
            image_scored: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_in_chars_not_bytes() {
        let text = "héllo wörld 😀 a@b.co";
        let out = PiiDetector
            .classify(&Content {
                text: Some(text),
                image_url: None,
            })
            .unwrap_or_default();
        let span = &out.scores[0].spans[0];
        let chars: Vec<char> = text.chars().collect();
        let found: String = chars[span.begin..span.end].iter().collect();
        assert_eq!(found, "a@b.co");
        assert_eq!(out.scores[0].score, 0.95);
        assert_eq!(out.raw[0], (Cow::Borrowed("email"), 1.0));
    }

    #[test]
    fn cjk_and_emoji_before_between_and_after_spans_count_as_one_char_each() {
        // CJK characters are 3 bytes, the emoji 4, é 2; spans out of order.
        let text = "東京 é 😀 http://a.biz 日本語 www.b.biz 終";
        let mut raw = Vec::new();
        spam::scan(text, &mut raw);
        raw.reverse();
        let spans = to_char_spans(text, raw);
        let found: Vec<String> = spans
            .iter()
            .filter(|s| s.kind == "link")
            .map(|s| text.chars().skip(s.begin).take(s.end - s.begin).collect())
            .collect();
        assert_eq!(found, ["http://a.biz", "www.b.biz"]);
        assert_eq!(to_char_spans("", Vec::new()), Vec::new());
    }

    #[test]
    fn nothing_found_scores_zero() {
        for d in [&PiiDetector as &dyn Classifier, &SpamDetector] {
            let out = d
                .classify(&Content {
                    text: Some("a perfectly ordinary remark"),
                    image_url: None,
                })
                .unwrap_or_default();
            assert_eq!(out.scores[0].score, 0.0);
            assert!(out.scores[0].spans.is_empty());
        }
    }
}
