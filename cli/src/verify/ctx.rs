//! What every section reads: the clients, the facts the daemon reports,
//! thresholds, and what verify created (temporary keys, probe items), to
//! remove at the end.

use chrono::TimeDelta;
use futures::StreamExt;
use modd_common::{CreateKeyRequest, CreatedKey, FactsView, Role};
use std::sync::Mutex;
use std::time::Duration;

use super::{CheckResult, VerifyArgs};
use crate::args::GlobalOpts;
use crate::client::{Client, ClientError, ClientOptions};
use crate::error::CliError;

/// The source app of every probe item, so they can be told apart and erased.
pub const PROBE_APP: &str = "modctl-verify";
/// How long one admin call may wait out the admin key's rate limit.
const ADMIN_PATIENCE: Duration = Duration::from_secs(30);
/// Erasures in flight at once during cleanup.
const ERASE_CONCURRENCY: usize = 8;

/// The state of one verify run.
pub struct Ctx {
    pub url: String,
    pub anon: Client,
    pub admin: Client,
    /// Plain HTTP client for raw requests (headers, preflight, the TLS
    /// certificate): trusts `--ca-file` and keeps the TLS peer info.
    pub http: reqwest::Client,
    pub facts: FactsView,
    pub rotation_age: TimeDelta,
    /// `--p95-ms`, `--max-pending-secs`, `--min-delivery-rate`.
    pub thresholds: crate::thresholds::Thresholds,
    pub probe_requests: u32,
    pub min_cert_days: i64,
    pub ping_webhooks: bool,
    /// The role of the key verify runs with: a `viewer` key runs every
    /// check that only reads, and reports the others as skipped.
    pub role: Role,
    skip: Vec<String>,
    /// `--ca-file`, to trust in every client verify makes.
    root: Option<reqwest::Certificate>,
    /// Ids of temporary keys; revoked by [`Ctx::cleanup`].
    temp_keys: Mutex<Vec<i64>>,
    /// External ids of probe items (source app [`PROBE_APP`]); erased by
    /// [`Ctx::cleanup`]. Registered before the request is sent.
    probe_items: Mutex<Vec<String>>,
    /// The probe's own key erases its items: it is limited to
    /// [`PROBE_APP`] and not rate-limited like the admin key may be.
    eraser: Mutex<Option<Client>>,
}

/// What a check needs from the key beyond reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Only reads: a `viewer` key will do.
    Reads,
    /// Writes (a temporary key, a test event): an `admin` key.
    Writes,
}

/// Exit 2: verify itself could not run.
fn cannot_run(e: impl std::fmt::Display) -> CliError {
    CliError::usage(format!("verify could not run: {e}"))
}

/// `--ca-file`: one or more PEM certificates.
fn read_root(path: &std::path::Path) -> Result<reqwest::Certificate, CliError> {
    let pem = std::fs::read(path)
        .map_err(|e| CliError::usage(format!("--ca-file {}: {e}", path.display())))?;
    reqwest::Certificate::from_pem(&pem).map_err(|e| {
        CliError::usage(format!(
            "--ca-file {}: not a PEM certificate: {e}",
            path.display()
        ))
    })
}

impl Ctx {
    /// Connects and reads the facts; any failure here is exit 2.
    pub async fn connect(global: &GlobalOpts, args: &VerifyArgs) -> Result<Self, CliError> {
        if global.admin_key.is_none() {
            return Err(CliError::usage(
                "`modctl verify` needs an admin or viewer key: set MODCTL_ADMIN_KEY (or --admin-key)",
            ));
        }
        let rotation_age = modd_common::parse_duration(&args.rotation_age)
            .map_err(|e| CliError::usage(format!("--rotation-age: {e}")))?;
        let root = args.ca_file.as_deref().map(read_root).transpose()?;
        let builder = || {
            let o = ClientOptions::default();
            let b = reqwest::Client::builder()
                .connect_timeout(o.connect_timeout)
                .timeout(o.timeout);
            match &root {
                Some(cert) => b.add_root_certificate(cert.clone()),
                None => b,
            }
        };
        // The admin key has a rate limit too (30/min by default) and a run
        // makes about a dozen admin calls: a second run within the minute
        // waits its limit out rather than reporting false failures.
        let admin = global
            .client_with(builder())?
            .with_rate_limit_patience(ADMIN_PATIENCE);
        let anon = Client::with_builder(&global.url, None, builder())
            .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?;
        let http = builder()
            .tls_info(true)
            .build()
            .map_err(|e| cannot_run(format!("HTTP client: {e}")))?;
        let facts = admin.facts().await.map_err(|e| match &e {
            ClientError::Api(api) if matches!(api.status.as_u16(), 401 | 403) => {
                cannot_run(format!(
                    "the key was refused ({}): verify needs an admin or viewer key",
                    api.status
                ))
            }
            ClientError::Transport { source, .. } => {
                cannot_run(format!("daemon unreachable: {e}: {}", error_chain(source)))
            }
            _ => cannot_run(e),
        })?;
        let role = admin
            .whoami()
            .await
            .map_err(|e| cannot_run(format!("reading the key's role: {e}")))?
            .role;
        Ok(Self {
            url: global.url.clone(),
            anon,
            admin,
            http,
            facts,
            rotation_age,
            thresholds: crate::thresholds::Thresholds {
                max_pending_secs: args.max_pending_secs,
                p95_ms: args.p95_ms,
                min_delivery_rate: args.min_delivery_rate,
                ..Default::default()
            },
            probe_requests: args.probe_requests,
            min_cert_days: i64::from(args.min_cert_days),
            ping_webhooks: args.ping_webhooks,
            role,
            skip: args.skip.clone(),
            root,
            temp_keys: Mutex::new(Vec::new()),
            probe_items: Mutex::new(Vec::new()),
            eraser: Mutex::new(None),
        })
    }

    /// Whether a check should run (not `--skip`ped): lets expensive checks
    /// avoid creating keys or load for nothing.
    pub fn wants(&self, id: &str) -> bool {
        !self.skip.iter().any(|s| s == id)
    }

    /// Why check `id` does not run, if it does not: `--skip`, or it needs
    /// writes and the key is not an admin key (a viewer key in CI).
    pub fn gate(&self, id: &str, needs: Needs) -> Option<CheckResult> {
        if !self.wants(id) {
            return Some(CheckResult::skipped(id, "skipped with --skip"));
        }
        (needs == Needs::Writes && self.role != Role::Admin).then(|| {
            CheckResult::skipped(
                id,
                format!(
                    "needs writes (a temporary key or a test event); this is a {} key: \
                     run with an admin key to include it",
                    self.role
                ),
            )
        })
    }

    /// A temporary client key (one-hour expiry even if cleanup never runs),
    /// registered for revocation. No `source_apps`: any app.
    pub async fn temp_key(
        &self,
        purpose: &str,
        rate_limit: Option<&str>,
    ) -> Result<(Client, CreatedKey), ClientError> {
        self.temp_key_for(purpose, rate_limit, Vec::new()).await
    }

    /// The probe's key: only [`PROBE_APP`], and it erases the probe items
    /// at cleanup (before it is revoked).
    pub async fn probe_key(&self, rate_limit: &str) -> Result<Client, ClientError> {
        let (client, _) = self
            .temp_key_for("perf", Some(rate_limit), vec![PROBE_APP.to_owned()])
            .await?;
        if let Ok(mut eraser) = self.eraser.lock() {
            *eraser = Some(client.clone());
        }
        Ok(client)
    }

    async fn temp_key_for(
        &self,
        purpose: &str,
        rate_limit: Option<&str>,
        source_apps: Vec<String>,
    ) -> Result<(Client, CreatedKey), ClientError> {
        let created = self
            .admin
            .create_key(&CreateKeyRequest {
                name: format!("modctl-verify-{purpose}"),
                role: Role::Client,
                source_apps,
                rate_limit: rate_limit.map(str::to_owned),
                expires_in: Some("1h".into()),
                environment: None,
                person: None,
                max_age: None,
            })
            .await?;
        if let Ok(mut keys) = self.temp_keys.lock() {
            keys.push(created.info.id);
        }
        let o = ClientOptions::default();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(o.connect_timeout)
            .timeout(o.timeout);
        if let Some(cert) = &self.root {
            builder = builder.add_root_certificate(cert.clone());
        }
        let client = Client::with_builder(&self.url, Some(created.key.clone()), builder)?;
        Ok((client, created))
    }

    /// Records a probe item before it is submitted, so cleanup erases it
    /// even if verify is interrupted while the request is in flight.
    pub fn register_probe_item(&self, external_id: &str) {
        if let Ok(mut items) = self.probe_items.lock() {
            items.push(external_id.to_owned());
        }
    }

    /// Erases every probe item, then revokes every temporary key; a
    /// failure is reported, never hidden.
    pub async fn cleanup(&self) -> Result<(), CliError> {
        let mut failed = Vec::new();
        let items: Vec<String> = self
            .probe_items
            .lock()
            .map(|mut i| std::mem::take(&mut *i))
            .unwrap_or_default();
        let eraser = self
            .eraser
            .lock()
            .ok()
            .and_then(|e| e.clone())
            .unwrap_or_else(|| self.admin.clone());
        match self.erase(&eraser, items).await {
            // A request cut off by Ctrl-C may still be landing: once more.
            Ok(not_found) if !not_found.is_empty() => {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if let Err(e) = self.erase(&eraser, not_found).await {
                    failed.push(e);
                }
            }
            Ok(_) => {}
            Err(e) => failed.push(e),
        }
        let ids: Vec<i64> = self
            .temp_keys
            .lock()
            .map(|mut k| std::mem::take(&mut *k))
            .unwrap_or_default();
        for id in ids {
            if self.admin.revoke_key(id).await.is_err() {
                failed.push(format!("key {id} left active (it expires within the hour)"));
            }
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(CliError::failure(anyhow::anyhow!("{}", failed.join("; "))))
        }
    }

    /// Erases probe items; returns the ids that were not found (never
    /// submitted, or not yet stored).
    async fn erase(
        &self,
        client: &Client,
        external_ids: Vec<String>,
    ) -> Result<Vec<String>, String> {
        let results: Vec<(String, Result<(), ClientError>)> = futures::stream::iter(external_ids)
            .map(|id| async move {
                let r = client.erase_item(PROBE_APP, &id).await;
                (id, r)
            })
            .buffer_unordered(ERASE_CONCURRENCY)
            .collect()
            .await;
        let mut not_found = Vec::new();
        let mut errors = Vec::new();
        for (id, r) in results {
            match r {
                Ok(()) => {}
                Err(ClientError::Api(api)) if api.status.as_u16() == 404 => not_found.push(id),
                Err(e) => errors.push(e.to_string()),
            }
        }
        match errors.first() {
            None => Ok(not_found),
            Some(first) => Err(format!(
                "{} probe item(s) of source app {PROBE_APP} could not be erased (first: {first})",
                errors.len()
            )),
        }
    }
}

/// A transport error with its causes, so a TLS failure says why.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = Vec::new();
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}
