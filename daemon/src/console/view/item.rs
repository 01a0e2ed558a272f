//! The item page: the content, why it was flagged, and the decision form
//! unless another moderator holds the item's claim (or the moderator's own
//! decision on it waits out its undo window).

use axum::response::Html;
use maud::{Markup, html};
use modd_common::{AppealView, Gap, ItemStatus, ReasonCode, ReviewItem};

use super::super::session::Moderator;
use super::highlight;
use crate::store::{Claim, ReviewHold};

/// What the item page shows.
pub struct Page<'a> {
    pub item: &'a ReviewItem,
    /// The live claim on the item, if any.
    pub claim: Option<&'a Claim>,
    /// The item's app's reason codes, in key order.
    pub codes: &'a [ReasonCode],
    /// The moderator's decisions that can still be undone.
    pub holds: &'a [ReviewHold],
    /// Show the image unblurred (the no-script way to reveal it).
    pub reveal: bool,
    /// The item's appeal, and whether the moderator made the decision it
    /// is against.
    pub appeal: Option<(&'a AppealView, bool)>,
}

pub fn page(moderator: &Moderator, shown: &Page<'_>) -> Html<String> {
    let (item, claim, reveal, appeal) = (shown.item, shown.claim, shown.reveal, shown.appeal);
    let others = claim.filter(|c| c.holder != moderator.actor());
    let held = shown.holds.iter().find(|h| h.decision.item_id == item.id);
    let body = html! {
        (super::undo::banner(moderator, shown.holds))
        nav.crumbs aria-label="Breadcrumb" { a href="/console" { "← Queue" } }
        h1 { "Item #" (item.id) " " small { (item.external_id) } }
        p.meta {
            "App " strong { (item.source_app) } " · " (item.content_type)
            " · submitted " (item.created_at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            " · status " strong.status { (item.status.as_str()) }
        }
        (content(item, reveal))
        (why(item))
        @match (item.status, others, held) {
            (ItemStatus::Flagged, _, Some(_)) => p.notice id="held" role="status" {
                "Your decision on this item is waiting to be recorded: undo it above."
            },
            (ItemStatus::Flagged, Some(c), None) => p.notice id="claimed" role="status" {
                "Claimed by " strong { (c.holder) } " until "
                (c.claimed_until.format("%H:%M:%S UTC").to_string()) ": only they can decide it until then."
            },
            (ItemStatus::Flagged, None, None) => {
                (claim_status(moderator, item.id, claim))
                (decide_form(moderator, item, shown.codes))
            },
            _ => (decided(item)),
        }
        @if let Some((a, own_decision)) = appeal {
            (super::appeals::panel(moderator, a, own_decision))
        }
        p.notice.hidden id="decided-elsewhere" role="alert" {
            "This item was just decided elsewhere."
        }
    };
    super::layout(
        &format!("Item {}", item.id),
        "item",
        Some(item.id),
        Some(moderator),
        body,
    )
}

fn content(item: &ReviewItem, reveal: bool) -> Markup {
    html! {
        section.card aria-labelledby="content-h" {
            h2 id="content-h" { "Content" }
            @match &item.text {
                Some(text) => {
                    blockquote.text id="text" { (highlight::text(text, &item.scores)) }
                    @let marked = highlight::count(text, &item.scores);
                    @if marked > 0 {
                        p.muted { (marked) " highlighted: the parts of the text the detectors scored." }
                    }
                }
                None => p.muted { "No text stored (the app stores scores only, or the item had none)." },
            }
            @if let Some(url) = &item.image_url {
                (image(item.id, url, reveal))
            }
        }
    }
}

/// The image, fetched through `modd` (`/console/items/{id}/image`) and
/// blurred until the moderator reveals it (the link works without script;
/// the script toggles in place and on `v`).
fn image(id: i64, url: &str, reveal: bool) -> Markup {
    html! {
        figure.image.blurred[!reveal] id="image" {
            div.frame { img src={ "/console/items/" (id) "/image" } alt="The item's image"; }
            figcaption {
                @if reveal {
                    a id="reveal" href={ "/console/items/" (id) } { "Blur again " kbd { "v" } }
                } @else {
                    a id="reveal" href={ "/console/items/" (id) "?reveal=1" } { "Reveal image " kbd { "v" } }
                }
                " " span.muted { (modd_common::image_label(url)) ", fetched through modd" }
            }
            p.error.hidden id="image-error" role="alert" {}
        }
    }
}

fn why(item: &ReviewItem) -> Markup {
    let decision = item.decision.as_ref();
    html! {
        section.card aria-labelledby="why-h" {
            h2 id="why-h" { "Why it is here" }
            dl.facts {
                @if let Some(d) = decision {
                    dt { "Policy version" } dd { (d.policy_version) }
                    dt { "Rule" } dd { (d.reason.as_deref().unwrap_or("—")) }
                    dt { "Language" } dd { (d.language.as_deref().unwrap_or("not detected")) }
                    @for gap in &d.gaps {
                        dt { "Not scored" } dd.error { (gap_text(gap)) }
                    }
                }
                @if let Some(e) = &item.error {
                    dt { "Error" } dd.error { (e) }
                }
            }
            table.scores {
                caption { "Category scores" }
                thead { tr { th scope="col" { "Category" } th scope="col" { "Score" }
                    th scope="col" { "Classifier" } th scope="col" { "Model version" } } }
                tbody {
                    @for s in &item.scores {
                        tr {
                            td { (s.category) }
                            td.num { meter min="0" max="1" value=(format!("{:.3}", s.score)) {} " " (format!("{:.3}", s.score)) }
                            td { (s.classifier) }
                            td { (s.model_version) }
                        }
                    }
                }
            }
        }
    }
}

/// Whether the moderator holds the item, with a button to claim it; the
/// page's script presses it on load (a `GET` never claims).
fn claim_status(moderator: &Moderator, id: i64, claim: Option<&Claim>) -> Markup {
    html! {
        form.claim id="claim-status" method="post" action={ "/console/items/" (id) "/claim" }
            data-mine=[claim.map(|_| "1")] {
            input type="hidden" name="csrf" value=(moderator.csrf);
            @match claim {
                Some(c) => p.muted { "Claimed by you until "
                    (c.claimed_until.format("%H:%M:%S UTC").to_string()) "." },
                None => p.muted { "Not claimed: others may open it too. "
                    button type="submit" { "Claim it" } },
            }
        }
    }
}

fn decide_form(moderator: &Moderator, item: &ReviewItem, codes: &[ReasonCode]) -> Markup {
    html! {
        form.card id="decide" method="post" action={ "/console/items/" (item.id) "/decide" } {
            h2 { "Decide" }
            input type="hidden" name="csrf" value=(moderator.csrf);
            label for="reason_code" { "Reason" }
            select id="reason_code" name="reason_code" {
                option value="" { "— none —" }
                @for (i, c) in codes.iter().enumerate() {
                    option value=(c.code) { (i + 1) ". " (c.label) }
                }
            }
            label for="note" { "Note (optional)" }
            textarea id="note" name="note" rows="2" maxlength="2000" {}
            div.actions {
                button.approve type="submit" name="verdict" value="approve" { "Approve " kbd { "a" } }
                button.reject type="submit" name="verdict" value="reject" { "Reject " kbd { "r" } }
                a href={ "/console/next?after=" (item.id) } { "Skip " kbd { "n" } }
            }
            p.muted { "Keys: " kbd { "a" } " approve, " kbd { "r" } " reject, " kbd { "1" } "–" kbd { (codes.len()) }
                " reason, " kbd { "v" } " reveal image, " kbd { "n" } " next, " kbd { "u" } " undo, " kbd { "q" } " queue." }
        }
    }
}

fn decided(item: &ReviewItem) -> Markup {
    html! {
        @if let Some(d) = &item.decision {
            section.card {
                h2 { "Decision" }
                p { strong { (item.status.as_str()) } " by " (d.reviewed_by.as_deref().unwrap_or(&d.decided_by))
                    " at " (d.decided_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()) }
                @if let Some(r) = &d.review_reason { p { "Reason: " (r) } }
                @if let Some(n) = &d.review_note { p { "Note: " (n) } }
            }
        }
    }
}

/// A gap as a sentence: which classifier failed and why, or what was not covered.
fn gap_text(gap: &Gap) -> String {
    match gap {
        Gap::ClassifierFailed {
            classifier,
            error: Some(error),
        } => format!("{classifier} failed: {error}"),
        Gap::ClassifierFailed { classifier, .. } => format!("{classifier} failed"),
        other => other.reason(),
    }
}
