//! `modctl content`: erasure requests over the admin API.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::print_json;
use clap::{Args, Subcommand};

/// `modctl content …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Delete an item and its scores, decision and webhook events now
    /// (audit-logged without the content).
    Erase(EraseArgs),
}

/// `modctl content erase`
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The app the item belongs to.
    #[arg(long, value_name = "APP")]
    pub source_app: String,
    /// The app's own id of the item.
    #[arg(long, value_name = "ID")]
    pub external_id: String,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let Cmd::Erase(a) = self;
        global
            .client()?
            .erase_item(&a.source_app, &a.external_id)
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&serde_json::json!({"erased": true}));
        }
        println!("erased {}/{}", a.source_app, a.external_id);
        Ok(())
    }
}
