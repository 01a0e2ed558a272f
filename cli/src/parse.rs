//! Grammars of flag values (`30/min`, `90d`). They live in
//! `modd_common::limits` so the daemon parses the very same text; this
//! module re-exports them for `modctl`'s `value_parser`s.

pub use modd_common::limits::*;
