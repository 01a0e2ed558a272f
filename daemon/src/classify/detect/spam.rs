//! Spam signals: link density, runs of one repeated character, shouting.
//! Each signal is a score in 0..1; the category score combines them as a
//! noisy-or (1 − Π(1 − sᵢ)), so two medium signals add up to a strong one.
//!
//! - links (`http://`, `https://`, `www.`): 1.2 × links per word, plus 0.15
//!   per link after the first; one link in a sentence ≈ 0.1–0.4.
//! - repeats: a run of ≥ 6 equal characters scores 0.3, +0.05 per extra
//!   character; text that is mostly runs scores that share.
//! - shouting: ≥ 12 cased letters, ≥ 70% uppercase: (share − 0.5) × 2,
//!   scaled by length up to 40 letters, at most 0.75 (shouting alone asks
//!   for review at most under the default thresholds).

use super::RawSpan;

pub const MIN_RUN: usize = 6;

/// The signals, kept for the classifier's raw outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    pub links: usize,
    pub words: usize,
    pub link_score: f64,
    pub longest_run: usize,
    pub repeat_score: f64,
    pub uppercase_share: f64,
    pub shout_score: f64,
}

impl Signals {
    pub fn score(&self) -> f64 {
        let keep = [self.link_score, self.repeat_score, self.shout_score]
            .iter()
            .map(|s| 1.0 - s.clamp(0.0, 1.0))
            .product::<f64>();
        (1.0 - keep).clamp(0.0, 1.0)
    }
}

pub fn scan(text: &str, spans: &mut Vec<RawSpan>) -> Signals {
    let mut s = Signals {
        words: text.split_ascii_whitespace().count(),
        ..Signals::default()
    };
    links(text, spans, &mut s);
    chars(text, spans, &mut s);
    s
}

fn links(text: &str, spans: &mut Vec<RawSpan>, s: &mut Signals) {
    let b = text.as_bytes();
    let mut i = 0;
    // Only `h` and `w` can start a link: jump between them.
    while let Some(n) = b[i..]
        .iter()
        .position(|c| matches!(c, b'h' | b'H' | b'w' | b'W'))
    {
        i += n;
        let rest = &b[i..];
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let prefix = [&b"https://"[..], b"http://", b"www."]
            .into_iter()
            .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p));
        match prefix {
            Some(p) if boundary => {
                let len = rest
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || matches!(c, b'"' | b'<' | b'>'))
                    .unwrap_or(rest.len());
                if len > p.len() {
                    spans.push(RawSpan::new(i, i + len, 0.5, "link"));
                    s.links += 1;
                }
                i += len.max(1);
            }
            _ => i += 1,
        }
    }
    if s.links > 0 {
        let density = s.links as f64 / s.words.max(1) as f64;
        s.link_score = (1.2 * density + 0.15 * (s.links - 1) as f64).min(1.0);
    }
}

/// Repeated-character runs and the uppercase share, in one pass.
fn chars(text: &str, spans: &mut Vec<RawSpan>, s: &mut Signals) {
    let (mut total, mut in_runs, mut upper, mut cased) = (0usize, 0usize, 0usize, 0usize);
    let (mut prev, mut start, mut n) = ('\0', 0usize, 0usize);
    let mut close = |c: char, start: usize, n: usize, end: usize, in_runs: &mut usize| {
        if n >= MIN_RUN && !c.is_whitespace() {
            spans.push(RawSpan::new(start, end, 0.3, "repeated_characters"));
            *in_runs += n;
            s.longest_run = s.longest_run.max(n);
        }
    };
    for (i, c) in text.char_indices() {
        total += 1;
        if c.is_ascii() {
            upper += usize::from(c.is_ascii_uppercase());
            cased += usize::from(c.is_ascii_alphabetic());
        } else if c.is_uppercase() {
            (upper, cased) = (upper + 1, cased + 1);
        } else if c.is_lowercase() {
            cased += 1;
        }
        if c == prev && n > 0 {
            n += 1;
        } else {
            close(prev, start, n, i, &mut in_runs);
            (prev, start, n) = (c, i, 1);
        }
    }
    close(prev, start, n, text.len(), &mut in_runs);
    if s.longest_run >= MIN_RUN {
        let by_length = 0.3 + 0.05 * (s.longest_run - MIN_RUN) as f64;
        let by_share = in_runs as f64 / total.max(1) as f64;
        s.repeat_score = by_length.max(by_share).min(1.0);
    }
    if cased == 0 {
        return;
    }
    s.uppercase_share = upper as f64 / cased as f64;
    if cased >= 12 && s.uppercase_share >= 0.7 {
        let length = (cased as f64 / 40.0).min(1.0);
        s.shout_score = ((s.uppercase_share - 0.5) * 2.0 * length).min(0.75);
        spans.push(RawSpan::new(0, text.len(), s.shout_score, "shouting"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> (Signals, Vec<RawSpan>) {
        let mut spans = Vec::new();
        (scan(t, &mut spans), spans)
    }

    #[test]
    fn plain_text_is_not_spam() {
        let (s, spans) = run("I think this is a good point, thanks for sharing.");
        assert_eq!(s.score(), 0.0);
        assert!(spans.is_empty());
    }

    #[test]
    fn links_count_by_density() {
        let (one, _) = run("details at https://example.com/page in the doc I wrote last week");
        let (many, spans) = run("BUY http://a.biz http://b.biz www.c.biz now");
        assert_eq!(many.links, 3);
        assert_eq!(spans.iter().filter(|s| s.kind == "link").count(), 3);
        assert!(one.score() < 0.3 && many.score() > 0.9, "{one:?} {many:?}");
        assert_eq!(run("http:// alone").0.links, 0);
        assert_eq!(run("xhttp://a.b").0.links, 0);
    }

    #[test]
    fn repeats_and_shouting() {
        let (s, spans) = run("soooooooooooooo gooooood!!!!!!");
        assert_eq!(
            spans
                .iter()
                .filter(|s| s.kind == "repeated_characters")
                .count(),
            3
        );
        assert!(s.repeat_score > 0.6);
        let (s, _) = run("ЭТО ПРОСТО УЖАСНО, ВСЕ ДОЛЖНЫ ЗНАТЬ ОБ ЭТОМ СЕЙЧАС ЖЕ");
        assert!(s.shout_score > 0.5 && s.shout_score <= 0.75, "{s:?}");
        assert_eq!(run("OK FINE").0.shout_score, 0.0); // too short to shout
        assert_eq!(run("😀😀😀😀😀😀😀").1.len(), 1);
    }
}
