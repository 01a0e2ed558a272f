//! Masks personal data in text kept under the `redacted` storage mode:
//! e-mail addresses, phone numbers and payment card numbers (as the seed's
//! PII step did). Card numbers are masked only when they pass the Luhn
//! check, so order numbers and the like stay readable.

use regex::Regex;
use std::sync::LazyLock;

pub const EMAIL_MASK: &str = "[email]";
pub const PHONE_MASK: &str = "[phone]";
pub const CARD_MASK: &str = "[card]";

static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b").ok());
/// 13 to 19 digits, optionally grouped by spaces or dashes.
static CARD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b\d(?:[ \-]?\d){12,18}\b").ok());
/// An optional `+` and country code, then 7 to 15 digits with the usual
/// separators: `+44 20 7946 0958`, `(555) 123-4567`, `555.123.4567`.
static PHONE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}(?:[ .\-]?\d{2,4}){1,4}").ok()
});

fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    let mut double = false;
    for c in digits.chars().rev().filter(char::is_ascii_digit) {
        let mut d = c.to_digit(10).unwrap_or(0);
        if double {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        double = !double;
    }
    sum % 10 == 0
}

fn digit_count(s: &str) -> usize {
    s.chars().filter(char::is_ascii_digit).count()
}

/// The text with e-mails, card numbers and phone numbers masked.
pub fn redact(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(re) = EMAIL.as_ref() {
        out = re.replace_all(&out, EMAIL_MASK).into_owned();
    }
    if let Some(re) = CARD.as_ref() {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let m = &c[0];
                if luhn(m) {
                    CARD_MASK.to_owned()
                } else {
                    m.to_owned()
                }
            })
            .into_owned();
    }
    if let Some(re) = PHONE.as_ref() {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let m = &c[0];
                // Short runs are years, prices, counts: not phone numbers.
                if (7..=15).contains(&digit_count(m)) {
                    PHONE_MASK.to_owned()
                } else {
                    m.to_owned()
                }
            })
            .into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_emails_phones_and_cards() {
        let t = redact("mail jane.doe+x@example.co.uk or call +44 20 7946 0958 today");
        assert_eq!(t, "mail [email] or call [phone] today");
        assert_eq!(redact("(555) 123-4567"), "[phone]");
        assert_eq!(redact("card 4111 1111 1111 1111 ok"), "card [card] ok");
        assert_eq!(redact("4111-1111-1111-1111"), "[card]");
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        assert_eq!(
            redact("in 2024 we sold 300 units"),
            "in 2024 we sold 300 units"
        );
        // 16 digits failing the Luhn check are not a card (but long enough to be
        // no phone number either).
        assert_eq!(redact("order 1234567812345678"), "order 1234567812345678");
        assert_eq!(redact("no pii here"), "no pii here");
    }
}
