//! Masks personal data in text kept under the `redacted` storage mode. What
//! is masked is exactly what the PII detector finds
//! (`modd_common::pii`, the daemon's detector too): e-mail addresses, phone
//! numbers, payment cards (Luhn-checked), IBANs (mod-97-checked) and IP
//! addresses. One implementation, so a kind of personal data the detector
//! learns is masked in storage too.

use modd_common::Span;

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
    masked(text).0
}

/// The masked text, and detector spans (char offsets of `text`) moved onto
/// it: text before, between and after masks shifts by what the masks
/// changed, and a span's end inside a masked part grows to cover the
/// whole mask, so a reviewer sees which mask it was (an `email` span
/// becomes exactly `[email]`). Nothing of the masked data survives in a
/// span: it only holds offsets, a score and a kind.
pub fn redact_with_spans(text: &str, spans: &[Span]) -> (String, Vec<Span>) {
    let (out, parts) = masked(text);
    let moved = spans
        .iter()
        .map(|s| Span {
            begin: move_offset(&parts, s.begin, false),
            end: move_offset(&parts, s.end, true),
            ..s.clone()
        })
        .collect();
    (out, moved)
}

/// One masked part, in char offsets: `from` in the original text, `to` in
/// the masked text.
#[derive(Debug, Clone, Copy)]
struct Part {
    from: (usize, usize),
    to: (usize, usize),
}

/// The masked text and where each mask went.
fn masked(text: &str) -> (String, Vec<Part>) {
    let mut spans = modd_common::pii::spans(text);
    spans.sort_by_key(|s| s.begin);
    let mut out = String::with_capacity(text.len());
    let mut parts = Vec::with_capacity(spans.len());
    // Bytes of `text` consumed, and chars consumed on each side.
    let (mut kept, mut from_chars, mut to_chars) = (0, 0, 0);
    for s in spans {
        // The scanners end spans on ASCII bytes, so these are char
        // boundaries; `get` keeps that an assumption checked, not a panic.
        let (Some(before), Some(found)) = (text.get(kept..s.begin), text.get(s.begin..s.end))
        else {
            continue;
        };
        let mask = mask(s.kind);
        let before_chars = before.chars().count();
        let from = from_chars + before_chars;
        let to = to_chars + before_chars;
        parts.push(Part {
            from: (from, from + found.chars().count()),
            to: (to, to + mask.chars().count()),
        });
        out.push_str(before);
        out.push_str(mask);
        kept = s.end;
        (from_chars, to_chars) = (from + found.chars().count(), to + mask.chars().count());
    }
    out.push_str(text.get(kept..).unwrap_or_default());
    (out, parts)
}

/// Where char offset `at` of the original text is in the masked text. An
/// offset inside a masked part goes to the mask's start (`end` false) or
/// its end (`end` true), so a span never cuts a mask in two.
fn move_offset(parts: &[Part], at: usize, end: bool) -> usize {
    let (mut from_anchor, mut to_anchor) = (0, 0);
    for p in parts {
        if at <= p.from.0 {
            break;
        }
        if at < p.from.1 {
            return if end { p.to.1 } else { p.to.0 };
        }
        (from_anchor, to_anchor) = (p.from.1, p.to.1);
    }
    to_anchor + (at - from_anchor)
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

    fn span(begin: usize, end: usize, kind: &str) -> Span {
        Span {
            begin,
            end,
            score: 0.5,
            kind: kind.to_owned(),
        }
    }

    /// The text a span covers, in chars.
    fn covered(text: &str, s: &Span) -> String {
        text.chars().skip(s.begin).take(s.end - s.begin).collect()
    }

    #[test]
    fn spans_move_onto_the_masked_text_in_chars() {
        // é (2 bytes), an emoji (4 bytes) and CJK (3 bytes each) before,
        // between and after the masks: offsets are chars, never bytes.
        let text = "é 😀 mail a@b.co 日本語 call (555) 123-4567 終わり";
        let at = |needle: &str| {
            let b = text.find(needle).unwrap_or_default();
            let begin = text[..b].chars().count();
            (begin, begin + needle.chars().count())
        };
        let (mail_b, mail_e) = at("a@b.co");
        let (cjk_b, cjk_e) = at("日本語");
        let (end_b, end_e) = at("終わり");
        let (phone_b, _) = at("(555)");
        let spans = [
            span(mail_b, mail_e, "email"),
            span(cjk_b, cjk_e, "word"),
            span(end_b, end_e, "word"),
            // Starts before the phone number and ends inside it.
            span(cjk_b, phone_b + 3, "mixed"),
            // The whole text.
            span(0, text.chars().count(), "shouting"),
        ];
        let (masked, moved) = redact_with_spans(text, &spans);
        assert_eq!(masked, "é 😀 mail [email] 日本語 call [phone] 終わり");
        assert_eq!(covered(&masked, &moved[0]), "[email]");
        assert_eq!(covered(&masked, &moved[1]), "日本語");
        assert_eq!(covered(&masked, &moved[2]), "終わり");
        assert_eq!(covered(&masked, &moved[3]), "日本語 call [phone]");
        assert_eq!(covered(&masked, &moved[4]), masked);
        assert_eq!(moved[4].end, masked.chars().count());
        // Only offsets move.
        assert_eq!(moved[0].kind, "email");
        assert_eq!(moved[0].score, 0.5);
    }

    #[test]
    fn spans_without_masks_stay_where_they_are() {
        let text = "naïve café 東京";
        let spans = [span(0, 5, "word"), span(11, 13, "word")];
        let (masked, moved) = redact_with_spans(text, &spans);
        assert_eq!(masked, text);
        assert_eq!(moved, spans);
        assert_eq!(covered(&masked, &moved[1]), "東京");
    }
}
