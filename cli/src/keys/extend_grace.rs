//! `modctl keys extend-grace ID 12h`: a rotated-out key works longer, for an
//! app that could not switch to its new secret in time. A key that already
//! stopped is not reopened (the daemon refuses: 409).

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::{self, print_json};
use chrono::{TimeDelta, Utc};
use clap::Args;
use modd_common::ExtendGraceRequest;
use modd_common::limits::parse_duration;

/// `modctl keys extend-grace`
#[derive(Debug, Args)]
pub struct ExtendGraceArgs {
    /// The rotated-out key's id (see `modctl keys list`: status `rotating`).
    pub id: i64,

    /// How much longer it keeps working: a number and s, m, h, d or w.
    #[arg(value_name = "DURATION", value_parser = parse_duration)]
    pub by: TimeDelta,
}

impl ExtendGraceArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "extend-grace")?;
        let req = ExtendGraceRequest {
            by: format!("{}s", self.by.num_seconds()),
        };
        let info = client
            .extend_key_grace(self.id, &req)
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&info);
        }
        let now = Utc::now();
        println!("{}", view::details(&info, &[], now));
        if let Some(t) = info.revoked_at {
            println!(
                "Key {} keeps working until {} ({}).",
                info.id,
                output::timestamp(t),
                output::relative(t, now)
            );
        }
        Ok(())
    }
}
