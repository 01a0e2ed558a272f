//! Threats and the other categories in French, Spanish, German, Portuguese
//! and Russian end to end: each language's n-gram heads score the text
//! (valid for that language only), through analyse → decision → webhook,
//! `classify`, `/v1/moderations` and Perspective's THREAT; calm text in
//! those languages is approved, and English text never runs them.

use modd_common::compat::openai::{ModerationInput, ModerationRequest};
use modd_common::compat::perspective::AnalyzeRequest;
use modd_common::{ClassifyRequest, Verdict};
use modd_testkit::{Db, TestDb};

use crate::hooks::{Forum, delivery_for, forum_with_webhook};
use crate::items::{decided, score_from};

modd_testkit::on_both_backends!(threats_in_five_languages_flow_to_the_webhook);

/// A threat and a calm line in each language, with its heads.
const LINES: [(&str, &str, &str); 5] = [
    (
        "ngram-heads-fra",
        "Je vais te retrouver et te tuer, je sais où tu habites.",
        "La réunion est déplacée à jeudi après-midi, merci de prévenir l'équipe.",
    ),
    (
        "ngram-heads-spa",
        "Voy a matarte, sé dónde vives y esta noche iré a por ti.",
        "La reunión se ha movido al jueves por la tarde, gracias por avisar al equipo.",
    ),
    (
        "ngram-heads-deu",
        "Ich werde dich finden und umbringen, ich weiß, wo du wohnst.",
        "Das Treffen ist auf Donnerstag verschoben, danke für die Geduld.",
    ),
    (
        "ngram-heads-por",
        "Vou te matar, eu sei onde você mora e hoje à noite eu vou aí.",
        "A reunião foi remarcada para quinta-feira à tarde, obrigado por avisar a equipe.",
    ),
    (
        "ngram-heads-rus",
        "Я тебя найду и убью, я знаю, где ты живёшь.",
        "Встреча перенесена на четверг, спасибо, что предупредили команду.",
    ),
];

async fn threats_in_five_languages_flow_to_the_webhook(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Forum { d, hook, client } = forum_with_webhook(&db).await;

    // analyse → decision: the German threat is blocked by the German heads
    // (the language is covered, so its scores decide, not `language:deu`).
    let (heads, threat, calm) = LINES[2];
    let item = decided(&client, "forum", "de-1", threat).await;
    let decision = item.decision.clone().unwrap();
    assert_eq!(decision.verdict, Verdict::Blocked, "{item:?}");
    let score = item
        .scores
        .iter()
        .find(|s| s.category == "harassment_threatening")
        .unwrap();
    assert_eq!(
        (score.classifier.as_str(), score.score > 0.85),
        (heads, true)
    );
    assert_eq!(score.languages, ["deu"]);
    assert_eq!(item.model_versions[heads], "ngram-heads-deu-1");
    let calm = decided(&client, "forum", "de-2", calm).await;
    assert_eq!(
        calm.decision.as_ref().unwrap().verdict,
        Verdict::Approved,
        "{calm:?}"
    );

    // The webhook carries the decision and where the score came from.
    let body = delivery_for(&hook, item.id, "the German threat").await;
    assert_eq!(body["data"]["status"], "blocked", "{body}");
    assert_eq!(
        body["data"]["score_sources"]["harassment_threatening"]["classifier"], heads,
        "{body}"
    );

    // classify: each language's heads alone, above review_at for the
    // threat, the calm line approved (three texts a request at most).
    let texts: Vec<&str> = LINES.iter().flat_map(|(_, t, c)| [*t, *c]).collect();
    let mut results = Vec::new();
    for chunk in texts.chunks(3) {
        let c = client
            .classify(&ClassifyRequest {
                texts: Some(chunk.iter().map(|t| (*t).to_owned()).collect()),
                source_app: Some("forum".into()),
                ..ClassifyRequest::default()
            })
            .await
            .unwrap();
        results.extend(c.results);
    }
    for (pair, (heads, threat, calm)) in results.chunks(2).zip(LINES) {
        let language = heads.trim_start_matches("ngram-heads-");
        let (by, score, languages) = score_from(&pair[0], "harassment_threatening")
            .unwrap_or_else(|| panic!("{threat}: {:?}", pair[0]));
        assert_eq!((by.as_str(), languages), (heads, vec![language.to_owned()]));
        assert!(score > 0.7, "{threat}: {score}");
        assert_ne!(pair[0].decision.verdict, Verdict::Approved, "{threat}");
        let ran: Vec<&str> = pair[0]
            .classifiers
            .iter()
            .filter(|c| c.classifier.starts_with("ngram-heads-") && c.skipped.is_none())
            .map(|c| c.classifier.as_str())
            .collect();
        assert_eq!(ran, [heads], "{threat}");
        assert_eq!(pair[1].decision.verdict, Verdict::Approved, "{calm}");
    }
    let english = client
        .classify(&ClassifyRequest {
            text: Some("I will find you and hurt you tonight.".into()),
            ..ClassifyRequest::default()
        })
        .await
        .unwrap();
    assert!(
        english.results[0]
            .classifiers
            .iter()
            .filter(|c| c.classifier.starts_with("ngram-heads-"))
            .all(|c| c.skipped.is_some()),
        "{english:?}"
    );

    // OpenAI-compatible and Perspective-compatible: the French threat.
    let (_, threat, _) = LINES[0];
    let v = client
        .openai_moderations(&ModerationRequest {
            input: ModerationInput::Texts(vec![threat.into()]),
            model: None,
            source_app: Some("forum".into()),
            content_type: None,
        })
        .await
        .unwrap();
    assert!(v.results[0].flagged, "{v:?}");
    assert!(v.results[0].categories["harassment/threatening"], "{v:?}");
    let p = client
        .perspective_analyze(&AnalyzeRequest::new(threat, &["THREAT"]))
        .await
        .unwrap();
    assert!(
        p.attribute_scores["THREAT"].summary_score.value > 0.7,
        "{p:?}"
    );
    assert_eq!(p.detected_languages, ["fr"]);
    d.shutdown().await;
}
