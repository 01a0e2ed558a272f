//! Bodies of appeals: an app asks for a second look at a decided item
//! (`POST /api/v1/moderation/{id}/appeal`), and a reviewer other than the
//! one who made the decision upholds or overturns it
//! (`/api/v1/admin/appeals/…`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;

use crate::{ItemStatus, UnknownVariant};

/// The longest statement an appeal may carry, in characters.
pub const MAX_STATEMENT_CHARS: usize = 5000;

/// `POST /api/v1/moderation/{id}/appeal`: the user's statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    /// Why the decision is wrong, in the user's words (1 to 5000 characters).
    pub statement: String,
}

/// What an appeal's decision did to the original decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    /// The original decision stands (the reviewer rejected the appeal).
    Upheld,
    /// The original decision is reversed (the reviewer approved the appeal).
    Overturned,
}

impl AppealOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AppealOutcome::Upheld => "upheld",
            AppealOutcome::Overturned => "overturned",
        }
    }
}

impl FromStr for AppealOutcome {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "upheld" => Ok(AppealOutcome::Upheld),
            "overturned" => Ok(AppealOutcome::Overturned),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

impl std::fmt::Display for AppealOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An appeal, open or decided. One per item, so it is named by the item's id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AppealView {
    pub item_id: i64,
    pub source_app: String,
    pub external_id: String,
    /// The item's status now (changed when the appeal was overturned).
    pub item_status: ItemStatus,
    /// The decision appealed against: `approved` or `blocked`.
    pub original_status: ItemStatus,
    /// Who made that decision when a person did (`key:<id> (<person>)`);
    /// `None` for a rule's decision.
    pub original_reviewed_by: Option<String>,
    /// The user's statement; absent once decided when the app keeps no
    /// text, masked when it keeps redacted text.
    pub statement: Option<String>,
    /// The key that submitted the appeal (`key:<id>`).
    pub submitted_by: String,
    pub created_at: DateTime<Utc>,
    /// `None` while the appeal waits for a reviewer.
    pub outcome: Option<AppealOutcome>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason_code: Option<String>,
    pub note: Option<String>,
}

/// `GET /api/v1/admin/appeals`: one page, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AppealPage {
    pub appeals: Vec<AppealView>,
    /// Pass as `after_id` for the next page; `None` on the last page.
    pub next_after_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_round_trip_as_text_and_json() {
        for o in [AppealOutcome::Upheld, AppealOutcome::Overturned] {
            assert_eq!(o.as_str().parse::<AppealOutcome>().unwrap(), o);
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        assert!("Upheld".parse::<AppealOutcome>().is_err());
    }
}
