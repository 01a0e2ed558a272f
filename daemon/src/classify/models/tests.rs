//! Unit tests: tokenizer traps from the research note, loader robustness,
//! and the documented constant outputs. Corpus-wide parity is in
//! `daemon/tests/model_parity.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::container::Container;
use super::pytext::PyText;
use super::*;

const PROF_BYTES: &[u8] = include_bytes!("../../../models/profanity-check.bin");
const SONAR_BYTES: &[u8] = include_bytes!("../../../models/hatesonar.bin");

fn tokens(s: &str) -> Vec<String> {
    let c = Container::parse(PROF_BYTES, "profanity-check/v1").unwrap();
    let t = PyText::load(&c).unwrap();
    let mut out = Vec::new();
    t.for_each_token(s, &mut Vec::new(), &mut |b: pytext::Token<'_>| {
        out.push(String::from_utf8(b.to_vec()).unwrap())
    });
    out
}

#[test]
fn python_word_tokenizer_traps() {
    // İ lowercases to i + U+0307 (a combining mark, not \w), splitting the word.
    assert_eq!(tokens("İstanbul"), ["stanbul"]);
    assert_eq!(tokens("f\u{301}uck"), ["uck"]);
    // No digits are \w in Python but not in Rust's regex; circled letters the reverse.
    assert_eq!(tokens("x²"), ["x²"]);
    assert!(tokens("ⓕⓤⓒⓚ").is_empty());
    assert_eq!(tokens("Hello, WORLD_1 a bc"), ["hello", "world_1", "bc"]);
    assert_eq!(tokens("\u{212a}ILL"), ["kill"]);
    assert_eq!(tokens("ﬁne STRAẞE"), ["ﬁne", "straße"]);
    // U+1C89 is a letter only since Unicode 16: Python 3.11 neither lowercases
    // it nor counts it as \w (Rust's to_lowercase would map it).
    assert!(tokens("a\u{1c89}").is_empty());
    assert_eq!(tokens("ÀÁ"), ["àá"]);
}

#[test]
fn final_sigma_follows_cpython() {
    assert_eq!(tokens("ΣΑΣ"), ["σας"]);
    assert_eq!(tokens("ΟΔΥΣΣΕΥΣ."), ["οδυσσευς"]);

    assert_eq!(tokens("ΑΣ'"), ["ας"]);
    assert_eq!(tokens("Σ1"), ["σ1"]);
    assert_eq!(tokens("ΕΤΗΤΗΣ"), ["ετητης"]);
}

#[test]
fn embedded_models_load_with_versions() {
    assert_eq!(
        ProfanityModel::embedded().version(),
        ProfanityModel::VERSION
    );
    assert_eq!(
        HateSonarModel::embedded().version(),
        HateSonarModel::VERSION
    );
}

#[test]
fn empty_text_gives_documented_constants() {
    assert_eq!(ProfanityModel::embedded().predict(""), 0.036375752016469504);
    let s = HateSonarModel::embedded().predict("  ");
    assert_eq!(s.hate_speech, 0.037541698664426804_f64 as f32);
    assert_eq!(s.offensive_language, 0.2874201238155365_f64 as f32);
    assert_eq!(s.neither, 0.67503821849823_f64 as f32);
    assert_eq!(s.top_class, HateSonarClass::Neither);
}

#[test]
fn hatesonar_maps_dotted_i_and_kelvin_to_ascii() {
    let m = HateSonarModel::embedded();
    assert_eq!(
        m.predict("\u{130}DIOT \u{212a}ill BITCH"),
        m.predict("idiot kill bitch")
    );
    assert_eq!(
        m.predict("bitch").top_class,
        HateSonarClass::OffensiveLanguage
    );
}

#[test]
fn bad_files_are_errors_not_panics() {
    assert!(matches!(
        ProfanityModel::from_bytes(b""),
        Err(ModelError::BadMagic)
    ));
    assert!(matches!(
        ProfanityModel::from_bytes(SONAR_BYTES),
        Err(ModelError::WrongFormat { .. })
    ));
    assert!(matches!(
        HateSonarModel::from_bytes(PROF_BYTES),
        Err(ModelError::WrongFormat { .. })
    ));
    // A spread of truncation points and single-byte corruptions (sampled:
    // a full sweep takes minutes in a debug build).
    for len in (0..SONAR_BYTES.len())
        .step_by(7919)
        .chain([SONAR_BYTES.len() - 1])
    {
        assert!(
            HateSonarModel::from_bytes(&SONAR_BYTES[..len]).is_err(),
            "len {len}"
        );
    }
    for len in (0..PROF_BYTES.len()).step_by(49_999) {
        assert!(
            ProfanityModel::from_bytes(&PROF_BYTES[..len]).is_err(),
            "len {len}"
        );
    }
    for pos in (8..SONAR_BYTES.len()).step_by(4093) {
        let mut b = SONAR_BYTES.to_vec();
        b[pos] ^= 0xff;
        let _ = HateSonarModel::from_bytes(&b);
    }
    let missing = std::path::Path::new("/nonexistent/model.bin");
    assert!(matches!(
        ProfanityModel::from_path(missing),
        Err(ModelError::Io { .. })
    ));
}

#[test]
fn from_path_matches_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.bin");
    std::fs::write(&p, PROF_BYTES).unwrap();
    let m = ProfanityModel::from_path(&p).unwrap();
    let text = "what a stupid f*cking idea";
    assert_eq!(m.predict(text), ProfanityModel::embedded().predict(text));
    assert!(m.predict("fuck you") > 0.5);
    assert!(m.heap_bytes() > 600_000);
}

#[test]
fn vocab_finds_every_term_and_nothing_else() {
    let mut terms: Vec<Box<str>> = (0..5000).map(|i| format!("t{i}").into()).collect();
    terms.push("a_term_of_exactly_23_by".into());
    terms.push("a term longer than twenty-three bytes".into());
    terms.push("\u{0}".into());
    let v = Vocab::build("T", terms.clone()).unwrap();
    for (i, t) in terms.iter().enumerate() {
        assert_eq!(v.get(t.as_bytes()), Some(i as u32), "{t:?}");
    }
    for miss in [
        "",
        "t5000",
        "t-1",
        "\u{0}\u{0}",
        "a_term_of_exactly_23_byX",
        "a term",
    ] {
        assert_eq!(v.get(miss.as_bytes()), None, "{miss:?}");
    }
    let dup = vec!["x".into(), "y".into(), "x".into()];
    assert!(Vocab::build("T", dup).is_err());
}

/// The SWAR scan of ASCII words: every ASCII byte next to a word, words of
/// every length around the 8-byte steps and the 23-byte key limit, and a key
/// built while scanning equal to the one `InlineKey::new` builds.
#[test]
fn ascii_word_scan_matches_bytewise_rules() {
    let c = Container::parse(PROF_BYTES, "profanity-check/v1").unwrap();
    let t = PyText::load(&c).unwrap();
    let toks = |s: &str| {
        let mut out = Vec::new();
        t.for_each_token(s, &mut Vec::new(), &mut |tok: pytext::Token<'_>| {
            if let pytext::Token::Key(k) = &tok {
                assert!(*k == InlineKey::new(&tok.to_vec()).unwrap(), "{s:?}");
            }
            out.push(String::from_utf8(tok.to_vec()).unwrap());
        });
        out
    };
    for b in 0u8..0x80 {
        let s = format!("aB{}Cd", char::from(b));
        let want: Vec<String> = if b.is_ascii_alphanumeric() || b == b'_' {
            vec![s.to_ascii_lowercase()]
        } else if b.is_ascii_whitespace() || b.is_ascii_punctuation() || b.is_ascii_control() {
            vec!["ab".into(), "cd".into()]
        } else {
            unreachable!()
        };
        assert_eq!(toks(&s), want, "byte {b:#x}");
    }
    for n in 1..=40 {
        let w: String = "QwErTy_9".chars().cycle().take(n).collect();
        let want = if n >= 2 {
            vec![w.to_ascii_lowercase()]
        } else {
            vec![]
        };
        assert_eq!(toks(&w), want, "len {n}");
        assert_eq!(toks(&format!(" {w}.")), want, "len {n}");
        // A non-ASCII word char continues the word: the byte-wise path.
        assert_eq!(
            toks(&format!("{w}É")),
            [format!("{}é", w.to_ascii_lowercase())]
        );
        assert_eq!(
            toks(&format!("é{w}")),
            [format!("é{}", w.to_ascii_lowercase())]
        );
    }
}
