//! `modctl smoke auth`: that the daemon refuses what it must. No key, a
//! malformed key, an unknown (well-formed) key and an expired key must get
//! 401 (the expired one saying so); a client key on an admin route must get
//! 403; and, so the refusals mean something, a valid client key must get 200.

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use crate::output::{self, print_json};
use clap::Args;
use modd_common::{ApiKey, KeyEnvironment};
use reqwest::Method;
use serde::Serialize;
use std::time::Duration;

/// `modctl smoke auth`
#[derive(Debug, Args)]
pub struct AuthArgs {}

/// One check's result.
#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub expected: u16,
    pub got: u16,
    pub ok: bool,
    /// The server's error message (never contains the key).
    pub message: Option<String>,
}

const WHOAMI: [&str; 3] = ["api", "v1", "whoami"];
const ADMIN_KEYS: [&str; 4] = ["api", "v1", "admin", "keys"];

impl AuthArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let admin = super::admin_client(global, "`modctl smoke auth`")?;
        // The expired key gets a one-second life; the client key an hour.
        let expiring = super::temp_key(&admin, "smoke-auth-expired", "1s").await?;
        let client_key = match super::temp_key(&admin, "smoke-auth-client", "1h").await {
            Ok(k) => k,
            Err(e) => {
                let _ = super::cleanup(&admin, &[expiring.info.id]).await;
                return Err(e);
            }
        };
        let checks = run_checks(&global.url, &expiring.key, &client_key.key).await;
        let cleaned = super::cleanup(&admin, &[expiring.info.id, client_key.info.id]).await;
        let checks = checks?;
        if global.json {
            print_json(&checks)?;
        } else {
            let mut t = output::table(["check", "expected", "got", "result"]);
            for c in &checks {
                t.add_row([
                    c.name.to_owned(),
                    c.expected.to_string(),
                    c.got.to_string(),
                    if c.ok { "ok" } else { "FAIL" }.to_owned(),
                ]);
            }
            println!("{t}");
        }
        cleaned?;
        let failed: Vec<&str> = checks.iter().filter(|c| !c.ok).map(|c| c.name).collect();
        if failed.is_empty() {
            Ok(())
        } else {
            Err(CliError::failure(anyhow::anyhow!(
                "auth smoke test failed: {}",
                failed.join(", ")
            )))
        }
    }
}

async fn run_checks(url: &str, expiring: &str, client_key: &str) -> Result<Vec<Check>, CliError> {
    let client = |key: Option<String>| {
        Client::new(url, key).map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))
    };
    let unknown = ApiKey::generate(KeyEnvironment::Test)
        .expose_secret()
        .to_owned();
    let cases: [(&'static str, Option<String>, &[&str], u16); 5] = [
        (
            "valid client key",
            Some(client_key.to_owned()),
            &WHOAMI,
            200,
        ),
        ("no key", None, &WHOAMI, 401),
        (
            "malformed key",
            Some("mod_test_not-a-real-key".to_owned()),
            &WHOAMI,
            401,
        ),
        ("unknown key", Some(unknown), &WHOAMI, 401),
        (
            "client key on admin route",
            Some(client_key.to_owned()),
            &ADMIN_KEYS,
            403,
        ),
    ];
    let mut checks = Vec::new();
    for (name, key, path, expected) in cases {
        let probe = client(key)?
            .probe(Method::GET, path)
            .await
            .map_err(CliError::failure)?;
        checks.push(Check {
            name,
            expected,
            got: probe.status.as_u16(),
            ok: probe.status.as_u16() == expected,
            message: probe.error.map(|e| e.error.message),
        });
    }
    // Let the one-second key run out.
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let probe = client(Some(expiring.to_owned()))?
        .probe(Method::GET, &WHOAMI)
        .await
        .map_err(CliError::failure)?;
    let message = probe.error.map(|e| e.error.message);
    checks.push(Check {
        name: "expired key (message says expired)",
        expected: 401,
        got: probe.status.as_u16(),
        ok: probe.status == 401 && message.as_deref().is_some_and(|m| m.contains("expired")),
        message,
    });
    Ok(checks)
}
