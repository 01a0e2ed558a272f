//! The console's HTML, as typed `maud` templates: every value is escaped
//! unless a template says otherwise (none does). Templates get plain data
//! (wire types, the moderator) and never call a service.

pub mod appeals;
pub mod audit;
pub mod batch;
mod highlight;
pub mod item;
pub mod login;
pub mod queue;
pub mod undo;

use axum::response::Html;
use chrono::{DateTime, Utc};
use maud::{DOCTYPE, Markup, html};

use super::assets;
use super::session::Moderator;

/// The page frame: head with the versioned assets, the top bar with who
/// is signed in and the sign-out form, and `body` in `<main>`.
/// `page` names the page for the script (`data-page`); `data` adds the
/// `data-item` of an item page.
pub fn layout(
    title: &str,
    page: &str,
    item: Option<i64>,
    moderator: Option<&Moderator>,
    body: Markup,
) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " · modd review" }
                link rel="stylesheet" href=(assets::css_url());
                script src=(assets::js_url()) defer {}
            }
            body data-page=(page) data-item=[item] {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    a.brand href="/console" { "modd review" }
                    @if let Some(m) = moderator {
                        nav aria-label="Pages" {
                            a href="/console" { "Queue" }
                            a href="/console/appeals" { "Appeals" }
                            a href="/console/batch" { "Batch" }
                            a href="/console/audit" { "Audit log" }
                        }
                        nav aria-label="Account" {
                            span.who { "Signed in as " strong { (m.display_name()) } }
                            form.inline method="post" action="/console/logout" {
                                input type="hidden" name="csrf" value=(m.csrf);
                                button type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main id="main" { (body) }
                p.live id="live-status" role="status" aria-live="polite" {}
            }
        }
    };
    Html(markup.into_string())
}

/// "3 min", "2 h 5 min", "4 d": how long an item has waited.
pub fn waited(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - since).num_minutes().max(0);
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m < 24 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} d", m / (24 * 60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn waiting_times_read_naturally() {
        let now = Utc::now();
        assert_eq!(waited(now - TimeDelta::minutes(3), now), "3 min");
        assert_eq!(waited(now - TimeDelta::minutes(125), now), "2 h 5 min");
        assert_eq!(waited(now - TimeDelta::days(4), now), "4 d");
        assert_eq!(waited(now + TimeDelta::minutes(1), now), "0 min");
    }
}
