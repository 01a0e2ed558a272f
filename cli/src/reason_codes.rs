//! `modctl apps reason-codes APP`: the reason codes reviewers pick from for
//! an app's items (the console's keys 1–9), shown or replaced.

use crate::client::Client;
use crate::error::CliError;
use crate::output::{self, print_json};
use modd_common::{ReasonCode, ReasonCodes};

/// `modctl apps reason-codes`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source app.
    pub app: String,
    /// Replace the list: CODE=LABEL, once per code, in key order (1 to 9
    /// codes; a code is a-z, 0-9 and _, starting with a letter).
    #[arg(long = "set", value_name = "CODE=LABEL", conflicts_with = "default")]
    pub set: Vec<String>,
    /// Go back to the built-in list.
    #[arg(long)]
    pub default: bool,
}

impl Args {
    pub async fn run(self, client: &Client, json: bool) -> Result<(), CliError> {
        let codes = if self.default {
            Some(None)
        } else if self.set.is_empty() {
            None
        } else {
            Some(Some(
                self.set
                    .iter()
                    .map(|pair| parse_pair(pair))
                    .collect::<Result<Vec<_>, _>>()?,
            ))
        };
        let list = match codes {
            None => client.reason_codes(&self.app).await,
            Some(codes) => client.set_reason_codes(&self.app, codes).await,
        }
        .map_err(CliError::failure)?;
        if json {
            return print_json(&list);
        }
        print!("{}", render(&list));
        Ok(())
    }
}

/// `spam=Spam or advertising` as a code and its label.
fn parse_pair(pair: &str) -> Result<ReasonCode, CliError> {
    match pair.split_once('=') {
        Some((code, label)) if !code.trim().is_empty() => {
            Ok(ReasonCode::new(code.trim(), label.trim()))
        }
        _ => Err(CliError::usage(format!(
            "--set {pair:?}: expected CODE=LABEL, e.g. spam=Spam or advertising"
        ))),
    }
}

/// The list as a table numbered like the console's keys.
fn render(list: &ReasonCodes) -> String {
    let mut t = output::table(["key", "code", "label"]);
    for (i, c) in list.codes.iter().enumerate() {
        t.add_row([(i + 1).to_string(), c.code.clone(), c.label.clone()]);
    }
    let whose = if list.default {
        "the built-in list"
    } else {
        "its own list"
    };
    format!("{t}\n{} uses {whose}.\n", list.source_app)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_first_equals_sign() {
        let c = parse_pair("scam=Scam = fraud").unwrap();
        assert_eq!(c, ReasonCode::new("scam", "Scam = fraud"));
        assert!(parse_pair("scam").is_err());
        assert!(parse_pair("=label").is_err());
    }
}
