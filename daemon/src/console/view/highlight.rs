//! The item's text with the spans that explain its scores highlighted:
//! each score's spans (char offsets of the stored text) cut the text into
//! segments, and a segment inside any span is a `<mark>`, labelled with the
//! category and kind where a span ends. Spans may overlap (a whole-text
//! `shouting` span around a `link`), so segments, not nested marks.

use maud::{Markup, html};
use modd_common::CategoryScore;

/// One span with what it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Found<'a> {
    begin: usize,
    end: usize,
    category: &'a str,
    kind: &'a str,
    classifier: &'a str,
}

/// A run of text and the spans covering all of it.
#[derive(Debug, Clone, PartialEq)]
struct Segment<'a> {
    text: &'a str,
    covered_by: Vec<Found<'a>>,
    /// Spans ending with this segment: their labels follow it.
    ending: Vec<Found<'a>>,
}

/// Every non-empty span that lies within `chars` characters; one reaching
/// past the end (a text changed since) is cut at the end.
fn found<'a>(scores: &'a [CategoryScore], chars: usize) -> Vec<Found<'a>> {
    let mut all: Vec<Found<'a>> = scores
        .iter()
        .flat_map(|s| {
            s.spans.iter().map(move |span| Found {
                begin: span.begin,
                end: span.end.min(chars),
                category: &s.category,
                kind: &span.kind,
                classifier: &s.classifier,
            })
        })
        .filter(|f| f.begin < f.end)
        .collect();
    all.sort_by_key(|f| (f.begin, std::cmp::Reverse(f.end)));
    all.dedup_by(|a, b| a.begin == b.begin && a.end == b.end && a.category == b.category);
    all
}

/// `text` cut at every span boundary. Offsets are chars; slicing uses the
/// byte offset of each char, so it never splits one.
fn segments<'a>(text: &'a str, scores: &'a [CategoryScore]) -> Vec<Segment<'a>> {
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let chars = bytes.len() - 1;
    let spans = found(scores, chars);
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|f| [f.begin, f.end])
        .chain([0, chars])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let (from, to) = (w[0], w[1]);
            let piece = text.get(*bytes.get(from)?..*bytes.get(to)?)?;
            Some(Segment {
                text: piece,
                covered_by: spans
                    .iter()
                    .filter(|f| f.begin <= from && to <= f.end)
                    .copied()
                    .collect(),
                ending: spans.iter().filter(|f| f.end == to).copied().collect(),
            })
        })
        .collect()
}

/// How many spans the text shows.
pub fn count(text: &str, scores: &[CategoryScore]) -> usize {
    found(scores, text.chars().count()).len()
}

/// The text as markup, spans marked and labelled. The label ("pii ·
/// email") is a `data-label` the stylesheet shows after the mark, so the
/// text itself (copied, or read by a test) stays exactly what was stored.
pub fn text(text: &str, scores: &[CategoryScore]) -> Markup {
    html! {
        @for s in segments(text, scores) {
            @if s.covered_by.is_empty() {
                (s.text)
            } @else {
                mark.span data-categories=(categories(&s.covered_by))
                    data-label=[label(&s.ending)] title=(found_by(&s.covered_by)) { (s.text) }
            }
        }
    }
}

/// "pii · email; spam · link" for the spans ending here, if any.
fn label(ending: &[Found<'_>]) -> Option<String> {
    let parts: Vec<String> = ending
        .iter()
        .map(|f| format!("{} · {}", f.category, f.kind.replace('_', " ")))
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "pii (pii-detector)": what each covering span is and who found it.
fn found_by(spans: &[Found<'_>]) -> String {
    let parts: Vec<String> = spans
        .iter()
        .map(|f| {
            format!(
                "{} · {} ({})",
                f.category,
                f.kind.replace('_', " "),
                f.classifier
            )
        })
        .collect();
    parts.join("; ")
}

/// The distinct categories of `spans`, space-separated (for tests and styling).
fn categories(spans: &[Found<'_>]) -> String {
    let mut names: Vec<&str> = spans.iter().map(|f| f.category).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::Span;

    fn score(category: &str, spans: &[(usize, usize, &str)]) -> CategoryScore {
        CategoryScore {
            category: category.into(),
            score: 0.9,
            classifier: "test".into(),
            model_version: "1".into(),
            languages: Vec::new(),
            spans: spans
                .iter()
                .map(|&(begin, end, kind)| Span {
                    begin,
                    end,
                    score: 0.9,
                    kind: kind.into(),
                })
                .collect(),
        }
    }

    fn marked(text: &str, scores: &[CategoryScore]) -> Vec<(String, bool)> {
        segments(text, scores)
            .into_iter()
            .map(|s| (s.text.to_owned(), !s.covered_by.is_empty()))
            .collect()
    }

    #[test]
    fn char_offsets_cut_multibyte_text_at_characters() {
        // é is 2 bytes, the emoji 4, each CJK character 3: offsets are chars.
        let text = "café 😀 東京 mail a@b.co";
        let scores = [
            score("pii", &[(15, 21, "email")]),
            score("spam", &[(5, 6, "emoji"), (7, 9, "cjk")]),
        ];
        assert_eq!(
            marked(text, &scores),
            vec![
                ("café ".into(), false),
                ("😀".into(), true),
                (" ".into(), false),
                ("東京".into(), true),
                (" mail ".into(), false),
                ("a@b.co".into(), true),
            ]
        );
    }

    #[test]
    fn overlapping_spans_become_segments_with_labels_where_they_end() {
        let text = "BUY NOW http://x.biz";
        let scores = [
            score("spam", &[(0, 20, "shouting"), (8, 20, "link")]),
            score("pii", &[(8, 12, "made_up")]),
        ];
        let segs = segments(text, &scores);
        let texts: Vec<&str> = segs.iter().map(|s| s.text).collect();
        assert_eq!(texts, ["BUY NOW ", "http", "://x.biz"]);
        assert_eq!(categories(&segs[1].covered_by), "pii spam");
        let ending: Vec<&str> = segs[2].ending.iter().map(|f| f.kind).collect();
        assert_eq!(ending, ["shouting", "link"]);
        let html = text_html(text, &scores);
        assert!(
            html.contains("data-categories=\"pii spam\" data-label=\"pii · made up\""),
            "{html}"
        );
        assert!(html.contains("data-label=\"spam · shouting; spam · link\""));
        assert!(html.contains(">://x.biz</mark>"));
    }

    #[test]
    fn spans_outside_the_text_or_empty_are_ignored_and_nothing_panics() {
        let text = "short é";
        let scores = [score(
            "pii",
            &[
                (3, 3, "empty"),
                (50, 60, "gone"),
                (6, 99, "cut"),
                (9, 2, "backwards"),
            ],
        )];
        assert_eq!(
            marked(text, &scores),
            vec![("short ".into(), false), ("é".into(), true)]
        );
        assert_eq!(count(text, &scores), 1);
        assert_eq!(marked("", &scores), vec![]);
        // Markup escapes the text.
        let html = text_html("<b>x</b>", &[score("spam", &[(0, 3, "tag")])]);
        assert!(html.starts_with("<mark class=\"span\" data-categories=\"spam\""));
        assert!(html.contains(">&lt;b&gt;</mark>x&lt;/b&gt;"), "{html}");
    }

    fn text_html(t: &str, scores: &[CategoryScore]) -> String {
        text(t, scores).into_string()
    }
}
