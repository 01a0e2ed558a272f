//! Splits a comment into sentences for Perspective's span annotations:
//! after `.`, `!`, `?` (and runs of them) followed by whitespace, and at
//! line breaks. Offsets are Unicode code points, `end` exclusive, with the
//! surrounding whitespace left out.

/// `(begin, end, sentence)` for every non-blank sentence.
pub fn sentences(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_char = 0;
    let mut chars = text.char_indices().enumerate().peekable();
    while let Some((ci, (bi, ch))) = chars.next() {
        let next = chars.peek().map(|(_, (_, c))| *c);
        let terminal = matches!(ch, '.' | '!' | '?') && next.is_none_or(char::is_whitespace);
        if ch == '\n' || terminal {
            let end_byte = bi + ch.len_utf8();
            push(&mut out, text, (start_byte, start_char), (end_byte, ci + 1));
            start_byte = end_byte;
            start_char = ci + 1;
        }
    }
    let total = text.chars().count();
    push(
        &mut out,
        text,
        (start_byte, start_char),
        (text.len(), total),
    );
    out
}

fn push<'a>(
    out: &mut Vec<(usize, usize, &'a str)>,
    text: &'a str,
    (b0, c0): (usize, usize),
    (b1, c1): (usize, usize),
) {
    let piece = &text[b0..b1];
    let trimmed_start = piece.trim_start();
    let lead = piece[..piece.len() - trimmed_start.len()].chars().count();
    let sentence = trimmed_start.trim_end();
    if sentence.is_empty() {
        return;
    }
    let begin = c0 + lead;
    let end = begin + sentence.chars().count();
    debug_assert!(end <= c1);
    out.push((begin, end, sentence));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_terminators_and_newlines_with_char_offsets() {
        let t = "Héllo there! You idiot...  Bye\nnext line";
        let s = sentences(t);
        let texts: Vec<&str> = s.iter().map(|x| x.2).collect();
        assert_eq!(texts, ["Héllo there!", "You idiot...", "Bye", "next line"]);
        for (b, e, sentence) in &s {
            let by_chars: String = t.chars().skip(*b).take(e - b).collect();
            assert_eq!(&by_chars, sentence);
        }
    }

    #[test]
    fn no_terminator_is_one_sentence_and_blank_is_none() {
        assert_eq!(sentences("v1.2 is out"), vec![(0, 11, "v1.2 is out")]);
        assert!(sentences("  \n ").is_empty());
        assert_eq!(sentences("😀 ok."), vec![(0, 5, "😀 ok.")]);
    }
}
