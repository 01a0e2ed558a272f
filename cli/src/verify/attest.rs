//! The sign-off of manual items: `modctl verify attest CHECK_ID --by NAME
//! --note TEXT` records a person's confirmation (audited, with an expiry),
//! and a run shows each manual item as attested (by whom, when, until when)
//! or not; `--strict` fails on the ones that are not.

use chrono::Utc;
use clap::{Args, Subcommand};
use modd_common::{AttestRequest, AttestationView};

use super::catalog::{self, CheckDoc};
use super::{CheckResult, Ctx, Status};
use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};

/// `modctl verify …` subcommands.
#[derive(Debug, Subcommand)]
pub enum VerifyCmd {
    /// Record that a person confirmed a manual item (admin key; audited).
    Attest(AttestArgs),
}

/// `modctl verify attest`
#[derive(Debug, Args)]
pub struct AttestArgs {
    /// The manual item, e.g. `manual.load-test` (see `modctl verify --list`).
    pub check_id: String,
    /// Who confirms it.
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// What was confirmed, e.g. a link to the load-test report.
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// How long the confirmation holds (s, m, h, d, w) [default: 30d].
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
}

impl AttestArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        if !catalog::MANUAL.iter().any(|m| m.id == self.check_id) {
            let ids: Vec<&str> = catalog::MANUAL.iter().map(|m| m.id).collect();
            return Err(CliError::usage(format!(
                "{}: not a manual item; one of {}",
                self.check_id,
                ids.join(", ")
            )));
        }
        let recorded = global
            .client()?
            .attest(&AttestRequest {
                check_id: self.check_id,
                by: self.by,
                note: self.note,
                expires_in: self.expires_in,
            })
            .await
            .map_err(CliError::failure)?;
        if global.json {
            return print_json(&recorded);
        }
        println!(
            "{} attested by {} until {}",
            recorded.check_id,
            recorded.attested_by,
            output::timestamp(recorded.expires_at)
        );
        Ok(())
    }
}

/// Each manual item: `pass` when attested (who, when, until, note), else
/// `manual` with the command that attests it.
pub async fn manual_items(ctx: &Ctx) -> Vec<CheckResult> {
    let current = match ctx.admin.attestations().await {
        Ok(list) => list,
        Err(e) => {
            return catalog::MANUAL
                .iter()
                .map(|m| unattested(m).with_details(vec![format!("attestations: {e}")]))
                .collect();
        }
    };
    catalog::MANUAL
        .iter()
        .map(|m| match current.iter().find(|a| a.check_id == m.id) {
            Some(a) => attested(m, a),
            None => unattested(m),
        })
        .collect()
}

fn attested(m: &CheckDoc, a: &AttestationView) -> CheckResult {
    let now = Utc::now();
    CheckResult::pass(
        m.id,
        format!(
            "attested by {} {} (until {}): {}",
            a.attested_by,
            output::relative(a.at, now),
            output::timestamp(a.expires_at),
            a.note
        ),
    )
}

fn unattested(m: &CheckDoc) -> CheckResult {
    CheckResult::new(
        m.id,
        Status::Manual,
        format!("{} ({}); not attested", m.what, m.checklist),
    )
    .with_fix(format!(
        "confirm it, then: modctl verify attest {} --by NAME --note TEXT",
        m.id
    ))
}
