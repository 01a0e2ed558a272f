//! The audit page: filters and the entries, newest first.

use axum::response::Html;
use maud::html;

use super::super::session::Moderator;
use crate::store::AuditEntry;

/// The filter form's values as typed (empty = any).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditFilters {
    /// Part of the actor, e.g. a person's name.
    #[serde(default)]
    pub actor: String,
    /// The start of the action, e.g. `review.` or `key.revoke`.
    #[serde(default)]
    pub action: String,
    /// Only the last so many hours.
    #[serde(default)]
    pub hours: String,
}

pub fn page(moderator: &Moderator, entries: &[AuditEntry], f: &AuditFilters) -> Html<String> {
    let body = html! {
        h1 { "Audit log" }
        form.filters method="get" action="/console/audit" aria-label="Filters" {
            label { "Actor " input name="actor" value=(f.actor) size="14"; }
            label { "Action " input name="action" value=(f.action) size="14" placeholder="review."; }
            label { "Last hours " input name="hours" value=(f.hours) size="4" inputmode="numeric"; }
            button type="submit" { "Filter" }
            a href="/console/audit" { "Clear" }
        }
        table id="audit" {
            thead { tr {
                th scope="col" { "When (UTC)" } th scope="col" { "Actor" } th scope="col" { "Action" }
                th scope="col" { "Target" } th scope="col" { "Detail" }
            } }
            tbody {
                @for e in entries {
                    tr {
                        td { (e.at.format("%Y-%m-%d %H:%M:%S").to_string()) }
                        td { (e.actor) }
                        td { (e.action) }
                        td { (e.target) }
                        td { code { (if e.detail.is_null() { String::new() } else { e.detail.to_string() }) } }
                    }
                }
                @if entries.is_empty() {
                    tr { td colspan="5" { "No entries match." } }
                }
            }
        }
    };
    super::layout("Audit log", "audit", None, Some(moderator), body)
}
