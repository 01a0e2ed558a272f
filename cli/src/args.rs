//! The command line: global options and the list of subcommands.
//!
//! Every flag has a `///` doc (it becomes `--help`; a test enforces it), and
//! every flag that reads an environment variable shows its name in `--help`.

use crate::client::Client;
use crate::error::CliError;
use crate::secret::{DatabaseUrl, Secret};
use crate::{
    backup, bench, classify, completions, content, eval, keys, migrate, policy, queue, review,
    secrets, smoke, top, verify, webhooks,
};
use clap::{Args, Parser, Subcommand};

/// Default `--database-url`: the daemon's embedded default.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/modd.db";
/// Default `--url`: a daemon on this machine.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8000";

/// Global options are listed apart from each subcommand's own.
const GLOBAL: &str = "Global options";

/// Printed after the root `--help`: every environment variable modctl reads
/// (a test checks that each `env` of the clap definition is named here),
/// then the exit codes.
pub const AFTER_HELP: &str = "\
Environment (a flag overrides its variable; values are never shown):
  DATABASE_URL      --database-url: database for `migrate`, `backup`,
                    `restore`, and for `keys create` / `keys list`
                    without an admin key
  DATABASE_URL_FILE --database-url-file: a file holding DATABASE_URL (a
                    mounted secret); setting both is an error
  MODCTL_URL        --url: base URL of the daemon
  MODCTL_ADMIN_KEY  --admin-key: admin key for the daemon's admin API
  MODCTL_API_KEY    classify/eval --api-key: any valid key (else the admin
                    key)
  MODCTL_SMOKE_KEY  smoke ratelimit --key: a client key unused for a minute
  MODCTL_BENCH_KEY  bench --key: the client key to load-test with
  MODCTL_BACKUP_DIR backup --to, verify --backup-dir: the backup directory
  MODCTL_BACKUP_KEY_FILE backup/restore --key-file: the key of encrypted
                    backups
  MODD_ENV          `production`: `keys create` on the database makes
                    mod_live_ keys (else mod_test_; through the API the
                    daemon's MODD_ENV decides); `migrate down`/`redo` need --yes

Exit codes:
  0  success
  1  the command ran and failed (database down, HTTP error, ...)
  2  usage or configuration error (bad flag value, bad DATABASE_URL, ...)";

/// Operator CLI for modd, the content-moderation service.
///
/// Creates API keys, runs database migrations and talks to a running daemon:
/// policies, classification, review, webhooks, queue, verify, top, bench.
/// Human-readable tables by default; `--json` for scripts.
#[derive(Debug, Parser)]
#[command(name = "modctl", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts. Env values are hidden in `--help` so
/// secrets (a password in DATABASE_URL, the admin key) never reach a
/// terminal log or a screenshot, and help output does not depend on the shell.
#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Print machine-readable JSON on stdout instead of tables.
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Database to use for commands that work on it directly (`migrate`,
    /// `backup`, `restore`, and `keys create` / `keys list` when no admin
    /// key is given). `sqlite:` or `postgres://` URL.
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DATABASE_URL",
        hide_env_values = true,
        default_value = DEFAULT_DATABASE_URL,
        value_name = "URL"
    )]
    pub database_url: DatabaseUrl,

    /// File holding the database URL (a mounted secret: Compose, Kubernetes,
    /// systemd credentials), instead of --database-url. A trailing newline
    /// is ignored.
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DATABASE_URL_FILE",
        value_name = "FILE",
        conflicts_with = "database_url"
    )]
    pub database_url_file: Option<std::path::PathBuf>,

    /// Base URL of the modd daemon for commands that use its HTTP API.
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "MODCTL_URL",
        hide_env_values = true,
        default_value = DEFAULT_URL,
        value_name = "URL"
    )]
    pub url: String,

    /// Key for commands that use the daemon's admin API: an admin key, or a
    /// `viewer` key (read-only views, `top`, `verify`) or a `reviewer` key
    /// (`review`) where the command needs no more. Prefer the environment
    /// variable: flags show up in `ps` and shell history.
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "MODCTL_ADMIN_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub admin_key: Option<Secret>,
}

impl GlobalOpts {
    /// The database to open: `--database-url-file`'s content when given,
    /// else `--database-url`. Errors name the option and path, never the
    /// content.
    pub fn database(&self) -> Result<DatabaseUrl, CliError> {
        let Some(path) = &self.database_url_file else {
            return Ok(self.database_url.clone());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!(
                "--database-url-file / DATABASE_URL_FILE: cannot read {}: {e}",
                path.display()
            ))
        })?;
        let url = text.strip_suffix('\n').unwrap_or(&text);
        let url = url.strip_suffix('\r').unwrap_or(url);
        if url.is_empty() {
            return Err(CliError::usage(format!(
                "--database-url-file / DATABASE_URL_FILE: {} is empty",
                path.display()
            )));
        }
        let Ok(url) = url.parse::<DatabaseUrl>();
        Ok(url)
    }

    /// An HTTP client for `--url`, authenticated with `--admin-key` if given.
    pub fn client(&self) -> Result<Client, CliError> {
        let o = crate::client::ClientOptions::default();
        self.client_with(
            reqwest::Client::builder()
                .connect_timeout(o.connect_timeout)
                .timeout(o.timeout),
        )
    }

    /// Like [`GlobalOpts::client`], from a prepared builder (e.g. one that
    /// trusts a private CA).
    pub fn client_with(&self, builder: reqwest::ClientBuilder) -> Result<Client, CliError> {
        if let Some(key) = &self.admin_key {
            // Catch a truncated paste before the daemon says 401; the
            // error names the variable, never the value.
            modd_common::ApiKey::parse(key.expose())
                .map_err(|e| CliError::usage(format!("--admin-key / MODCTL_ADMIN_KEY: {e}")))?;
        }
        Client::with_builder(
            &self.url,
            self.admin_key.as_ref().map(|k| k.expose().to_owned()),
            builder,
        )
        .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list, show, revoke and rotate API keys.
    #[command(subcommand)]
    Keys(keys::Cmd),
    /// Show, apply and revert database migrations.
    #[command(subcommand)]
    Migrate(migrate::Cmd),
    /// Back up the database: a consistent copy while modd runs, with a
    /// checksummed manifest; optional encryption and pruning.
    Backup(backup::BackupArgs),
    /// Restore a backup into --database-url: checksum, key, schema and
    /// liveness checked first, then replaced atomically.
    Restore(backup::RestoreArgs),
    /// Show, set, list and dry-run an app's moderation policy (admin API).
    #[command(subcommand)]
    Policy(policy::Cmd),
    /// Classify text without storing it: scores, language, decision.
    Classify(classify::ClassifyArgs),
    /// Measure decisions on labelled JSONL: precision, recall and F1 per
    /// language and category, thresholds for a target precision.
    Eval(eval::EvalArgs),
    /// Review flagged items (list, show, approve, reject, batch) and appeals.
    #[command(subcommand)]
    Review(review::Cmd),
    /// Per-app webhooks: set the URL, rotate the secret, test, deliveries, replay.
    #[command(subcommand)]
    Webhooks(webhooks::Cmd),
    /// The daemon's SECRET_KEY rotation: reseal stored webhook secrets
    /// under the new key (resumable, audited, `--dry-run`).
    #[command(subcommand)]
    Secrets(secrets::Cmd),
    /// Per-app data settings: retention and storage mode.
    #[command(subcommand)]
    Apps(webhooks::AppsCmd),
    /// Erase content on request.
    #[command(subcommand)]
    Content(content::Cmd),
    /// Job queue of a running daemon: stats, live workers, dead letters.
    #[command(subcommand)]
    Queue(queue::Cmd),
    /// Smoke tests against a running daemon: rate limits and authentication.
    #[command(subcommand)]
    Smoke(smoke::Cmd),
    /// Print a shell completion script to stdout.
    Completions(completions::CompletionsArgs),
    /// Write man pages (the main page and one per subcommand).
    Man(completions::ManArgs),
    /// Load-test `POST /api/v1/moderation/analyse`: latency percentiles,
    /// throughput, accept-to-decision latency; `--fail-*` gates for CI.
    Bench(bench::BenchArgs),
    /// Check a running deployment against the production checklist:
    /// pass/fail/warn per check, manual items listed; exit 1 on a failure.
    #[command(args_conflicts_with_subcommands = true)]
    Verify(verify::VerifyArgs),
    /// Live dashboard of a deployment: traffic, queue, workers, decisions,
    /// webhooks, resources, dead letters (`--once [--json]` for scripts).
    Top(top::TopArgs),
}
