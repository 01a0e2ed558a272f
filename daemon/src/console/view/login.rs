//! The sign-in form.

use axum::response::Html;
use maud::html;

/// The form, with why the last attempt failed if it did.
pub fn page(error: Option<&str>) -> Html<String> {
    let body = html! {
        section.card.narrow {
            h1 { "Sign in" }
            p { "Paste your reviewer or admin key. It is exchanged for a session and not kept in the browser." }
            @if let Some(e) = error {
                p.error role="alert" { (e) }
            }
            form method="post" action="/console/login" {
                label for="key" { "API key" }
                input id="key" name="key" type="password" autocomplete="off" required autofocus;
                button.primary type="submit" { "Sign in" }
            }
        }
    };
    super::layout("Sign in", "login", None, None, body)
}
