//! Appeals in the console: the queue page, and the appeal panel of an
//! item page (the statement, and the decision form unless the moderator
//! made the decision appealed against).

use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use modd_common::{AppealOutcome, AppealView, REASON_CODES};

use super::super::session::Moderator;
use super::waited;

const TIME: &str = "%Y-%m-%d %H:%M:%S UTC";

/// `GET /console/appeals`: open appeals, oldest item first.
pub fn page(moderator: &Moderator, appeals: &[AppealView], now: DateTime<Utc>) -> Html<String> {
    let body = html! {
        h1 { "Appeals" }
        p id="appeal-counts" { strong { (appeals.len()) } " open appeal(s), oldest first." }
        table id="appeals" {
            thead { tr {
                th scope="col" { "Item" } th scope="col" { "App" } th scope="col" { "Against" }
                th scope="col" { "Decided by" } th scope="col" { "Waiting" } th scope="col" { "Statement" }
            } }
            tbody {
                @for a in appeals {
                    tr data-id=(a.item_id) {
                        td { a href={ "/console/items/" (a.item_id) } { "#" (a.item_id) " " (a.external_id) } }
                        td { (a.source_app) }
                        td { (a.original_status.as_str()) }
                        td { (a.original_reviewed_by.as_deref().unwrap_or("rule")) }
                        td { (waited(a.created_at, now)) }
                        td { (excerpt(a.statement.as_deref().unwrap_or(""))) }
                    }
                }
                @if appeals.is_empty() {
                    tr { td colspan="6" { "No appeal waits for a decision." } }
                }
            }
        }
    };
    super::layout("Appeals", "appeals", None, Some(moderator), body)
}

/// The first 80 characters, cut on a character boundary.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The appeal panel of an item page. `own_decision`: the moderator made
/// the decision appealed against, so another person must decide it.
pub fn panel(moderator: &Moderator, a: &AppealView, own_decision: bool) -> Markup {
    html! {
        section.card id="appeal" aria-labelledby="appeal-h" {
            h2 id="appeal-h" { "Appeal" }
            p.meta {
                "Against " strong { (a.original_status.as_str()) } " by "
                (a.original_reviewed_by.as_deref().unwrap_or("a rule"))
                " · submitted " (a.created_at.format(TIME).to_string())
            }
            @match &a.statement {
                Some(s) => blockquote.text id="statement" { (s) },
                None => p.muted { "The statement is not stored (the app keeps no text)." },
            }
            @match (a.outcome, &a.decided_by, a.decided_at) {
                (Some(outcome), Some(by), Some(at)) => p id="appeal-outcome" {
                    strong { (outcome_text(outcome)) } " by " (by) " at " (at.format(TIME).to_string())
                    @if let Some(r) = &a.reason_code { " · reason " (r) }
                },
                _ if own_decision => p.notice id="own-decision" role="status" {
                    "You made the decision appealed against: another reviewer must decide this appeal."
                },
                _ => (form(moderator, a)),
            }
        }
    }
}

fn outcome_text(outcome: AppealOutcome) -> &'static str {
    match outcome {
        AppealOutcome::Upheld => "Upheld (the decision stands)",
        AppealOutcome::Overturned => "Overturned",
    }
}

/// The same form shape (id `decide`, `verdict` buttons, `reason_code`) as
/// the review decision, so the item page's keys work on it too.
fn form(moderator: &Moderator, a: &AppealView) -> Markup {
    let reversed = match a.original_status.as_str() {
        "approved" => "blocked",
        _ => "approved",
    };
    html! {
        form id="decide" method="post" action={ "/console/items/" (a.item_id) "/appeal" } {
            h3 { "Decide the appeal" }
            input type="hidden" name="csrf" value=(moderator.csrf);
            label for="reason_code" { "Reason" }
            select id="reason_code" name="reason_code" {
                option value="" { "— none —" }
                @for (i, (code, label)) in REASON_CODES.iter().enumerate() {
                    option value=(code) { (i + 1) ". " (label) }
                }
            }
            label for="note" { "Note (optional)" }
            textarea id="note" name="note" rows="2" maxlength="2000" {}
            div.actions {
                button.approve type="submit" name="verdict" value="approve" {
                    "Overturn: make it " (reversed) " " kbd { "a" }
                }
                button.reject type="submit" name="verdict" value="reject" {
                    "Uphold: keep it " (a.original_status.as_str()) " " kbd { "r" }
                }
            }
            p.muted { "Keys: " kbd { "a" } " overturn, " kbd { "r" } " uphold, " kbd { "1" } "–" kbd { "9" }
                " reason, " kbd { "q" } " queue." }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_on_a_character_boundary() {
        assert_eq!(excerpt("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(excerpt(&long), format!("{}…", "é".repeat(80)));
    }
}
