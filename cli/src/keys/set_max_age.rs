//! `modctl keys set-max-age ID 30d|default`: the key's own maximum age,
//! over the daemon's `MODD_KEY_MAX_AGE`. Past it, `verify` and `top` report
//! the key as due for rotation.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::print_json;
use chrono::Utc;
use clap::Args;
use modd_common::SetMaxAgeRequest;
use modd_common::limits::parse_duration;

/// `modctl keys set-max-age`
#[derive(Debug, Args)]
pub struct SetMaxAgeArgs {
    /// The key's id (see `modctl keys list`).
    pub id: i64,

    /// A number and s, m, h, d or w (e.g. `30d`), or `default` to follow
    /// the daemon's MODD_KEY_MAX_AGE again.
    #[arg(value_name = "MAX_AGE|default", value_parser = max_age)]
    pub max_age: MaxAge,
}

/// The wire value: seconds, or `None` for the daemon's maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxAge(Option<String>);

/// `default` clears; anything else must be a duration (sent as seconds).
fn max_age(s: &str) -> Result<MaxAge, String> {
    if s.trim() == "default" {
        return Ok(MaxAge(None));
    }
    parse_duration(s).map(|d| MaxAge(Some(format!("{}s", d.num_seconds()))))
}

impl SetMaxAgeArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "set-max-age")?;
        let req = SetMaxAgeRequest {
            max_age: self.max_age.0,
        };
        let info = client
            .set_key_max_age(self.id, &req)
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&info);
        }
        println!("{}", view::details(&info, &[], Utc::now()));
        Ok(())
    }
}
