//! `spanScores` for Perspective's span annotations: the detector's own
//! spans where the attribute's category has them (`SPAM`); for attributes
//! fed by the local models, each sentence scored on its own by the same
//! models, which is what Perspective's span annotations are. The sentences
//! are classified once per request, however many attributes ask.

use std::sync::Arc;

use super::perspective_map::{Source, summary};
use super::perspective_wire::{Score, SpanScore};
use super::sentences::sentences;
use crate::classify::engine::BLOCKING_TEXT_BYTES;
use crate::classify::{Classification, ClassifyOptions, Content, Engine};

/// Each sentence's `(begin, end, classification)`, computed on first use.
#[derive(Default)]
pub struct Spans {
    sentences: Option<Vec<(usize, usize, Classification)>>,
}

impl Spans {
    pub async fn for_attribute(
        &mut self,
        engine: &Arc<Engine>,
        c: &Classification,
        source: Source,
        text: &str,
        opts: ClassifyOptions,
    ) -> Vec<SpanScore> {
        let detector: Vec<SpanScore> = c
            .scored()
            .filter(|s| source.categories.contains(&s.category))
            .flat_map(|s| s.spans.iter())
            .map(|sp| SpanScore {
                begin: sp.begin,
                end: sp.end,
                score: Score::probability(sp.score),
            })
            .collect();
        if !detector.is_empty() {
            return detector;
        }
        let local = engine.local_categories();
        if !source.categories.iter().any(|cat| local.contains(cat)) {
            return Vec::new(); // remote-only: no per-sentence calls out
        }
        if self.sentences.is_none() {
            self.sentences = Some(classify_sentences(engine, text, opts).await);
        }
        self.sentences
            .iter()
            .flatten()
            .filter_map(|(begin, end, c)| {
                summary(c, source, &[]).map(|v| SpanScore {
                    begin: *begin,
                    end: *end,
                    score: Score::probability(v),
                })
            })
            .collect()
    }
}

async fn classify_sentences(
    engine: &Arc<Engine>,
    text: &str,
    opts: ClassifyOptions,
) -> Vec<(usize, usize, Classification)> {
    let run = move |engine: &Engine, text: &str| {
        sentences(text)
            .into_iter()
            .map(|(begin, end, sentence)| {
                let content = Content {
                    text: Some(sentence),
                    image_url: None,
                };
                (begin, end, engine.classify_local(&content, opts))
            })
            .collect()
    };
    if text.len() <= BLOCKING_TEXT_BYTES {
        return run(engine, text); // microseconds: not worth a thread hop
    }
    // A long comment means many sentences: keep them off the runtime threads.
    let (engine, text) = (engine.clone(), text.to_owned());
    tokio::task::spawn_blocking(move || run(&engine, &text))
        .await
        .unwrap_or_default()
}
