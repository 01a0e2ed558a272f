//! What every section reads: the clients, the facts the daemon reports,
//! thresholds, and the temporary keys to revoke at the end.

use chrono::TimeDelta;
use modd_common::{CreateKeyRequest, CreatedKey, FactsView, Role};
use std::sync::Mutex;

use super::VerifyArgs;
use crate::args::GlobalOpts;
use crate::client::{Client, ClientError};
use crate::error::CliError;

const FACTS: [&str; 4] = ["api", "v1", "admin", "facts"];

/// The state of one verify run.
pub struct Ctx {
    pub url: String,
    pub anon: Client,
    pub admin: Client,
    pub facts: FactsView,
    pub rotation_age: TimeDelta,
    pub p95_ms: f64,
    pub probe_requests: u32,
    pub max_pending_secs: u64,
    skip: Vec<String>,
    /// Ids of temporary keys; revoked by [`Ctx::cleanup`].
    temp_keys: Mutex<Vec<i64>>,
}

/// Exit 2: verify itself could not run.
fn cannot_run(e: impl std::fmt::Display) -> CliError {
    CliError::usage(format!("verify could not run: {e}"))
}

impl Ctx {
    /// Connects and reads the facts; any failure here is exit 2.
    pub async fn connect(global: &GlobalOpts, args: &VerifyArgs) -> Result<Self, CliError> {
        if global.admin_key.is_none() {
            return Err(CliError::usage(
                "`modctl verify` needs an admin key: set MODCTL_ADMIN_KEY (or --admin-key)",
            ));
        }
        let rotation_age = modd_common::parse_duration(&args.rotation_age)
            .map_err(|e| CliError::usage(format!("--rotation-age: {e}")))?;
        let admin = global.client()?;
        let anon = Client::new(&global.url, None)
            .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?;
        let facts = admin
            .get_json::<FactsView>(&FACTS)
            .await
            .map_err(|e| match &e {
                ClientError::Api(api) if matches!(api.status.as_u16(), 401 | 403) => {
                    cannot_run(format!("the admin key was refused ({})", api.status))
                }
                ClientError::Transport { .. } => cannot_run(format!("daemon unreachable: {e}")),
                _ => cannot_run(e),
            })?;
        Ok(Self {
            url: global.url.clone(),
            anon,
            admin,
            facts,
            rotation_age,
            p95_ms: args.p95_ms,
            probe_requests: args.probe_requests,
            max_pending_secs: args.max_pending_secs,
            skip: args.skip.clone(),
            temp_keys: Mutex::new(Vec::new()),
        })
    }

    /// Whether a check should run (not `--skip`ped): lets expensive checks
    /// avoid creating keys or load for nothing.
    pub fn wants(&self, id: &str) -> bool {
        !self.skip.iter().any(|s| s == id)
    }

    /// A temporary client key (one-hour expiry even if cleanup never runs),
    /// registered for revocation.
    pub async fn temp_key(
        &self,
        purpose: &str,
        rate_limit: Option<&str>,
    ) -> Result<(Client, CreatedKey), ClientError> {
        let created = self
            .admin
            .create_key(&CreateKeyRequest {
                name: format!("modctl-verify-{purpose}"),
                role: Role::Client,
                source_apps: Vec::new(),
                rate_limit: rate_limit.map(str::to_owned),
                expires_in: Some("1h".into()),
                environment: None,
            })
            .await?;
        if let Ok(mut keys) = self.temp_keys.lock() {
            keys.push(created.info.id);
        }
        let client = Client::new(&self.url, Some(created.key.clone()))?;
        Ok((client, created))
    }

    /// Revokes every temporary key; a failure is reported, never hidden.
    pub async fn cleanup(&self) -> Result<(), CliError> {
        let ids: Vec<i64> = self
            .temp_keys
            .lock()
            .map(|mut k| std::mem::take(&mut *k))
            .unwrap_or_default();
        let mut failed = Vec::new();
        for id in ids {
            if self.admin.revoke_key(id).await.is_err() {
                failed.push(id.to_string());
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(CliError::failure(anyhow::anyhow!(
                "temporary key(s) {} left active (they expire within the hour)",
                failed.join(", ")
            )))
        }
    }
}
