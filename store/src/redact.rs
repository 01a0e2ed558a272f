//! Masks personal data in text kept under the `redacted` storage mode. What
//! is masked is exactly what the PII detector finds
//! (`modd_common::pii`, the daemon's detector too): e-mail addresses, phone
//! numbers, payment cards (Luhn-checked), IBANs (mod-97-checked) and IP
//! addresses. One implementation, so a kind of personal data the detector
//! learns is masked in storage too.

pub const EMAIL_MASK: &str = "[email]";
pub const PHONE_MASK: &str = "[phone]";
pub const CARD_MASK: &str = "[card]";
pub const IBAN_MASK: &str = "[iban]";
pub const IP_MASK: &str = "[ip]";

/// The mask standing in for a detector span of `kind`.
fn mask(kind: &str) -> &'static str {
    match kind {
        "email" => EMAIL_MASK,
        "phone" => PHONE_MASK,
        "payment_card" => CARD_MASK,
        "iban" => IBAN_MASK,
        "ip_address" => IP_MASK,
        // A kind added to the detector without a mask of its own is still personal data.
        _ => "[pii]",
    }
}

/// The text with every span the PII detector finds replaced by its mask.
pub fn redact(text: &str) -> String {
    let mut spans = modd_common::pii::spans(text);
    spans.sort_by_key(|s| s.begin);
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for s in spans {
        // The scanners end spans on ASCII bytes, so these are char
        // boundaries; `get` keeps that an assumption checked, not a panic.
        let (Some(before), Some(_)) = (text.get(kept..s.begin), text.get(s.begin..s.end)) else {
            continue;
        };
        out.push_str(before);
        out.push_str(mask(s.kind));
        kept = s.end;
    }
    out.push_str(text.get(kept..).unwrap_or_default());
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
    fn masks_ibans_and_ip_addresses() {
        // Detected but kept in clear by the old regex redactor.
        assert_eq!(
            redact("pay to GB82 WEST 1234 5698 7654 32 please"),
            "pay to [iban] please"
        );
        assert_eq!(
            redact("from 192.168.10.4 and 2001:db8::8a2e:370:7334."),
            "from [ip] and [ip]."
        );
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

    #[test]
    fn masks_exactly_what_the_detector_finds() {
        let texts = [
            "héllo wörld 😀 a@b.co, call 0049 30 1234567 or (555) 123-4567",
            "IBAN DE89370400440532013000; card 5500-0000-0000-0004; host 10.0.0.1",
            "nothing personal, just 42 apples and 7 pears",
        ];
        for text in texts {
            let spans = modd_common::pii::spans(text);
            let masked = redact(text);
            // Nothing the detector finds is left, and nothing else changed:
            // removing the masks and the found spans gives the same text.
            assert!(modd_common::pii::spans(&masked).is_empty(), "{masked}");
            let mut rest = text.to_owned();
            let mut sorted = spans.clone();
            sorted.sort_by_key(|s| std::cmp::Reverse(s.begin));
            for s in &sorted {
                rest.replace_range(s.begin..s.end, "");
            }
            let mut unmasked = masked.clone();
            for m in [EMAIL_MASK, PHONE_MASK, CARD_MASK, IBAN_MASK, IP_MASK] {
                unmasked = unmasked.replace(m, "");
            }
            assert_eq!(unmasked, rest, "{text}");
            assert_eq!(masked.matches('[').count(), spans.len(), "{masked}");
        }
    }
}
