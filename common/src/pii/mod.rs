//! Personal data in text, found without a model: the one scanner behind
//! the daemon's PII detector (which scores it) and the store's `redacted`
//! storage mode (which masks it), so both always agree on what is personal.
//! Spans are byte offsets; the daemon converts them to char offsets.

mod checks;
mod scan;

pub use checks::{iban_length, iban_mod97, luhn};

/// A match in byte offsets, before conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSpan {
    pub begin: usize,
    pub end: usize,
    pub score: f64,
    pub kind: &'static str,
}

impl RawSpan {
    pub fn new(begin: usize, end: usize, score: f64, kind: &'static str) -> Self {
        Self {
            begin,
            end,
            score,
            kind,
        }
    }
}

/// Personal data in `text`: e-mail addresses, phone numbers, payment cards,
/// IBANs and IP addresses, in byte offsets.
pub fn spans(text: &str) -> Vec<RawSpan> {
    let mut spans = Vec::new();
    scan::scan(text, &mut spans);
    spans
}
