//! The undo banner: the moderator's decisions still waiting out their undo
//! window, each with its undo button (the newest answers the `u` key).

use maud::{Markup, html};
use modd_common::ReviewVerdict;

use super::super::session::Moderator;
use crate::store::ReviewHold;

pub fn banner(moderator: &Moderator, holds: &[ReviewHold]) -> Markup {
    html! {
        @if !holds.is_empty() {
            section.card.undo id="undo" aria-labelledby="undo-h" {
                h2 id="undo-h" { "Just decided" }
                ul {
                    @for h in holds {
                        li data-until=(h.commit_at.timestamp_millis()) {
                            form.inline method="post"
                                action={ "/console/items/" (h.decision.item_id) "/undo" } {
                                input type="hidden" name="csrf" value=(moderator.csrf);
                                (verdict(h)) " item "
                                a href={ "/console/items/" (h.decision.item_id) } {
                                    "#" (h.decision.item_id)
                                }
                                @if let Some(code) = &h.decision.reason_code {
                                    " (" (code) ")"
                                }
                                ", recorded at "
                                (h.commit_at.format("%H:%M:%S UTC").to_string()) ". "
                                button type="submit" { "Undo " kbd { "u" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn verdict(h: &ReviewHold) -> &'static str {
    match h.decision.verdict {
        ReviewVerdict::Approved => "Approved",
        ReviewVerdict::Blocked => "Rejected",
    }
}
