//! The batch page: a filter, the dry run's count and examples, and the
//! form that decides exactly what was counted; or what a batch decided.

use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::html;
use modd_common::{ReviewItem, ReviewVerdict};

use super::super::session::Moderator;
use super::queue::{Filters, filter_form};

/// What the batch page shows.
pub struct Preview<'a> {
    pub filters: &'a Filters,
    /// Items the filter matches now.
    pub count: u64,
    /// The newest of them: the batch decides up to it.
    pub up_to_id: Option<i64>,
    pub created_before: Option<DateTime<Utc>>,
    pub examples: &'a [ReviewItem],
    /// After applying: the verdict and how many items it decided.
    pub decided: Option<(ReviewVerdict, u64)>,
}

pub fn page(moderator: &Moderator, p: &Preview<'_>) -> Html<String> {
    let f = p.filters;
    let body = html! {
        h1 { "Batch decision" }
        @if let Some((verdict, n)) = p.decided {
            p.notice id="batch-done" role="status" {
                "Decided " strong { (n) } " item(s): " (verdict.as_str()) ". "
                a href="/console" { "Back to the queue" }
            }
        } @else {
            p { "Choose a filter, check what it matches, then decide all of it at once." }
            (filter_form(f, "/console/batch"))
            p id="batch-count" { strong { (p.count) } " flagged item(s) match." }
            @if !p.examples.is_empty() {
                h2 { "The oldest of them" }
                ul id="batch-examples" {
                    @for item in p.examples {
                        li { a href={ "/console/items/" (item.id) } { "#" (item.id) " " (item.external_id) }
                            " · " (item.source_app) }
                    }
                }
            }
            @if let Some(up_to) = p.up_to_id {
                form.card id="batch" method="post" action="/console/batch" {
                    input type="hidden" name="csrf" value=(moderator.csrf);
                    input type="hidden" name="up_to_id" value=(up_to);
                    @if let Some(before) = p.created_before {
                        input type="hidden" name="created_before" value=(before.to_rfc3339());
                    }
                    input type="hidden" name="app" value=(f.app);
                    input type="hidden" name="category" value=(f.category);
                    input type="hidden" name="language" value=(f.language);
                    input type="hidden" name="min_score" value=(f.min_score);
                    input type="hidden" name="max_score" value=(f.max_score);
                    label for="batch-note" { "Note (optional)" }
                    textarea id="batch-note" name="note" rows="2" maxlength="2000" {}
                    div.actions {
                        button.approve type="submit" name="verdict" value="approve" { "Approve all " (p.count) }
                        button.reject type="submit" name="verdict" value="reject" { "Reject all " (p.count) }
                    }
                    p.muted { "Items decided or claimed by someone else meanwhile are skipped; newer items are not included." }
                }
            }
        }
    };
    super::layout("Batch", "batch", None, Some(moderator), body)
}
