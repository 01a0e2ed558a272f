//! The queue page: filters, counts, and the flagged items oldest first.

use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use modd_common::ReviewItem;
use std::collections::HashMap;

use super::super::session::Moderator;
use super::waited;
use crate::store::ReviewHold;

/// The filter form's values as the moderator typed them (empty = any).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filters {
    #[serde(default)]
    pub app: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub min_score: String,
    #[serde(default)]
    pub max_score: String,
    /// Minutes an item has waited at least.
    #[serde(default)]
    pub min_age: String,
}

/// What the queue page shows.
pub struct Queue<'a> {
    pub items: &'a [ReviewItem],
    /// Item id → who holds a live claim on it.
    pub claims: &'a HashMap<i64, String>,
    pub filters: &'a Filters,
    /// Flagged items in all.
    pub flagged: i64,
    /// Items matching the filters (at most `cap`).
    pub matching: usize,
    pub cap: usize,
    pub now: DateTime<Utc>,
    /// The moderator's decisions that can still be undone.
    pub holds: &'a [ReviewHold],
}

pub fn page(moderator: &Moderator, q: &Queue<'_>) -> Html<String> {
    let body = html! {
        (super::undo::banner(moderator, q.holds))
        h1 { "Review queue" }
        (filter_form(q.filters, "/console"))
        p id="counts" {
            strong { (q.flagged) } " flagged in all; "
            strong { (q.matching) @if q.matching >= q.cap { "+" } } " match the filters"
            @if q.items.len() < q.matching { " (the oldest " (q.items.len()) " shown)" }
            "."
        }
        (table(moderator, q))
        details.help {
            summary { "Keyboard shortcuts" }
            dl {
                dt { kbd { "j" } " / " kbd { "k" } } dd { "next / previous item" }
                dt { kbd { "Enter" } } dd { "open the selected item" }
                dt { kbd { "n" } } dd { "open the oldest item nobody holds" }
                dt { kbd { "u" } } dd { "undo your last decision (for a few seconds after it)" }
            }
        }
    };
    super::layout("Queue", "queue", None, Some(moderator), body)
}

/// The queue's filters, submitted to `action` (the queue or the batch page).
pub fn filter_form(f: &Filters, action: &str) -> Markup {
    html! {
        form.filters method="get" action=(action) aria-label="Filters" {
            label { "App " input name="app" value=(f.app) size="12"; }
            label { "Category " input name="category" value=(f.category) size="10"; }
            label { "Language " input name="language" value=(f.language) size="4" placeholder="eng"; }
            label { "Score ≥ " input name="min_score" value=(f.min_score) size="4" inputmode="decimal"; }
            label { "Score ≤ " input name="max_score" value=(f.max_score) size="4" inputmode="decimal"; }
            label { "Waiting ≥ (min) " input name="min_age" value=(f.min_age) size="4" inputmode="numeric"; }
            button type="submit" { "Filter" }
            a href=(action) { "Clear" }
        }
    }
}

fn table(moderator: &Moderator, q: &Queue<'_>) -> Markup {
    let me = moderator.actor();
    html! {
        table id="queue" {
            thead { tr {
                th scope="col" { "Item" } th scope="col" { "App" } th scope="col" { "Waiting" }
                th scope="col" { "Top score" } th scope="col" { "Language" } th scope="col" { "Claimed" }
            } }
            tbody {
                @for item in q.items {
                    tr data-id=(item.id) {
                        td { a href={ "/console/items/" (item.id) } { "#" (item.id) " " (item.external_id) } }
                        td { (item.source_app) }
                        td { (waited(item.created_at, q.now)) }
                        td {
                            @if let Some(top) = item.scores.iter().max_by(|a, b| a.score.total_cmp(&b.score)) {
                                (top.category) " " (format!("{:.2}", top.score))
                            }
                        }
                        td { (item.decision.as_ref().and_then(|d| d.language.as_deref()).unwrap_or("—")) }
                        td {
                            @match q.claims.get(&item.id) {
                                _ if q.holds.iter().any(|h| h.decision.item_id == item.id) => "decided by you",
                                Some(holder) if *holder == me => "by you",
                                Some(holder) => span.claimed { (holder) },
                                None => "",
                            }
                        }
                    }
                }
                @if q.items.is_empty() {
                    tr { td colspan="6" { "Nothing waits for review." } }
                }
            }
        }
    }
}
