//! Bodies of `POST /api/v1/admin/secrets/reseal`: one page of the re-encryption
//! of stored webhook secrets under the current `SECRET_KEY`
//! (`modctl secrets rotate` walks the pages).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Most apps one page covers.
pub const RESEAL_MAX_LIMIT: u32 = 1000;
/// Apps per page when the request names no limit.
pub const RESEAL_DEFAULT_LIMIT: u32 = 100;

/// Which page to reseal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResealRequest {
    /// Apps named after this one (the previous page's `next`); empty: from the start.
    #[serde(default)]
    pub after: String,
    /// Apps in this page, 1 to 1000 (default 100).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Report what would be resealed; write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// What one page did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ResealPage {
    /// The id of the `SECRET_KEY` that seals now (derived from it; not the key).
    pub key_id: String,
    /// The ids of the `SECRET_KEY_PREVIOUS` keys this replica opens with.
    pub previous_key_ids: Vec<String>,
    pub dry_run: bool,
    /// Apps with a stored secret read in this page.
    pub scanned: u64,
    /// Apps whose secrets were already all under the current key.
    pub current: u64,
    /// Apps resealed (in a dry run: that would be).
    pub resealed: Vec<String>,
    /// Apps with a secret that no configured key opens: rotate their
    /// webhook secret (`modctl webhooks rotate-secret APP`).
    pub undecryptable: Vec<String>,
    /// Apps whose secrets changed while this page ran; a rerun picks them up.
    pub changed: Vec<String>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}
