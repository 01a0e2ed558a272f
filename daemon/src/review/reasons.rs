//! Each app's reason codes: the list a reviewer picks from (the console's
//! keys 1–9), stored per app, the built-in list for apps without their own.
//! The rules of a list and the check of a code against an item's app live
//! here once, for the JSON API, `modctl` and the console.

use chrono::Utc;
use modd_common::{ReasonCode, ReasonCodes, default_reason_codes};

use crate::http::error::ApiError;
use crate::state::AppState;
use crate::store::ReasonCodesChange;

/// Most codes in a list: one per digit key of the console.
pub const MAX_CODES: usize = 9;
const MAX_CODE_CHARS: usize = 32;
const MAX_LABEL_CHARS: usize = 80;

/// The codes in force for `app`: its own, or the built-in list.
pub async fn codes_for(state: &AppState, app: &str) -> Result<ReasonCodes, ApiError> {
    let own = state.store.reason_codes(app).await?;
    Ok(ReasonCodes {
        source_app: app.to_owned(),
        default: own.is_none(),
        codes: own.unwrap_or_else(default_reason_codes),
    })
}

/// Refuses a reason code that is not in `app`'s list, naming the list.
pub async fn check_code(state: &AppState, app: &str, code: &str) -> Result<(), ApiError> {
    let list = codes_for(state, app).await?;
    if list.codes.iter().any(|c| c.code == code) {
        return Ok(());
    }
    let known: Vec<&str> = list.codes.iter().map(|c| c.code.as_str()).collect();
    Err(ApiError::Unprocessable(format!(
        "reason_code: not one of {app}'s codes ({})",
        known.join(", ")
    )))
}

/// Replaces `app`'s list (or goes back to the built-in one with `None`),
/// audited as `app.reason_codes`, and returns the list now in force.
pub async fn set(
    state: &AppState,
    app: &str,
    codes: Option<Vec<ReasonCode>>,
    actor: String,
) -> Result<ReasonCodes, ApiError> {
    if let Some(codes) = &codes {
        check_list(codes).map_err(ApiError::Unprocessable)?;
    }
    state
        .store
        .set_reason_codes(&ReasonCodesChange {
            source_app: app.to_owned(),
            codes,
            actor,
            at: Utc::now(),
        })
        .await?;
    codes_for(state, app).await
}

/// A list an admin may set: 1 to 9 codes, each well formed, none twice.
pub fn check_list(codes: &[ReasonCode]) -> Result<(), String> {
    if codes.is_empty() || codes.len() > MAX_CODES {
        return Err(format!(
            "codes: 1 to {MAX_CODES} reason codes (one per console key), or null for the built-in list"
        ));
    }
    for (i, c) in codes.iter().enumerate() {
        check_code_syntax(&c.code).map_err(|e| format!("codes[{i}].code: {e}"))?;
        check_label(&c.label).map_err(|e| format!("codes[{i}].label: {e}"))?;
        if codes[..i].iter().any(|other| other.code == c.code) {
            return Err(format!("codes[{i}].code: {:?} is listed twice", c.code));
        }
    }
    Ok(())
}

fn check_code_syntax(code: &str) -> Result<(), String> {
    let mut chars = code.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && code.len() <= MAX_CODE_CHARS;
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "1 to {MAX_CODE_CHARS} of a-z, 0-9 and _, starting with a letter"
        ))
    }
}

fn check_label(label: &str) -> Result<(), String> {
    if label.trim().is_empty() || label.chars().nth(MAX_LABEL_CHARS).is_some() {
        return Err(format!("1 to {MAX_LABEL_CHARS} characters"));
    }
    if label.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> Vec<ReasonCode> {
        pairs.iter().map(|(c, l)| ReasonCode::new(c, l)).collect()
    }

    #[test]
    fn the_built_in_list_passes_its_own_rules() {
        check_list(&default_reason_codes()).unwrap();
    }

    #[test]
    fn bad_lists_are_refused_with_the_field_named() {
        let ten: Vec<(String, String)> = (0..10).map(|i| (format!("c{i}"), "x".into())).collect();
        let ten: Vec<ReasonCode> = ten.iter().map(|(c, l)| ReasonCode::new(c, l)).collect();
        let cases: [(Vec<ReasonCode>, &str); 9] = [
            (vec![], "1 to 9"),
            (ten, "1 to 9"),
            (list(&[("Spam", "x")]), "codes[0].code"),
            (list(&[("1spam", "x")]), "codes[0].code"),
            (list(&[("sp am", "x")]), "codes[0].code"),
            (list(&[(&"a".repeat(33), "x")]), "codes[0].code"),
            (list(&[("spam", " ")]), "codes[0].label"),
            (list(&[("spam", "a\u{7}b")]), "codes[0].label"),
            (list(&[("spam", "x"), ("spam", "y")]), "codes[1].code"),
        ];
        for (codes, field) in cases {
            let err = check_list(&codes).unwrap_err();
            assert!(err.contains(field), "{codes:?}: {err}");
        }
        let long_label = "é".repeat(80);
        check_list(&list(&[("scam_2", &long_label)])).unwrap();
        assert!(check_list(&list(&[("scam_2", &format!("{long_label}é"))])).is_err());
    }
}
