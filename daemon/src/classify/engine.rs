//! The engine: detects the language, runs every local classifier (skipping
//! language-bound models on text they do not cover, unless the policy asks
//! otherwise), the sentence encoder's heads (on their own lane, unless the
//! policy turns them off), then hands the result to an optional
//! [`RemoteStage`] (the cascade to remote providers). Failures become [`Gap`]s for the policy;
//! they never make the engine fail.

use async_trait::async_trait;
use modd_common::{
    CategoryScore, ClassifierRunView, Gap, LanguageAction, LanguageInfo, PolicyDocument,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::coverage::{self, CategorySet};
use super::encoder::{self, TextEncoder};
use super::language::LanguageDetector;
use super::normalize::{Normalized, normalize};
use super::{Category, Classifier, ClassifierOutput, Content, Scored};
use crate::images::ImageClassifier;
use crate::images::model::{self as image_model, Prediction};

/// Texts longer than this (bytes) are classified on the blocking pool:
/// ~4 KiB costs ~50 µs, the most a runtime thread should go between awaits.
pub const BLOCKING_TEXT_BYTES: usize = 4096;

/// Most characters of a failure's message kept in its gap (stored with the
/// decision; the full message is in the classify response).
const GAP_ERROR_MAX_CHARS: usize = 300;

/// Per-call choices that come from the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassifyOptions {
    /// Run language-bound models on text in a language no model covers
    /// (the policy's `score_anyway`).
    pub score_uncovered_languages: bool,
    /// Run every language-bound model whatever the text's language: the
    /// caller picks which scores count (Perspective's `languages`, which
    /// replace detection).
    pub every_language: bool,
    /// Leave out the encoder stage (the policy's `encoder = false`).
    pub skip_encoder: bool,
    /// Categories that get a [`Gap::CategoryUncovered`] when nothing
    /// scored them: those the policy has a threshold for.
    pub gap_categories: CategorySet,
}

impl ClassifyOptions {
    pub fn for_policy(doc: &PolicyDocument) -> Self {
        Self {
            score_uncovered_languages: doc.uncovered_language == LanguageAction::ScoreAnyway,
            every_language: false,
            skip_encoder: !doc.encoder,
            gap_categories: CategorySet::from_fn(|c| doc.cares_about(c)),
        }
    }

    /// Whether a model trained on other languages than the text's runs on
    /// it: on text no model covers when the policy scores it anyway, or
    /// always when the caller asked for every language.
    fn runs_off_language(self, text_uncovered: bool) -> bool {
        self.every_language || (text_uncovered && self.score_uncovered_languages)
    }
}

/// One classifier's part of a [`Classification`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClassifierRun {
    /// Shared with the engine, so recording a run copies no string.
    pub classifier: Arc<str>,
    pub model_version: Arc<str>,
    pub output: ClassifierOutput,
    /// Why it did not run (e.g. `language not covered`).
    pub skipped: Option<&'static str>,
    /// Why it failed; never contains content.
    pub error: Option<String>,
}

impl ClassifierRun {
    pub fn view(&self) -> ClassifierRunView {
        ClassifierRunView {
            classifier: self.classifier.to_string(),
            model_version: self.model_version.to_string(),
            raw: self
                .output
                .raw
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            skipped: self.skipped.map(str::to_owned),
            error: self.error.clone(),
        }
    }
}

/// Everything the engine found out about one content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Classification {
    /// `None` without text.
    pub language: Option<LanguageInfo>,
    pub runs: Vec<ClassifierRun>,
    pub gaps: Vec<Gap>,
}

impl Classification {
    /// Every mapped score with its classifier and model version, in run order.
    pub fn scores(&self) -> Vec<CategoryScore> {
        self.runs
            .iter()
            .flat_map(|r| {
                r.output.scores.iter().map(|s| CategoryScore {
                    category: s.category.as_str().to_owned(),
                    score: s.score,
                    classifier: r.classifier.to_string(),
                    model_version: r.model_version.to_string(),
                    languages: coverage::languages_of(&r.classifier).codes(),
                    spans: s.spans.clone(),
                })
            })
            .collect()
    }

    /// Iterates `(category, score)` without allocating.
    pub fn scored(&self) -> impl Iterator<Item = &Scored> {
        self.runs.iter().flat_map(|r| r.output.scores.iter())
    }

    /// The highest score any classifier gave `category`.
    pub fn score_of(&self, category: Category) -> Option<f64> {
        self.scored()
            .filter(|s| s.category == category)
            .map(|s| s.score)
            .reduce(f64::max)
    }

    /// Categories some classifier scored.
    pub fn covered(&self) -> BTreeSet<Category> {
        self.scored().map(|s| s.category).collect()
    }

    /// Classifier → model version, for every classifier that ran.
    pub fn model_versions(&self) -> BTreeMap<String, String> {
        self.runs
            .iter()
            .filter(|r| r.skipped.is_none() && r.error.is_none())
            .map(|r| (r.classifier.to_string(), r.model_version.to_string()))
            .collect()
    }

    /// Records a successful run (a remote provider's, for instance).
    pub fn push(&mut self, classifier: &str, version: &str, output: ClassifierOutput) {
        self.push_run(classifier.into(), version.into(), output);
    }

    fn push_run(
        &mut self,
        classifier: Arc<str>,
        model_version: Arc<str>,
        output: ClassifierOutput,
    ) {
        self.runs.push(ClassifierRun {
            classifier,
            model_version,
            output,
            skipped: None,
            error: None,
        });
    }

    /// A [`Gap::CategoryUncovered`] for each category of `wanted` that no
    /// classifier scored: reported as such, never as a 0 score.
    pub fn add_category_gaps(&mut self, wanted: CategorySet) {
        let scored = self.covered();
        let language = self.language.as_ref().and_then(|l| l.code.clone());
        for category in wanted.iter().filter(|c| !scored.contains(c)) {
            self.gaps.push(Gap::CategoryUncovered {
                category,
                language: language.clone(),
            });
        }
    }

    /// Records a failed classifier: a run with the error and a gap the
    /// policy turns into review (or block), never into approve.
    pub fn fail(&mut self, classifier: &str, version: &str, message: impl Into<String>) {
        let message = message.into();
        // The gap is stored with the decision: bounded, and without NUL
        // (PostgreSQL refuses \u0000 in JSONB).
        let stored: String = message
            .chars()
            .filter(|&c| c != '\0')
            .take(GAP_ERROR_MAX_CHARS)
            .collect();
        self.runs.push(ClassifierRun {
            classifier: classifier.into(),
            model_version: version.into(),
            output: ClassifierOutput::default(),
            skipped: None,
            error: Some(message),
        });
        self.gaps.push(Gap::ClassifierFailed {
            classifier: classifier.to_owned(),
            error: Some(stored),
        });
    }
}

/// The image model's output: both probabilities raw, NSFW as `sexual`.
pub fn image_output(p: Prediction) -> ClassifierOutput {
    let (sfw, nsfw) = (f64::from(p.sfw), f64::from(p.nsfw));
    ClassifierOutput {
        raw: vec![
            (std::borrow::Cow::Borrowed("sfw"), sfw),
            (std::borrow::Cow::Borrowed("nsfw"), nsfw),
        ],
        scores: vec![Scored::new(Category::Sexual, nsfw.clamp(0.0, 1.0))],
        image_scored: true,
    }
}

/// The cascade's hook: runs after the local classifiers and may add runs
/// (remote providers for categories the local ones do not cover, or for
/// scores in an uncertain band) or failures, with [`Classification::push`]
/// and [`Classification::fail`].
#[async_trait]
pub trait RemoteStage: Send + Sync + 'static {
    async fn refine(&self, content: &Content<'_>, result: &mut Classification);

    /// Each provider's breaker and calls, for the dashboard.
    fn provider_stats(&self) -> Vec<modd_common::ProviderStats> {
        Vec::new()
    }
}

/// A local classifier beside its coverage row's languages and its name and
/// version as shared strings, resolved once when the engine is built:
/// classifying a text looks nothing up and copies no string.
struct Local {
    classifier: Box<dyn Classifier>,
    languages: coverage::Languages,
    name: Arc<str>,
    version: Arc<str>,
}

/// Runs language detection and every classifier over an item.
pub struct Engine {
    classifiers: Vec<Local>,
    language: LanguageDetector,
    remote: Option<Arc<dyn RemoteStage>>,
    images: Option<Arc<ImageClassifier>>,
    encoder: Option<Arc<TextEncoder>>,
    /// The encoder's coverage row, resolved once like the classifiers'.
    encoder_languages: coverage::Languages,
}

impl Engine {
    pub fn new(classifiers: Vec<Box<dyn Classifier>>) -> Self {
        let classifiers = classifiers
            .into_iter()
            .map(|classifier| Local {
                languages: coverage::languages_of(classifier.name()),
                name: classifier.name().into(),
                version: classifier.version().into(),
                classifier,
            })
            .collect();
        Self {
            classifiers,
            language: LanguageDetector::default(),
            remote: None,
            images: None,
            encoder: None,
            encoder_languages: coverage::languages_of(encoder::CLASSIFIER),
        }
    }

    /// The embedded default: the ported models (two English, one Russian),
    /// the PII and spam detectors, the profanity lexicons and the n-gram
    /// heads.
    pub fn builtin() -> Self {
        Self::new(Self::with_other_languages(vec![
            Box::new(super::local::ProfanityClassifier::embedded()),
            Box::new(super::local::HateSonarClassifier::embedded()),
            Box::new(super::local::RuToxicityClassifier::embedded()),
            Box::new(super::detect::PiiDetector),
            Box::new(super::detect::SpamDetector),
        ]))
    }

    /// `models`, then what the other languages have: the profanity
    /// lexicons and the n-gram heads.
    fn with_other_languages(mut models: Vec<Box<dyn Classifier>>) -> Vec<Box<dyn Classifier>> {
        for lexicon in super::profanity_lexicon::LexiconClassifier::embedded() {
            models.push(Box::new(lexicon));
        }
        for heads in super::ngram_heads::NgramHeadsClassifier::embedded() {
            models.push(Box::new(heads));
        }
        models
    }

    /// The builtin set, with model files from the settings where given
    /// (loaded once; they live as long as the process).
    pub fn from_settings(
        settings: &crate::settings::Settings,
    ) -> Result<Self, super::models::ModelError> {
        use super::local::{HateSonarClassifier, ProfanityClassifier};
        use super::models::{HateSonarModel, ProfanityModel};
        let profanity = match &settings.profanity_model {
            Some(p) => ProfanityClassifier::new(Box::leak(Box::new(ProfanityModel::from_path(p)?))),
            None => ProfanityClassifier::embedded(),
        };
        let hatesonar = match &settings.hatesonar_model {
            Some(p) => HateSonarClassifier::new(Box::leak(Box::new(HateSonarModel::from_path(p)?))),
            None => HateSonarClassifier::embedded(),
        };
        Ok(Self::new(Self::with_other_languages(vec![
            Box::new(profanity),
            Box::new(hatesonar),
            Box::new(super::local::RuToxicityClassifier::embedded()),
            Box::new(super::detect::PiiDetector),
            Box::new(super::detect::SpamDetector),
        ])))
    }

    /// Adds the remote stage (the cascade).
    pub fn with_remote(mut self, stage: Arc<dyn RemoteStage>) -> Self {
        self.remote = Some(stage);
        self
    }

    /// Adds the local image model (and its pool). Without it, or while its
    /// model file is missing, images go to the remote stage or to review.
    pub fn with_images(mut self, images: Arc<ImageClassifier>) -> Self {
        self.images = Some(images);
        self
    }

    /// Adds the sentence-encoder stage. Without it, or while its model
    /// files are missing, its categories are left to the other classifiers
    /// and the remote stage.
    pub fn with_encoder(mut self, encoder: Arc<TextEncoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    /// The encoder stage, loaded or not.
    pub fn encoder(&self) -> Option<&Arc<TextEncoder>> {
        self.encoder.as_ref()
    }

    /// Runs the encoder stage on `text` into `result`: a run with every
    /// head's score, a skipped run (turned off by the policy, or a language
    /// the model does not cover: the gap is already there), or a failed
    /// run (a gap the policy sends to review). Nothing without the model.
    pub async fn encode_text(
        &self,
        text: &str,
        opts: ClassifyOptions,
        result: &mut Classification,
    ) {
        let Some(enc) = self.encoder.as_ref().filter(|e| e.loaded()) else {
            return;
        };
        let off_language = !self.encoder_languages.covers(result.language.as_ref());
        let text_uncovered = result.language.as_ref().is_some_and(|l| !l.covered);
        let skipped = if opts.skip_encoder {
            Some("turned off by the policy")
        } else if off_language && !opts.runs_off_language(text_uncovered) {
            Some("language not covered")
        } else {
            None
        };
        if let Some(why) = skipped {
            result.runs.push(ClassifierRun {
                classifier: encoder::CLASSIFIER.into(),
                model_version: encoder::MODEL_VERSION.into(),
                output: ClassifierOutput::default(),
                skipped: Some(why),
                error: None,
            });
            return;
        }
        match enc.score(text).await {
            Ok(output) => result.push(encoder::CLASSIFIER, encoder::MODEL_VERSION, output),
            Err(e) => result.fail(encoder::CLASSIFIER, encoder::MODEL_VERSION, e),
        }
    }

    /// The image classifier, loaded or not.
    pub fn images(&self) -> Option<&Arc<ImageClassifier>> {
        self.images.as_ref()
    }

    /// The remote providers' breakers and calls (empty without any).
    pub fn provider_stats(&self) -> Vec<modd_common::ProviderStats> {
        self.remote
            .as_ref()
            .map_or_else(Vec::new, |r| r.provider_stats())
    }

    /// The image classifier when its model is loaded.
    fn local_images(&self) -> Option<&Arc<ImageClassifier>> {
        self.images.as_ref().filter(|i| i.loaded())
    }

    /// Scores one image with the local model into `result`: a run with the
    /// `sexual` score, or a failed run (a gap the policy sends to review)
    /// whose error says what was wrong with the image.
    pub async fn classify_image(images: &ImageClassifier, url: &str, result: &mut Classification) {
        match images.score_url(url).await {
            Ok(p) => result.push(
                image_model::CLASSIFIER,
                image_model::MODEL_VERSION,
                image_output(p),
            ),
            Err(e) => result.fail(
                image_model::CLASSIFIER,
                image_model::MODEL_VERSION,
                e.to_string(),
            ),
        }
    }

    /// The local classifiers, e.g. to list what the engine can score.
    pub fn classifiers(&self) -> impl Iterator<Item = &dyn Classifier> {
        self.classifiers.iter().map(|l| l.classifier.as_ref())
    }

    /// Categories the local classifiers can score.
    pub fn local_categories(&self) -> BTreeSet<Category> {
        self.classifiers()
            .flat_map(|c| c.categories().iter().copied())
            .collect()
    }

    /// Normalisation, language detection and the local classifiers, on
    /// this thread. Microseconds for a comment, ~1 ms for 64 KiB: see
    /// [`Engine::classify`].
    pub fn classify_local(&self, content: &Content<'_>, opts: ClassifyOptions) -> Classification {
        let normalized = content.text.map(normalize);
        let language = normalized.as_ref().map(|n| self.detect_language(n));
        self.fast_stage(content, normalized.as_ref(), language, opts)
    }

    /// The language of a normalised text, read from its folded form: a
    /// disguised English insult is still English.
    pub fn detect_language(&self, normalized: &Normalized<'_>) -> LanguageInfo {
        self.language.detect(normalized.folded.text())
    }

    /// The fast stage: every local classifier (lexicons, the ported
    /// models, the n-gram heads, PII, spam) on a text already normalised
    /// and its language detected, each reading the form it asks for.
    pub fn fast_stage(
        &self,
        content: &Content<'_>,
        normalized: Option<&Normalized<'_>>,
        language: Option<LanguageInfo>,
        opts: ClassifyOptions,
    ) -> Classification {
        let uncovered = language.as_ref().is_some_and(|l| !l.covered);
        let mut result = Classification {
            language,
            runs: Vec::with_capacity(self.classifiers.len()),
            gaps: Vec::new(),
        };
        if uncovered {
            let language = result.language.as_ref().and_then(|l| l.code.clone());
            result.gaps.push(Gap::LanguageUncovered { language });
        }
        for Local {
            classifier: c,
            languages,
            name,
            version,
        } in &self.classifiers
        {
            // A model runs on text in its own languages; on another language
            // only when no model covers the text and the policy scores it
            // anyway, or when the caller asked for every language.
            let covers = languages.covers(result.language.as_ref());
            if !(covers || opts.runs_off_language(uncovered)) {
                result.runs.push(ClassifierRun {
                    classifier: name.clone(),
                    model_version: version.clone(),
                    output: ClassifierOutput::default(),
                    skipped: Some("language not covered"),
                    error: None,
                });
                continue;
            }
            let form = normalized.and_then(|n| n.form(c.reads()));
            let input = Content {
                text: form.map_or(content.text, |f| Some(f.text())),
                image_url: content.image_url,
            };
            match c.classify(&input) {
                Ok(mut output) => {
                    if let Some(form) = form {
                        for s in &mut output.scores {
                            form.map_spans(&mut s.spans);
                        }
                    }
                    result.push_run(name.clone(), version.clone(), output)
                }
                Err(e) => result.fail(c.name(), c.version(), e.message),
            }
        }
        result
    }

    /// The whole engine. Large texts are classified on the blocking pool so
    /// the async runtime never stalls; then the remote stage, if any.
    pub async fn classify(
        self: &Arc<Self>,
        text: Option<&str>,
        image_url: Option<&str>,
        opts: ClassifyOptions,
    ) -> Classification {
        let content = Content { text, image_url };
        let mut result = match text {
            Some(t) if t.len() > BLOCKING_TEXT_BYTES => {
                let (engine, t) = (self.clone(), t.to_owned());
                let image = image_url.map(str::to_owned);
                tokio::task::spawn_blocking(move || {
                    let content = Content {
                        text: Some(&t),
                        image_url: image.as_deref(),
                    };
                    engine.classify_local(&content, opts)
                })
                .await
                .unwrap_or_else(|e| {
                    let mut c = Classification::default();
                    c.fail(
                        "engine",
                        env!("CARGO_PKG_VERSION"),
                        format!("task failed: {e}"),
                    );
                    c
                })
            }
            _ => self.classify_local(&content, opts),
        };
        if let Some(t) = text {
            self.encode_text(t, opts, &mut result).await;
        }
        // The local image model, when loaded, takes the image; the remote
        // stage then sees the text only.
        let mut remote_content = content;
        if let (Some(url), Some(images)) = (image_url, self.local_images()) {
            Self::classify_image(images, url, &mut result).await;
            remote_content.image_url = None;
        }
        if let Some(remote) = &self.remote {
            remote.refine(&remote_content, &mut result).await;
        }
        if image_url.is_some()
            && !result
                .runs
                .iter()
                .any(|r| r.error.is_none() && r.output.image_scored)
        {
            result.gaps.push(Gap::ImageUnscored);
        }
        if text.is_some() {
            result.add_category_gaps(opts.gap_categories);
        }
        result
    }

    /// Several texts (the synchronous endpoints): the local part runs on
    /// the blocking pool when the texts together exceed
    /// [`BLOCKING_TEXT_BYTES`], then the remote stage runs for each.
    pub async fn classify_texts(
        self: &Arc<Self>,
        texts: Arc<Vec<String>>,
        opts: ClassifyOptions,
    ) -> Vec<Classification> {
        let local = move |engine: &Engine, texts: &[String]| -> Vec<Classification> {
            texts
                .iter()
                .map(|t| {
                    let content = Content {
                        text: Some(t),
                        image_url: None,
                    };
                    engine.classify_local(&content, opts)
                })
                .collect()
        };
        let total: usize = texts.iter().map(String::len).sum();
        let mut results = if total > BLOCKING_TEXT_BYTES {
            let (engine, owned) = (self.clone(), texts.clone());
            match tokio::task::spawn_blocking(move || local(&engine, &owned)).await {
                Ok(r) => r,
                Err(e) => texts
                    .iter()
                    .map(|_| {
                        let mut c = Classification::default();
                        c.fail(
                            "engine",
                            env!("CARGO_PKG_VERSION"),
                            format!("task failed: {e}"),
                        );
                        c
                    })
                    .collect(),
            }
        } else {
            local(self, &texts)
        };
        // All texts enter the encoder lane together, so they share batches.
        futures::future::join_all(
            texts
                .iter()
                .zip(results.iter_mut())
                .map(|(text, result)| self.encode_text(text, opts, result)),
        )
        .await;
        if let Some(remote) = &self.remote {
            for (text, result) in texts.iter().zip(results.iter_mut()) {
                let content = Content {
                    text: Some(text),
                    image_url: None,
                };
                remote.refine(&content, result).await;
            }
        }
        for result in &mut results {
            result.add_category_gaps(opts.gap_categories);
        }
        results
    }
}
