//! Database: reachable, migrations at head, pool, role privileges, foreign
//! key indexes from the daemon's facts; a recent backup (`backups.rs`).

use super::{CheckResult, Ctx, VerifyArgs};

pub fn checks(ctx: &Ctx, args: &VerifyArgs) -> Vec<CheckResult> {
    let d = &ctx.facts.database;
    let mut out = Vec::new();
    // The facts endpoint read the catalogs through the pool: it answered, so
    // the database is reachable from the daemon.
    out.push(CheckResult::pass(
        "db.reachable",
        format!("{} answered the catalog queries", d.backend),
    ));
    out.push(if d.pending_migrations == 0 {
        CheckResult::pass("db.migrations", "at head")
    } else {
        CheckResult::fail(
            "db.migrations",
            format!("{} migration(s) pending", d.pending_migrations),
            "modctl migrate up (after a backup)",
        )
    });
    out.push(if d.pool_max >= 2 {
        CheckResult::pass(
            "db.pool",
            format!("max {} connections, {} open", d.pool_max, d.pool_size),
        )
    } else {
        CheckResult::warn(
            "db.pool",
            format!("pool max is {}", d.pool_max),
            "raise MODD_DB_MAX_CONNECTIONS",
        )
    });
    out.push(match d.superuser {
        Some(false) => CheckResult::pass("db.superuser", "the connecting role is not a superuser"),
        Some(true) => CheckResult::fail(
            "db.superuser",
            "the connecting role is a PostgreSQL superuser",
            "connect as a role owning only modd's schema (CREATE ROLE modd LOGIN; GRANT ...)",
        ),
        None => CheckResult::skipped("db.superuser", format!("{}: no roles", d.backend)),
    });
    out.push(if d.unindexed_foreign_keys.is_empty() {
        CheckResult::pass("db.fk-indexes", "every foreign key has an index")
    } else {
        CheckResult::fail(
            "db.fk-indexes",
            format!("without an index: {}", d.unindexed_foreign_keys.join(", ")),
            "add a migration creating an index on those columns",
        )
    });
    out.push(super::backups::check(
        &d.backend,
        d.archive_mode.as_deref(),
        args.backup_dir.as_deref(),
        args.backup_max_age,
    ));
    out
}
