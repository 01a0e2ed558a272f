//! `modctl keys show ID`: one key, never its secret.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::print_json;
use chrono::Utc;
use clap::Args;

/// `modctl keys show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The key's id (see `modctl keys list`).
    pub id: i64,
}

impl ShowArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "show")?;
        let info = client.get_key(self.id).await.map_err(CliError::failure)?;
        if global.json {
            return print_json(&info);
        }
        // Whether an ended key was rotated (not revoked) shows in its
        // successor's `rotated_from`: the same rule as `keys list`.
        let all = client.list_keys(None).await.map_err(CliError::failure)?;
        println!("{}", view::details(&info, &all, Utc::now()));
        Ok(())
    }
}
