//! How content comes in: the group-commit writer that stores items in
//! batches ([`group_commit`]) and the wait for a decision that
//! `Prefer: wait=N` asks for ([`wait`]).

pub mod group_commit;
pub mod wait;

pub use group_commit::Intake;
