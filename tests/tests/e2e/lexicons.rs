//! Profanity in French, Spanish, German, Portuguese and Russian end to end:
//! the lexicon of the text's language scores it (valid for that language
//! only), through analyse → decision → webhook, `classify` (the run, its
//! raw count and a span on each swear word of the text as sent) and
//! Perspective's PROFANITY; clean text in those languages is not blocked
//! and English text never runs a lexicon. Short swearing with no function
//! word ("Joder, qué puto desastre.") is named by the lexicon that matches
//! it when whatlang guesses the same language.

use modd_common::compat::perspective::AnalyzeRequest;
use modd_common::{ClassifyRequest, Verdict};
use modd_testkit::{Db, TestDb};

use crate::hooks::{Forum, delivery_for, forum_with_webhook};
use crate::items::{decided, score_from};

modd_testkit::on_both_backends!(swearing_in_five_languages_flows_to_the_webhook);

const FRENCH: &str = "Ferme ta gueule, espèce de connard.";
const GERMAN_CLEAN: &str = "Das Treffen ist auf Donnerstag verschoben, danke für die Geduld.";

async fn swearing_in_five_languages_flows_to_the_webhook(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Forum { d, hook, client } = forum_with_webhook(&db).await;

    // analyse → decision: blocked for profanity by the French lexicon.
    let fr = decided(&client, "forum", "fr-1", FRENCH).await;
    let decision = fr.decision.clone().unwrap();
    assert_eq!(
        (decision.verdict, decision.reason.as_deref()),
        (Verdict::Blocked, Some("profanity")),
        "{fr:?}"
    );
    let score = fr
        .scores
        .iter()
        .find(|s| s.category == "profanity")
        .unwrap();
    assert_eq!(score.classifier, "profanity-lexicon-fra");
    assert_eq!(score.languages, ["fra"]);
    assert!(score.score > 0.85, "{score:?}");
    assert!(
        fr.model_versions["profanity-lexicon-fra"].starts_with("naughty-words-1.2.0+edits."),
        "{:?}",
        fr.model_versions
    );
    // Clean German: a low profanity score; not blocked.
    let de = decided(&client, "forum", "de-1", GERMAN_CLEAN).await;
    let de_score = de
        .scores
        .iter()
        .find(|s| s.category == "profanity")
        .unwrap();
    assert_eq!(de_score.classifier, "profanity-lexicon-deu");
    assert!(de_score.score < 0.1, "{de_score:?}");
    assert_ne!(de.decision.unwrap().verdict, Verdict::Blocked);

    // The webhook carries the decision and where its profanity score came from.
    let body = delivery_for(&hook, fr.id, "the French item").await;
    assert_eq!(body["data"]["status"], "blocked", "{body}");
    assert_eq!(
        body["data"]["score_sources"]["profanity"]["classifier"], "profanity-lexicon-fra",
        "{body}"
    );

    // classify: each language's lexicon, its count, spans on the words sent.
    let texts = [
        (
            "Joder, qué puto desastre.",
            "profanity-lexicon-spa",
            "spa",
            vec!["Joder", "puto"],
        ),
        (
            "So eine verdammte Scheiße!",
            "profanity-lexicon-deu",
            "deu",
            vec!["verdammte", "Scheiße"],
        ),
        (
            "Caralho, que merda foi essa?",
            "profanity-lexicon-por",
            "por",
            vec!["Caralho", "merda"],
        ),
        (
            "Бля, какой пиздец сегодня.",
            "profanity-lexicon-rus",
            "rus",
            vec!["Бля", "пиздец"],
        ),
        (
            "Thanks, that fixed it.",
            "alt-profanity-check",
            "eng",
            vec![],
        ),
    ];
    let c = client
        .classify(&ClassifyRequest {
            texts: Some(texts.iter().map(|t| t.0.to_owned()).collect()),
            source_app: Some("forum".into()),
            ..ClassifyRequest::default()
        })
        .await
        .unwrap();
    for (r, (text, classifier, language, words)) in c.results.iter().zip(&texts) {
        let (by, score, languages) =
            score_from(r, "profanity").unwrap_or_else(|| panic!("{text}: {r:?}"));
        assert_eq!(
            (by.as_str(), languages),
            (*classifier, vec![(*language).to_owned()]),
            "{text}"
        );
        let lexicons_ran: Vec<&str> = r
            .classifiers
            .iter()
            .filter(|c| c.classifier.starts_with("profanity-lexicon-") && c.skipped.is_none())
            .map(|c| c.classifier.as_str())
            .collect();
        if words.is_empty() {
            assert!(lexicons_ran.is_empty(), "English ran {lexicons_ran:?}");
            continue;
        }
        assert_eq!(lexicons_ran, [*classifier], "{text}");
        // Above the built-in review_at (0.7): reviewed or blocked.
        assert!(score > 0.7, "{text}: {score}");
        let run = r
            .classifiers
            .iter()
            .find(|c| c.classifier == *classifier)
            .unwrap();
        assert_eq!(run.raw["matches"], words.len() as f64, "{text}: {run:?}");
        let spans = &r
            .scores
            .iter()
            .find(|s| s.category == "profanity")
            .unwrap()
            .spans;
        let found: Vec<String> = spans
            .iter()
            .map(|s| text.chars().skip(s.begin).take(s.end - s.begin).collect())
            .collect();
        assert_eq!(found, *words, "{text}");
        assert_ne!(r.decision.verdict, Verdict::Approved, "{text}");
    }

    // Perspective's PROFANITY for Russian swearing and for clean German.
    for (text, high) in [("Бля, какой пиздец сегодня.", true), (GERMAN_CLEAN, false)]
    {
        let p = client
            .perspective_analyze(&AnalyzeRequest::new(text, &["PROFANITY"]))
            .await
            .unwrap();
        let v = p.attribute_scores["PROFANITY"].summary_score.value;
        assert_eq!(v > 0.85, high, "{text}: {p:?}");
    }
    d.shutdown().await;
}
