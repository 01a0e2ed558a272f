//! Where a `keys` command acts: the admin API or the database.

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::db;
use crate::error::CliError;
use modd_store::Store;
use std::sync::Arc;

/// The admin API when an admin key is given, else the database.
pub enum Target {
    Api(Client),
    Db(Arc<dyn Store>),
}

impl Target {
    /// For `create` and `list`: the API with an admin key, else the database.
    pub async fn choose(global: &GlobalOpts) -> Result<Self, CliError> {
        if global.admin_key.is_some() {
            Ok(Target::Api(global.client()?))
        } else {
            Ok(Target::Db(db::connect_migrated(&global.database()?).await?))
        }
    }

    /// For commands that only the API offers.
    pub fn api(global: &GlobalOpts, command: &str) -> Result<Client, CliError> {
        if global.admin_key.is_none() {
            return Err(CliError::usage(format!(
                "`modctl keys {command}` uses the admin API: set MODCTL_ADMIN_KEY \
                 (or --admin-key) and MODCTL_URL (or --url)"
            )));
        }
        global.client()
    }
}
