//! Redis (when configured): reachable with latency, persistence, eviction
//! policy, authentication, memory headroom. From the daemon's facts.

use super::{CheckResult, Ctx};

const IDS: [&str; 5] = [
    "redis.reachable",
    "redis.persistence",
    "redis.maxmemory-policy",
    "redis.auth",
    "redis.memory",
];

pub fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let Some(r) = &ctx.facts.redis else {
        return IDS
            .iter()
            .map(|id| CheckResult::skipped(id, "no REDIS_URL: in-process queue and limiter"))
            .collect();
    };
    if !r.reachable {
        let mut out = vec![CheckResult::fail(
            "redis.reachable",
            r.error.clone().unwrap_or_else(|| "unreachable".into()),
            "check REDIS_URL and that Redis runs",
        )];
        out.extend(
            IDS[1..]
                .iter()
                .map(|id| CheckResult::skipped(id, "Redis unreachable")),
        );
        return out;
    }
    let unknown = |id: &str, what: &str| {
        CheckResult::warn(
            id,
            format!("{what} unknown (CONFIG not allowed?)"),
            "check it on the Redis server",
        )
    };
    let mut out = vec![CheckResult::pass(
        "redis.reachable",
        format!("PING {:.1} ms", r.ping_ms.unwrap_or_default()),
    )];
    let rdb = r.rdb_save.as_deref().is_some_and(|s| !s.trim().is_empty());
    out.push(match (r.aof_enabled, &r.rdb_save) {
        (Some(true), _) => CheckResult::pass("redis.persistence", "AOF on"),
        (_, Some(save)) if rdb => {
            CheckResult::pass("redis.persistence", format!("RDB save {save}"))
        }
        (None, None) => unknown("redis.persistence", "persistence"),
        _ => CheckResult::fail(
            "redis.persistence",
            "neither AOF nor RDB snapshots: a restart loses the queue",
            "appendonly yes (or a save schedule) in redis.conf",
        ),
    });
    out.push(match r.maxmemory_policy.as_deref() {
        Some("noeviction") => CheckResult::pass("redis.maxmemory-policy", "noeviction"),
        Some(p) => CheckResult::fail(
            "redis.maxmemory-policy",
            format!("{p}: Redis may evict queue entries under memory pressure"),
            "maxmemory-policy noeviction",
        ),
        None => unknown("redis.maxmemory-policy", "maxmemory-policy"),
    });
    out.push(match r.auth_required {
        Some(true) => {
            CheckResult::pass("redis.auth", "unauthenticated connections refused (NOAUTH)")
        }
        Some(false) => CheckResult::warn(
            "redis.auth",
            "Redis accepts unauthenticated connections",
            "requirepass / ACL users, and a password in REDIS_URL",
        ),
        None => unknown("redis.auth", "authentication"),
    });
    out.push(match (r.used_memory_bytes, r.maxmemory_bytes) {
        (Some(used), Some(max)) if ctx.thresholds.redis_full(used, max) => CheckResult::warn(
            "redis.memory",
            format!("{} of {} MiB used", used >> 20, max >> 20),
            "raise maxmemory or drain the queue",
        ),
        (Some(used), Some(0)) => CheckResult::warn(
            "redis.memory",
            format!("{} MiB used, no maxmemory set", used >> 20),
            "set maxmemory below the host's memory",
        ),
        (Some(used), Some(max)) => CheckResult::pass(
            "redis.memory",
            format!("{} of {} MiB used", used >> 20, max >> 20),
        ),
        _ => unknown("redis.memory", "memory use"),
    });
    out
}
