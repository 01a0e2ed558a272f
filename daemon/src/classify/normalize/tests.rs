use super::*;

fn folded(t: &str) -> String {
    normalize(t).folded.text().to_owned()
}

/// The original text of a span found on a form.
fn original_of(original: &str, form: &Form<'_>, begin: usize, end: usize) -> String {
    let (b, e) = form.original_range(begin, end);
    original.chars().skip(b).take(e - b).collect()
}

#[test]
fn plain_text_is_borrowed_unchanged() {
    for t in [
        "have a nice day",
        "Thanks! See you at 5pm on the 2nd.",
        "Привет, как дела?",
        "Bonjour à tous, très content",
        "",
    ] {
        let n = normalize(t);
        assert!(n.clean.is_identity(), "{t:?}");
        assert_eq!(n.folded.text(), t, "{t:?}");
    }
}

#[test]
fn evasion_examples_are_undone() {
    let cases = [
        ("N0b0dy l1k35 y0u", "Nobody likes you"),
        ("you are a f*ck*ng id**t", "you are a fucking idiot"),
        ("$hit, what a b!tch", "shit, what a bitch"),
        ("f\u{200b}u\u{200b}c\u{200b}k off", "fuck off"),
        ("Yоu аrе а disgrасе", "You are a disgrace"),
        ("ｆｕｃｋ ｙｏｕ", "fuck you"),
        ("𝐲𝐨𝐮 𝐢𝐝𝐢𝐨𝐭", "you idiot"),
        ("\u{202e}idiot\u{202c} you are", "idiot you are"),
        ("you are s t u p i d", "you are stupid"),
        ("y o u a r e s t u p i d", "you are stupid"),
    ];
    for (disguised, plain) in cases {
        assert_eq!(folded(disguised), plain, "{disguised:?}");
    }
}

#[test]
fn real_cyrillic_and_numbers_are_left_alone() {
    // Russian with look-alike letters stays Russian.
    assert_eq!(folded("Это очень хорошо"), "Это очень хорошо");
    // Digits without letters, ordinals, units and prices are not leet.
    assert_eq!(
        folded("call 555 1234 at 10am, 2nd floor"),
        "call 555 1234 at 10am, 2nd floor"
    );
    assert_eq!(folded("wow!! 100% $20"), "wow!! 100% $20");
    // The clean form keeps what detectors need.
    let n = normalize("mail j0e@example.com");
    assert_eq!(n.clean.text(), "mail j0e@example.com");
}

#[test]
fn spans_on_a_form_map_to_the_original_text() {
    let original = "hi f\u{200b}u\u{200b}c\u{200b}k y0u";
    let n = normalize(original);
    assert_eq!(n.folded.text(), "hi fuck you");
    // "fuck" is chars 3..7 of the folded form.
    assert_eq!(
        original_of(original, &n.folded, 3, 7),
        "f\u{200b}u\u{200b}c\u{200b}k"
    );
    assert_eq!(original_of(original, &n.folded, 8, 11), "y0u");
    // Expansion (NFKC "ﬁ" → "fi") maps both chars to the one original.
    let lig = "ﬁne";
    let n = normalize(lig);
    assert_eq!(n.clean.text(), "fine");
    assert_eq!(original_of(lig, &n.clean, 0, 1), "ﬁ");
    assert_eq!(original_of(lig, &n.clean, 0, 4), "ﬁne");
    // Inserted spaces map to an empty range between letters.
    let spread = "k i l l e r s t u p i d";
    let n = normalize(spread);
    assert!(n.folded.text().contains("stupid"), "{}", n.folded.text());
    let at = n.folded.text().find("stupid").unwrap_or(0);
    let begin = n.folded.text()[..at].chars().count();
    assert_eq!(
        original_of(spread, &n.folded, begin, begin + 6),
        "s t u p i d"
    );
}

#[test]
fn map_spans_moves_detector_spans() {
    let original = "write to а\u{200b}b@example.com";
    let n = normalize(original);
    let mut spans = vec![Span {
        begin: 9,
        end: 23,
        score: 0.9,
        kind: "email".into(),
    }];
    assert_eq!(n.clean.text(), "write to ab@example.com");
    n.clean.map_spans(&mut spans);
    let found: String = original
        .chars()
        .skip(spans[0].begin)
        .take(spans[0].end - spans[0].begin)
        .collect();
    assert_eq!(found, "а\u{200b}b@example.com");
}

#[test]
fn arbitrary_input_never_panics_and_maps_in_bounds() {
    let samples = [
        "\u{0301}\u{0301}a",
        "e\u{0301}\u{200b}",
        "\u{1100}\u{1161}\u{11a8} 각",
        "a * b * c",
        "* * *",
        "1 2 3 4",
        "a1 b2 c3",
        "!!! ||| $$$ @@@",
        "x\u{FE0F}y",
        "ǅ ﷺ ㍿",
    ];
    for t in samples {
        let n = normalize(t);
        let len = t.chars().count();
        for form in [&n.clean, &n.folded] {
            let chars = form.text().chars().count();
            for b in 0..=chars {
                let (ob, oe) = form.original_range(b, chars);
                assert!(ob <= oe && oe <= len, "{t:?} {b}");
            }
        }
    }
}
