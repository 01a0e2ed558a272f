//! `modctl keys rotate ID [--grace 24h]`: a new secret with the same
//! settings; the old secret keeps working until the grace period ends.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::{self, print_json};
use chrono::{TimeDelta, Utc};
use clap::Args;
use modd_common::RotateKeyRequest;
use modd_common::limits::parse_duration_or_zero;

/// `modctl keys rotate`
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The key's id (see `modctl keys list`).
    pub id: i64,

    /// How long the old secret keeps working: a number and s, m, h, d or w,
    /// or 0 to stop it at once.
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration_or_zero)]
    pub grace: TimeDelta,
}

impl RotateArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "rotate")?;
        let req = RotateKeyRequest {
            grace: Some(format!("{}s", self.grace.num_seconds())),
        };
        let rotated = client
            .rotate_key(self.id, &req)
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&rotated);
        }
        let now = Utc::now();
        println!("{}", view::details(&rotated.new.info, &[], now));
        match rotated.old.revoked_at {
            Some(t) if t > now => println!(
                "The old key {} keeps working until {} ({}).",
                rotated.old.id,
                output::timestamp(t),
                output::relative(t, now)
            ),
            _ => println!("The old key {} no longer works.", rotated.old.id),
        }
        view::print_secret(&rotated.new.key);
        Ok(())
    }
}
