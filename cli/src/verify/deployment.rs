//! The whole deployment, not whichever replica the load balancer picked:
//! every live `modd serve` and `modd worker` process from the snapshots
//! they publish (`GET /api/v1/admin/stats`), their versions (skew is a
//! warning: a rolling upgrade in progress) and the schema each expects
//! (disagreement is a failure: one of them runs against a schema it was not
//! built for), and the single-node shape that production must not have.

use chrono::{DateTime, TimeDelta, Utc};
use modd_common::{FactsView, ReplicaStats};
use std::collections::BTreeSet;

use super::{CheckResult, Ctx};

/// A snapshot older than this is a replica that stopped publishing.
const LIVE: TimeDelta = TimeDelta::seconds(30);

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let mut out = match ctx.admin.stats(None).await {
        Ok(stats) => judge(&stats.replicas, Utc::now()),
        Err(e) => [
            "deployment.replicas",
            "deployment.versions",
            "deployment.schema",
        ]
        .into_iter()
        .map(|id| CheckResult::fail(id, format!("reading stats: {e}"), "check the key"))
        .collect(),
    };
    out.push(single_node(&ctx.facts));
    out
}

/// The replica checks over `replicas` as seen at `now`.
fn judge(replicas: &[ReplicaStats], now: DateTime<Utc>) -> Vec<CheckResult> {
    let live: Vec<&ReplicaStats> = replicas
        .iter()
        .filter(|r| now - r.taken_at <= LIVE)
        .collect();
    let details: Vec<String> = live
        .iter()
        .map(|r| {
            let schema = r.schema.map_or("unknown".into(), |s| s.to_string());
            format!(
                "{} ({}, {} pid {}): version {}, schema {schema}, {}/{} workers alive",
                r.id, r.mode, r.host, r.pid, r.version, r.workers_alive, r.workers_configured
            )
        })
        .collect();
    let stale = replicas.len() - live.len();
    let replicas_check = if live.is_empty() {
        CheckResult::fail(
            "deployment.replicas",
            format!(
                "no replica published stats in the last {}s",
                LIVE.num_seconds()
            ),
            "check that the replicas run and share REDIS_URL",
        )
    } else {
        let serve = live.iter().filter(|r| r.mode == "serve").count();
        let mut reason = format!(
            "{serve} serve, {} worker process(es) live",
            live.len() - serve
        );
        if stale > 0 {
            reason.push_str(&format!("; {stale} stopped publishing"));
        }
        CheckResult::pass("deployment.replicas", reason).with_details(details)
    };
    let versions: BTreeSet<&str> = live.iter().map(|r| r.version.as_str()).collect();
    let versions_check = if versions.len() <= 1 {
        CheckResult::pass(
            "deployment.versions",
            format!("one version: {}", versions.first().copied().unwrap_or("-")),
        )
    } else {
        CheckResult::warn(
            "deployment.versions",
            format!("version skew: {}", join(&versions)),
            "finish the rolling upgrade (docs: operating/upgrades.md)",
        )
    };
    let schemas: BTreeSet<String> = live
        .iter()
        .map(|r| r.schema.map_or("unknown".into(), |s| s.to_string()))
        .collect();
    let schema_check = if schemas.len() <= 1 {
        CheckResult::pass(
            "deployment.schema",
            format!(
                "every replica expects schema {}",
                schemas.first().map_or("-", String::as_str)
            ),
        )
    } else {
        CheckResult::fail(
            "deployment.schema",
            format!("replicas expect different schemas: {}", join(&schemas)),
            "upgrade or roll back the replicas so all run one release",
        )
    };
    vec![replicas_check, versions_check, schema_check]
}

/// SQLite with no Redis in production: one process holds the data, the
/// queue and the limits, so a second replica would split them. A warning
/// (a failure under `--strict`).
fn single_node(facts: &FactsView) -> CheckResult {
    const ID: &str = "deployment.single-node";
    let single = facts.database.backend == "sqlite" && facts.redis.is_none();
    match (facts.environment.as_str(), single) {
        ("production", true) => CheckResult::warn(
            ID,
            "production on SQLite without Redis: one process only; no shared queue or limits",
            "set DATABASE_URL=postgres://… and REDIS_URL=redis://… (docs: operating/production.md)",
        ),
        (_, true) => CheckResult::pass(ID, "SQLite without Redis (fine outside production)"),
        _ => CheckResult::pass(
            ID,
            format!(
                "{} with {}",
                facts.database.backend,
                if facts.redis.is_some() {
                    "Redis"
                } else {
                    "no Redis"
                }
            ),
        ),
    }
}

fn join<S: AsRef<str>>(set: &BTreeSet<S>) -> String {
    set.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Status;

    fn replica(id: &str, version: &str, schema: Option<i64>, age_s: i64) -> ReplicaStats {
        let now = Utc::now();
        ReplicaStats {
            id: id.into(),
            host: "h".into(),
            pid: 1,
            version: version.into(),
            mode: "serve".into(),
            schema,
            started_at: now,
            uptime_seconds: 1.0,
            taken_at: now - TimeDelta::seconds(age_s),
            workers_configured: 1,
            workers_alive: 1,
            db_pool: modd_common::DbPoolStats {
                in_use: 0,
                idle: 1,
                max: 5,
            },
            routes: Vec::new(),
            decisions: Vec::new(),
            decision_latency: Default::default(),
            job_retries: 0,
            webhooks: Vec::new(),
            process: None,
            rate_limited: Vec::new(),
            providers: Vec::new(),
            images: None,
        }
    }

    fn statuses(replicas: &[ReplicaStats]) -> Vec<Status> {
        judge(replicas, Utc::now())
            .iter()
            .map(|c| c.status)
            .collect()
    }

    #[test]
    fn skew_warns_mixed_schemas_fail_stale_replicas_are_left_out() {
        use Status::{Fail, Pass, Warn};
        let same = [
            replica("a", "1.0", Some(5), 1),
            replica("b", "1.0", Some(5), 2),
        ];
        assert_eq!(statuses(&same), [Pass, Pass, Pass]);
        let skew = [
            replica("a", "1.0", Some(5), 1),
            replica("b", "1.1", Some(5), 1),
        ];
        assert_eq!(statuses(&skew), [Pass, Warn, Pass]);
        let mixed = [
            replica("a", "1.0", Some(5), 1),
            replica("b", "1.1", Some(6), 1),
        ];
        assert_eq!(statuses(&mixed), [Pass, Warn, Fail]);
        // A replica that stopped publishing long ago does not count.
        let stale = [
            replica("a", "1.0", Some(5), 1),
            replica("b", "0.9", Some(4), 600),
        ];
        let checks = judge(&stale, Utc::now());
        assert_eq!(
            checks.iter().map(|c| c.status).collect::<Vec<_>>(),
            [Pass, Pass, Pass]
        );
        assert!(
            checks[0].reason.contains("1 stopped publishing"),
            "{}",
            checks[0].reason
        );
        assert_eq!(statuses(&[]), [Fail, Pass, Pass]);
    }

    fn facts(environment: &str, backend: &str, redis: bool) -> FactsView {
        let redis = redis.then(|| {
            serde_json::json!({"reachable": true, "error": null, "ping_ms": 1.0,
                "aof_enabled": null, "rdb_save": null, "maxmemory_policy": null,
                "auth_required": null, "used_memory_bytes": null, "maxmemory_bytes": null})
        });
        serde_json::from_value(serde_json::json!({
            "environment": environment, "log_level": "info",
            "secret_key_strong": true, "secret_key_weakness": null, "cors_origins": [],
            "database": {"backend": backend, "pending_migrations": 0, "pool_max": 5,
                "pool_size": 1, "superuser": null, "unindexed_foreign_keys": [],
                "archive_mode": null},
            "redis": redis,
            "queue": {"kind": "local", "max_attempts": 3, "workers_configured": 1}
        }))
        .expect("facts")
    }

    #[test]
    fn sqlite_without_redis_warns_only_in_production() {
        let status = |f: &FactsView| single_node(f).status;
        assert_eq!(status(&facts("production", "sqlite", false)), Status::Warn);
        assert_eq!(status(&facts("development", "sqlite", false)), Status::Pass);
        assert_eq!(
            status(&facts("production", "postgres", false)),
            Status::Pass
        );
        // A warning fails the run under --strict, and only then.
        let checks = vec![single_node(&facts("production", "sqlite", false))];
        assert!(!crate::verify::Report::new("u", checks.clone(), true, 1).approved);
        assert!(crate::verify::Report::new("u", checks, false, 1).approved);
    }
}
