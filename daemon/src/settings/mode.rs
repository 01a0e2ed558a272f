//! Which role a process plays, chosen by its subcommand.

/// What a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `modd serve`: the API, plus workers unless `MODD_WORKERS=0`.
    Serve,
    /// `modd worker`: workers only, with `/health`, `/ready`, `/metrics`.
    Worker,
}

impl Mode {
    /// The name in `modd_build_info{mode}` and the stats snapshot.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Serve => "serve",
            Mode::Worker => "worker",
        }
    }
}
