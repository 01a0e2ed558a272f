//! `modctl keys revoke ID`: stops a key now, on every replica within 2 s.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::print_json;
use chrono::Utc;
use clap::Args;

/// `modctl keys revoke`
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The key's id (see `modctl keys list`). A key in a rotation's grace
    /// period stops now.
    pub id: i64,
}

impl RevokeArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "revoke")?;
        let info = client
            .revoke_key(self.id)
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&info);
        }
        println!("{}", view::details(&info, &[], Utc::now()));
        println!("Key {} revoked.", info.id);
        Ok(())
    }
}
