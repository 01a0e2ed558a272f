//! The coverage table (which classifier covers which category in which
//! languages) lives in `modd_common::coverage`, so the store (webhook
//! events) and `modctl` read the same rows; this module re-exports it and
//! checks the rows against the classifiers the engine really has.

pub use modd_common::coverage::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::encoder::{self, heads::Heads};
    use crate::classify::{Category, ClassifyOptions, Engine, Gap};
    use std::collections::BTreeSet;
    use std::sync::Arc;

    fn row(classifier: &str) -> &'static Coverage {
        TABLE
            .iter()
            .find(|r| r.classifier == classifier)
            .unwrap_or_else(|| panic!("{classifier} has no coverage row"))
    }

    #[test]
    fn the_table_matches_the_classifiers() {
        for c in Engine::builtin().classifiers() {
            let want: BTreeSet<&Category> = c.categories().iter().collect();
            assert_eq!(
                row(c.name()).categories.iter().collect::<BTreeSet<_>>(),
                want
            );
            assert_eq!(
                c.language_bound(),
                row(c.name()).languages != Languages::Any
            );
        }
        let heads: BTreeSet<Category> = Heads::embedded().categories().into_iter().collect();
        let encoder_row = row(encoder::CLASSIFIER);
        assert_eq!(
            encoder_row
                .categories
                .iter()
                .copied()
                .collect::<BTreeSet<_>>(),
            heads
        );
        assert_eq!(encoder_row.languages, Languages::Only(encoder::LANGUAGES));
        assert_eq!(
            row(crate::images::model::CLASSIFIER).categories,
            [Category::Sexual]
        );
    }

    /// Without the encoder, `violence` has no model for English or Italian, and
    /// Italian text has none for `profanity` either: both are gaps, never
    /// scores of 0; the language-independent detector still scores `pii`.
    /// French profanity is the French lexicon's and French violence the
    /// French n-gram heads', each valid for French only.
    #[tokio::test]
    async fn categories_nothing_scored_are_gaps_with_their_language() {
        use Category::{Pii, Profanity, Violence};
        let engine = Arc::new(Engine::builtin());
        let opts = ClassifyOptions {
            gap_categories: CategorySet::from_fn(|c| matches!(c, Profanity | Violence | Pii)),
            ..ClassifyOptions::default()
        };
        let gaps = |c: &crate::classify::Classification| -> Vec<(Category, Option<String>)> {
            c.gaps
                .iter()
                .filter_map(|g| match g {
                    Gap::CategoryUncovered { category, language } => {
                        Some((*category, language.clone()))
                    }
                    _ => None,
                })
                .collect()
        };
        let it = "La riunione è stata spostata a giovedì pomeriggio, grazie di avvisare.";
        let it = engine.classify(Some(it), None, opts).await;
        let ita = Some("ita".to_owned());
        assert_eq!(gaps(&it), [(Violence, ita.clone()), (Profanity, ita)]);
        assert_eq!(it.score_of(Profanity), None);
        assert!(it.score_of(Pii).is_some());

        let fr = "La réunion est déplacée à jeudi après-midi, merci de prévenir.";
        let fr = engine.classify(Some(fr), None, opts).await;
        assert_eq!(gaps(&fr), []);
        let from = |category: &str| {
            let s = fr.scores().into_iter().find(|s| s.category == category);
            s.map(|s| (s.classifier, s.languages))
        };
        let fra = vec!["fra".to_owned()];
        assert_eq!(
            from("profanity"),
            Some(("profanity-lexicon-fra".to_owned(), fra.clone()))
        );
        assert_eq!(from("violence"), Some(("ngram-heads-fra".to_owned(), fra)));

        let en = engine
            .classify(
                Some("Thanks for the quick delivery, see you soon."),
                None,
                opts,
            )
            .await;
        assert_eq!(gaps(&en), [(Violence, Some("eng".to_owned()))]);
        let scores = en.scores();
        let langs = |cat: &str| {
            scores
                .iter()
                .find(|s| s.category == cat)
                .map(|s| s.languages.clone())
        };
        assert_eq!(langs("profanity"), Some(vec!["eng".to_owned()]));
        assert_eq!(langs("pii"), Some(vec!["*".to_owned()]));

        // A policy with no thresholds for them asks for no gaps.
        let quiet = engine
            .classify(Some("Thanks!"), None, ClassifyOptions::default())
            .await;
        assert!(gaps(&quiet).is_empty(), "{:?}", quiet.gaps);
    }
}
