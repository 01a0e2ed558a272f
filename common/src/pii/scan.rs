//! Personal data in text: e-mail addresses, phone numbers, payment cards
//! (Luhn-checked), IBANs (mod-97-checked) and IP addresses. Hand-written
//! scanners rather than regexes: one pass, and a text with no `@` and few
//! digits (most comments) is rejected after one byte count.
//!
//! Span scores say how sure the match is personal data: checksummed card
//! numbers and IBANs 0.99, e-mail addresses 0.95, `+`-prefixed or formatted
//! phone numbers 0.8, bare 10–15 digit runs 0.5 (often order numbers), IP
//! addresses 0.6. The category score is the highest span score.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::RawSpan;
use super::checks::{iban_length, iban_mod97, luhn};

pub fn scan(text: &str, out: &mut Vec<RawSpan>) {
    let b = text.as_bytes();
    // One counting pass decides which scanners can find anything at all.
    let (mut digits, mut ats, mut colons) = (0usize, 0usize, 0usize);
    for &c in b {
        digits += usize::from(c.is_ascii_digit());
        ats += usize::from(c == b'@');
        colons += usize::from(c == b':');
    }
    let mut found = Vec::new();
    if ats > 0 {
        emails(b, &mut found);
    }
    if digits >= 4 {
        ibans(b, &mut found);
        numbers(b, &mut found);
    }
    if colons >= 2 {
        ipv6(text, &mut found);
    }
    // The digits of an IBAN or an e-mail address can also look like a
    // phone or card number: keep the surest of overlapping matches.
    found.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.begin.cmp(&y.begin)));
    for s in found {
        if !out
            .iter()
            .any(|k: &RawSpan| k.begin < s.end && s.begin < k.end)
        {
            out.push(s);
        }
    }
}

fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-')
}

fn emails(b: &[u8], out: &mut Vec<RawSpan>) {
    let mut next_free = 0;
    for at in (0..b.len()).filter(|&i| b[i] == b'@') {
        let mut start = at;
        while start > next_free && is_local(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && is_domain(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1; // "mail me at a@b.com." ends the sentence, not the domain
        }
        let domain = &b[at + 1..end];
        let tld = domain.rsplit(|&c| c == b'.').next().unwrap_or_default();
        let ok = start < at
            && domain.contains(&b'.')
            && !domain.starts_with(b".")
            && !domain.windows(2).any(|w| w == b"..")
            && tld.len() >= 2
            && tld.iter().all(u8::is_ascii_alphabetic);
        if ok {
            out.push(RawSpan::new(start, end, 0.95, "email"));
            next_free = end;
        }
    }
}

/// Runs of digits joined by single separators (space, `-`, `.`, `/`,
/// parentheses), optionally after `+`: phones, cards and IPv4 addresses.
fn numbers(b: &[u8], out: &mut Vec<RawSpan>) {
    let mut i = 0;
    while i < b.len() {
        // Jump to the next digit (a `+` or `(` just before it may start the number).
        match b[i..].iter().position(u8::is_ascii_digit) {
            Some(n) => {
                i = (i + n)
                    .saturating_sub(usize::from(n > 0 && matches!(b[i + n - 1], b'+' | b'(')))
            }
            None => break,
        }
        let plus = b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        let paren = b[i] == b'(' && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(b[i].is_ascii_digit() || plus || paren) || (i > 0 && b[i - 1].is_ascii_alphanumeric())
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut seps = Vec::new();
        loop {
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            let sep = b.get(end).copied();
            let joins = matches!(sep, Some(b' ' | b'-' | b'.' | b'/' | b'(' | b')'));
            // `) ` is one separator in "(555) 123"
            let width = if sep == Some(b')') && b.get(end + 1) == Some(&b' ') {
                2
            } else {
                1
            };
            if joins && b.get(end + width).is_some_and(u8::is_ascii_digit) {
                seps.push(sep.unwrap_or(b' '));
                end += width;
            } else {
                if sep == Some(b')') && paren {
                    end += 1;
                }
                break;
            }
        }
        if end < b.len() && b[end].is_ascii_alphanumeric() {
            i = end; // glued to a word: an id like "abc123", not a number
            continue;
        }
        classify_number(b, start, end, plus, &seps, out);
        i = end;
    }
}

fn classify_number(
    b: &[u8],
    start: usize,
    end: usize,
    plus: bool,
    seps: &[u8],
    out: &mut Vec<RawSpan>,
) {
    let s = &b[start..end];
    let digits: Vec<u8> = s.iter().copied().filter(u8::is_ascii_digit).collect();
    let n = digits.len();
    if seps.len() == 3 && seps.iter().all(|&c| c == b'.') {
        if std::str::from_utf8(s)
            .ok()
            .and_then(|t| t.parse::<Ipv4Addr>().ok())
            .is_some()
        {
            out.push(RawSpan::new(start, end, 0.6, "ip_address"));
        }
        return;
    }
    let card_seps = seps.iter().all(|&c| c == b' ' || c == b'-');
    if !plus
        && card_seps
        && (13..=19).contains(&n)
        && luhn(&digits)
        && digits.iter().any(|&d| d != digits[0])
    {
        out.push(RawSpan::new(start, end, 0.99, "payment_card"));
        return;
    }
    let formatted =
        plus || b[start] == b'(' || (!seps.is_empty() && seps.iter().all(|&c| c != b'/'));
    if (8..=15).contains(&n) && (plus || (formatted && n >= 9)) {
        out.push(RawSpan::new(start, end, 0.8, "phone"));
    } else if (10..=15).contains(&n) && seps.is_empty() {
        out.push(RawSpan::new(start, end, 0.5, "phone"));
    }
}

fn ibans(b: &[u8], out: &mut Vec<RawSpan>) {
    let mut i = 0;
    while i + 4 <= b.len() {
        // An IBAN starts two letters before a digit: jump to the next digit.
        match b[i + 2..].iter().position(u8::is_ascii_digit) {
            Some(n) => i += n,
            None => break,
        }
        // The jump may land the digit on the text's last byte or the one
        // before: no room left for the four bytes an IBAN starts with.
        if i + 4 > b.len() {
            break;
        }
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let head = [b[i].to_ascii_uppercase(), b[i + 1].to_ascii_uppercase()];
        let Some(len) = (boundary
            && b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit())
        .then(|| iban_length(head))
        .flatten() else {
            i += 1;
            continue;
        };
        let mut iban = Vec::with_capacity(len);
        let mut end = i;
        while end < b.len() && iban.len() < len {
            let c = b[end];
            if c.is_ascii_alphanumeric() {
                iban.push(c.to_ascii_uppercase());
            } else if !(c == b' ' && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)) {
                break;
            }
            end += 1;
        }
        let bounded = end >= b.len() || !b[end].is_ascii_alphanumeric();
        if iban.len() == len && bounded && iban_mod97(&iban) {
            out.push(RawSpan::new(i, end, 0.99, "iban"));
            i = end;
        } else {
            i += 1;
        }
    }
}

fn ipv6(text: &str, out: &mut Vec<RawSpan>) {
    let b = text.as_bytes();
    let is_part = |c: u8| c.is_ascii_hexdigit() || matches!(c, b':' | b'.');
    let mut i = 0;
    while i < b.len() {
        // Expand around the next colon only: hex letters are everywhere in text.
        let Some(n) = b[i..].iter().position(|&c| c == b':') else {
            break;
        };
        let mut start = i + n;
        while start > i && is_part(b[start - 1]) {
            start -= 1;
        }
        i = start;
        while i < b.len() && is_part(b[i]) {
            i += 1;
        }
        let cand = text[start..i].trim_end_matches('.');
        if cand.bytes().filter(|&c| c == b':').count() >= 2 && cand.parse::<Ipv6Addr>().is_ok() {
            out.push(RawSpan::new(start, start + cand.len(), 0.6, "ip_address"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        scan(text, &mut out);
        out.sort_by_key(|s| s.begin);
        out.iter()
            .map(|s| (s.kind, &text[s.begin..s.end]))
            .collect()
    }

    #[test]
    fn emails() {
        assert_eq!(
            kinds("mail jo.doe+x@mail.example.org."),
            [("email", "jo.doe+x@mail.example.org")]
        );
        assert_eq!(kinds("Ünïcødé a@b.co ok"), [("email", "a@b.co")]);
        for t in [
            "@handle", "a@b", "a@b.c", "x@.com", "a@b..com", "@@", "a@1.23",
        ] {
            assert!(kinds(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn cards_need_luhn() {
        assert_eq!(
            kinds("card 4111 1111 1111 1111!"),
            [("payment_card", "4111 1111 1111 1111")]
        );
        assert_eq!(
            kinds("4111-1111-1111-1111"),
            [("payment_card", "4111-1111-1111-1111")]
        );
        // Fails Luhn: at most a phone-like number, never a card.
        assert!(
            kinds("4111 1111 1111 1112")
                .iter()
                .all(|(k, _)| *k != "payment_card")
        );
        assert!(
            kinds("0000 0000 0000 0000")
                .iter()
                .all(|(k, _)| *k != "payment_card")
        );
    }

    #[test]
    fn phones() {
        assert_eq!(
            kinds("call +44 20 7946 0958 now"),
            [("phone", "+44 20 7946 0958")]
        );
        assert_eq!(kinds("(555) 123-4567"), [("phone", "(555) 123-4567")]);
        assert_eq!(kinds("555-123-4567"), [("phone", "555-123-4567")]);
        assert_eq!(kinds("id 5551234567"), [("phone", "5551234567")]);
        for t in [
            "2024-01-15",
            "12/05/2024",
            "in 1999 and 2024",
            "abc12345678901",
            "v1.2.3",
        ] {
            assert!(kinds(t).is_empty(), "{t}: {:?}", kinds(t));
        }
    }

    #[test]
    fn ibans_need_mod97() {
        assert_eq!(
            kinds("IBAN DE89 3704 0044 0532 0130 00."),
            [("iban", "DE89 3704 0044 0532 0130 00")]
        );
        assert_eq!(
            kinds("gb82west12345698765432"),
            [("iban", "gb82west12345698765432")]
        );
        assert!(
            kinds("DE89 3704 0044 0532 0130 01")
                .iter()
                .all(|(k, _)| *k != "iban")
        );
        assert!(
            kinds("XX89370400440532013000")
                .iter()
                .all(|(k, _)| *k != "iban")
        );
    }

    /// A digit among the last two bytes once the scan jumps to it once
    /// read past the end (a client's text could panic the engine). The
    /// IBAN scan runs only on text with four digits or more.
    #[test]
    fn ibans_near_the_end_of_the_text() {
        for t in [
            "1234 I live in FR7",
            "123 at FR7",
            "1234ab1",
            "123 xy 1",
            "1234 é FR7",
            "1234FR",
        ] {
            assert!(kinds(t).iter().all(|(k, _)| *k != "iban"), "{t}");
        }
    }

    /// Every prefix and suffix of text dense in near-matches: a scanner
    /// that reads past either end panics here, whatever it looks for.
    #[test]
    fn no_cut_of_the_text_panics() {
        let text = "a@b.co FR76 3000 6000 0112 3456 7890 189 DE89 1.2.3.4 \
                    +33 6 12 34 56 78 4111-1111-1111-1111 2001:db8::1 é: 12:34 GB82WEST1";
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &i in &cuts {
            kinds(&text[..i]);
            kinds(&text[i..]);
        }
    }

    #[test]
    fn ip_addresses() {
        assert_eq!(
            kinds("from 192.168.1.20, again"),
            [("ip_address", "192.168.1.20")]
        );
        assert_eq!(
            kinds("host 2001:db8::ff00:42:8329."),
            [("ip_address", "2001:db8::ff00:42:8329")]
        );
        assert!(kinds("999.1.1.1").is_empty());
        assert!(kinds("at 10:30:00").is_empty());
    }
}
