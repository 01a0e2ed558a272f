//! The machinery of serving one process, below the start-up code
//! (`server.rs`) that wires it to everything else: the graceful drain on a
//! signal (`drain.rs`), modd's own TLS (`tls/`), whether this binary may
//! run on the database's schema (`schema_skew.rs`), and the container probe
//! `modd healthcheck` (`healthcheck.rs`).
//!
//! Handlers read two of these through `AppState` (is this replica
//! draining, which schema does it run on), so this folder sits below
//! `state.rs` and `http/`, and imports neither.

pub mod drain;
pub mod healthcheck;
pub mod schema_skew;
pub mod tls;
