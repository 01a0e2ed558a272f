//! What `GET /api/v1/admin/stats` (and so `modctl top`) shows: the
//! per-replica counters of [`crate::observe::Recorder`], this replica's snapshot
//! ([`snapshot`]), publication to Redis so every replica sees the whole
//! cluster ([`publish`]), and the gathering of one answer ([`collect`]).

pub mod collect;
pub mod publish;
pub mod snapshot;
