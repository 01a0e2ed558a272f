//! Language identification accuracy on `data/langid/texts.tsv` (short
//! texts of at most five words and one-sentence texts, in the 20 most
//! common languages of the web): modd's detector against the candidates
//! that were weighed for it, whatlang alone and whichlang. The test writes
//! the table BENCHMARKS.md quotes to `target/tmp/langid-accuracy.md`
//! (`cargo test -p modd --lib language_accuracy`) and fails when modd's detector falls
//! below the floors at the end.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::LanguageDetector;
use crate::classify::normalize::normalize;

const DATA: &str = include_str!("../../../../data/langid/texts.tsv");

/// (language, kind, text) of every line.
fn samples() -> Vec<(&'static str, &'static str, &'static str)> {
    DATA.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.splitn(3, '\t');
            Some((f.next()?, f.next()?, f.next()?))
        })
        .collect()
}

type Detect = Box<dyn Fn(&str) -> Option<String>>;

fn candidates() -> Vec<(&'static str, Detect)> {
    let modd = LanguageDetector::default();
    vec![
        ("modd", Box::new(move |t: &str| modd.detect(t).code)),
        (
            "whatlang",
            Box::new(|t: &str| whatlang::detect(t).map(|i| i.lang().code().to_owned())),
        ),
        (
            "whatlang, reliable only",
            Box::new(|t: &str| {
                whatlang::detect(t)
                    .filter(|i| i.is_reliable())
                    .map(|i| i.lang().code().to_owned())
            }),
        ),
        (
            "whichlang",
            Box::new(|t: &str| Some(whichlang::detect_language(t).three_letter_code().to_owned())),
        ),
    ]
}

/// Correct answers per (detector, kind), and per (detector, language) for
/// short texts.
#[derive(Default)]
struct Tally {
    by_kind: BTreeMap<(&'static str, &'static str), (usize, usize)>,
    short_by_lang: BTreeMap<(&'static str, &'static str), (usize, usize)>,
    wrong: BTreeMap<&'static str, Vec<String>>,
}

fn pct((ok, n): (usize, usize)) -> f64 {
    100.0 * ok as f64 / n.max(1) as f64
}

#[test]
fn language_accuracy_on_short_texts_and_sentences() {
    let samples = samples();
    assert_eq!(samples.len(), 320, "16 texts in each of 20 languages");
    let mut t = Tally::default();
    for (name, detect) in candidates() {
        for &(lang, kind, text) in &samples {
            let got = detect(text);
            let ok = got.as_deref() == Some(lang);
            let e = t.by_kind.entry((name, kind)).or_default();
            e.0 += usize::from(ok);
            e.1 += 1;
            if kind == "short" {
                let e = t.short_by_lang.entry((name, lang)).or_default();
                e.0 += usize::from(ok);
                e.1 += 1;
            }
            if !ok && name == "modd" {
                t.wrong
                    .entry(lang)
                    .or_default()
                    .push(format!("{text:?} → {got:?}"));
            }
        }
    }
    let names: Vec<&str> = candidates().into_iter().map(|(n, _)| n).collect();
    // The report goes to a file, not stdout: the daemon crate prints nothing.
    let mut report =
        String::from("| detector | short texts (≤ 5 words) | sentences |\n|---|---|---|\n");
    for n in &names {
        let _ = writeln!(
            report,
            "| {n} | {:.1}% | {:.1}% |",
            pct(t.by_kind[&(*n, "short")]),
            pct(t.by_kind[&(*n, "sentence")])
        );
    }
    let langs: Vec<&str> = {
        let mut l: Vec<&str> = samples.iter().map(|s| s.0).collect();
        l.dedup();
        l
    };
    let _ = writeln!(report, "\nshort texts correct, of 8, per language:\n");
    let _ = writeln!(report, "| language | {} |", names.join(" | "));
    let _ = writeln!(report, "|---|{}", "---|".repeat(names.len()));
    for l in &langs {
        let row: Vec<String> = names
            .iter()
            .map(|n| t.short_by_lang[&(*n, *l)].0.to_string())
            .collect();
        let _ = writeln!(report, "| {l} | {} |", row.join(" | "));
    }
    let _ = writeln!(report, "\nmodd's mistakes: {:#?}", t.wrong);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tmp");
    std::fs::create_dir_all(&dir).expect("target/tmp");
    std::fs::write(dir.join(REPORT), &report).expect("write the report");
    // Floors for modd's detector: a regression fails the build.
    let short = pct(t.by_kind[&("modd", "short")]);
    let sentences = pct(t.by_kind[&("modd", "sentence")]);
    assert!(short >= FLOOR_SHORT, "short texts: {short:.1}%\n{report}");
    assert!(
        sentences >= FLOOR_SENTENCES,
        "sentences: {sentences:.1}%\n{report}"
    );
    assert_eq!(
        t.short_by_lang[&("modd", "rus")].0,
        8,
        "every short Russian text is Russian: {:?}",
        t.wrong.get("rus")
    );
}

/// Where the table goes, under the workspace's `target/tmp/`.
const REPORT: &str = "langid-accuracy.md";

/// The measured figures of modd's detector, rounded down.
const FLOOR_SHORT: f64 = 80.0;
const FLOOR_SENTENCES: f64 = 93.0;

/// The labelled set's files (`data/eval/`), the language the detector
/// should name for their lines, and the share of lines it names right,
/// measured and rounded down (%). The evasion set is English.
const LABELLED: [(&str, &str, f64); 7] = [
    ("en", "eng", 99.0),
    ("fr", "fra", 99.5),
    ("es", "spa", 97.0),
    ("de", "deu", 98.5),
    ("pt", "por", 97.0),
    ("ru", "rus", 99.5),
    ("evasion", "eng", 98.5),
];

/// Every line of the labelled set is read by the models of its own
/// language only when the detector names it: a Spanish line taken for
/// Portuguese is scored by the Portuguese heads.
#[test]
fn labelled_set_lines_are_detected_as_their_language() {
    let modd = LanguageDetector::default();
    let mut report = String::new();
    let mut below = Vec::new();
    for (short, code, floor) in LABELLED {
        let path = format!("{}/../data/eval/{short}.jsonl", env!("CARGO_MANIFEST_DIR"));
        let data = std::fs::read_to_string(&path).expect("a labelled file");
        let mut got: BTreeMap<String, usize> = BTreeMap::new();
        let mut wrong = Vec::new();
        for line in data.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            let text = v["text"].as_str().expect("text");
            // As the engine does: on the folded form.
            let folded = normalize(text);
            let c = modd.detect(folded.folded.text()).code;
            let c = c.unwrap_or_else(|| "none".into());
            if c != code {
                wrong.push(format!("{c}: {text}"));
            }
            *got.entry(c).or_default() += 1;
        }
        let right = pct((got.get(code).copied().unwrap_or(0), data.lines().count()));
        let _ = writeln!(report, "{short}: {right:.1}% {got:?}");
        if right < floor {
            below.push(format!("{short}: {right:.1}% < {floor}%"));
        }
        for w in &wrong {
            let _ = writeln!(report, "    {w}");
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tmp");
    std::fs::create_dir_all(&dir).expect("target/tmp");
    std::fs::write(dir.join("langid-labelled.txt"), &report).expect("write the report");
    assert!(below.is_empty(), "{below:?}\n{report}");
}
