//! `GET /console`: the queue page, filtered by the query string. The page's
//! script reloads the list when the decision feed says something changed.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, Utc};
use std::collections::HashMap;
use std::str::FromStr;

use super::session::Moderator;
use super::view;
use super::view::queue::{Filters, Queue};
use crate::http::error::ApiError;
use crate::http::extract::Query;
use crate::review;
use crate::state::AppState;
use crate::store::ReviewFilter;

/// Matching items counted at most (shown as "500+").
const COUNT_CAP: usize = 500;
/// Items listed on the page, oldest first.
const SHOWN: usize = 50;
/// A week: the longest "waiting at least" filter that makes sense.
const MAX_AGE_MINUTES: i64 = 7 * 24 * 60;

pub async fn page(
    State(state): State<AppState>,
    moderator: Moderator,
    Query(filters): Query<Filters>,
) -> Result<Response, ApiError> {
    let mut f = to_filter(&filters)?;
    f.limit = COUNT_CAP as i64;
    let found = review::flagged(&state, &f).await?;
    let matching = found.len();
    let mut items = Vec::with_capacity(SHOWN.min(matching));
    for item in found.into_iter().take(SHOWN) {
        items.push(review::review_item(&state, item).await?);
    }
    let claims: HashMap<i64, String> = review::live_claims(&state)
        .await?
        .into_iter()
        .map(|c| (c.item_id, c.holder))
        .collect();
    let flagged = review::flagged_total(&state).await?;
    let holds = review::undo::open_holds(&state, &moderator.actor()).await?;
    let queue = Queue {
        items: &items,
        claims: &claims,
        filters: &filters,
        flagged,
        matching,
        cap: COUNT_CAP,
        now: Utc::now(),
        holds: &holds,
    };
    Ok(view::queue::page(&moderator, &queue).into_response())
}

/// The form's text fields as a store filter, through the same checks as
/// the JSON API's queue (`review::filter`) plus language and age.
pub(super) fn to_filter(f: &Filters) -> Result<ReviewFilter, ApiError> {
    let mut filter = review::filter(
        text(&f.app),
        text(&f.category),
        number("min_score", &f.min_score)?,
        number("max_score", &f.max_score)?,
    )?;
    if let Some(language) = text(&f.language) {
        if !(2..=8).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(ApiError::Unprocessable(
                "language: a language code such as eng (2 to 8 lowercase letters)".into(),
            ));
        }
        filter.language = Some(language);
    }
    if let Some(minutes) = number::<i64>("min_age", &f.min_age)? {
        if !(0..=MAX_AGE_MINUTES).contains(&minutes) {
            return Err(ApiError::Unprocessable(format!(
                "min_age: minutes between 0 and {MAX_AGE_MINUTES}"
            )));
        }
        filter.created_before = Some(Utc::now() - TimeDelta::minutes(minutes));
    }
    Ok(filter)
}

/// A form field: blank means "any".
fn text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn number<T: FromStr>(name: &str, value: &str) -> Result<Option<T>, ApiError> {
    text(value)
        .map(|v| {
            v.parse()
                .map_err(|_| ApiError::Unprocessable(format!("{name}: not a number")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(pairs: &[(&str, &str)]) -> Filters {
        let mut f = Filters::default();
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "app" => f.app = v,
                "language" => f.language = v,
                "min_score" => f.min_score = v,
                "min_age" => f.min_age = v,
                _ => unreachable!(),
            }
        }
        f
    }

    #[test]
    fn blank_fields_mean_any_and_bad_ones_are_refused() {
        let any = to_filter(&filters(&[("app", " "), ("min_score", "")])).unwrap();
        assert_eq!(any.source_app, None);
        assert_eq!(any.min_score, None);
        let some = to_filter(&filters(&[("language", "eng"), ("min_age", "10")])).unwrap();
        assert_eq!(some.language.as_deref(), Some("eng"));
        assert!(some.created_before.is_some());
        for bad in [
            ("min_score", "high"),
            ("min_score", "1.5"),
            ("language", "EN'--"),
            ("min_age", "-1"),
            ("min_age", "99999999"),
        ] {
            assert!(to_filter(&filters(&[bad])).is_err(), "{bad:?}");
        }
    }
}
