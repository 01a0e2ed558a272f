//! Submitting a text item and waiting for its decision, and reading a
//! classify result, as several suites do.

use modctl::client::Client;
use modd_common::{AnalyseOutcome, AnalyseRequest, ClassifyResult, ItemView};

/// Submits `text` as a comment of `app` and waits up to 60 s for the
/// decision, which must come (a debug build's encoder lane can be slow).
pub async fn decided(client: &Client, app: &str, ext: &str, text: &str) -> ItemView {
    let req = AnalyseRequest::new(app, ext, "comment").with_text(text);
    match client.analyse_wait(&req, 60).await.unwrap() {
        AnalyseOutcome::Decided(item) => *item,
        AnalyseOutcome::Pending(p) => panic!("not decided in time: {p:?}"),
    }
}

/// `category`'s score in a classify result: (classifier, score, languages).
pub fn score_from(r: &ClassifyResult, category: &str) -> Option<(String, f64, Vec<String>)> {
    r.scores
        .iter()
        .find(|s| s.category == category)
        .map(|s| (s.classifier.clone(), s.score, s.languages.clone()))
}
