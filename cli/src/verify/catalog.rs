//! Every check id with the seed checklist section it covers
//! (`PRE_DEPLOYMENT_CHECKLIST.md`), for `--list`, `--skip` validation and
//! the manual items, so the report is the whole checklist.

/// One check: its stable id, the checklist section, what it checks.
pub struct CheckDoc {
    pub id: &'static str,
    pub checklist: &'static str,
    pub what: &'static str,
}

const fn c(id: &'static str, checklist: &'static str, what: &'static str) -> CheckDoc {
    CheckDoc {
        id,
        checklist,
        what,
    }
}

/// Checks a machine runs, in report order.
pub const AUTOMATED: &[CheckDoc] = &[
    c(
        "service.root",
        "7. Metrics & Observability",
        "GET / answers with service and version",
    ),
    c(
        "service.health",
        "7. Metrics & Observability",
        "GET /health answers 200",
    ),
    c(
        "service.ready",
        "7. Metrics & Observability",
        "GET /ready: every dependency ok",
    ),
    c(
        "service.metrics",
        "7. Metrics & Observability",
        "GET /metrics serves the expected series",
    ),
    c(
        "service.openapi",
        "14. Documentation",
        "GET /openapi.json is an OpenAPI document",
    ),
    c(
        "service.version",
        "1. Code & Testing",
        "daemon and modctl versions agree",
    ),
    c(
        "deployment.replicas",
        "5. Workers / 11. Load Balancer",
        "every live serve and worker process (from their stats snapshots)",
    ),
    c(
        "deployment.versions",
        "1. Code & Testing",
        "every live replica runs one version (skew: warning)",
    ),
    c(
        "deployment.schema",
        "3. Database",
        "every live replica expects the same schema (else: failure)",
    ),
    c(
        "deployment.single-node",
        "3. Database / 4. Redis",
        "production is not SQLite without Redis (warning; fails with --strict)",
    ),
    c(
        "config.production",
        "1. Code & Testing (no debug mode)",
        "MODD_ENV is production",
    ),
    c(
        "config.log-level",
        "1. Code & Testing (no debug mode)",
        "log level is not debug/trace",
    ),
    c(
        "config.secret-key",
        "2. Environment & Secrets",
        "SECRET_KEY is strong",
    ),
    c(
        "config.cors",
        "8. Security",
        "no wildcard origin; unknown-origin preflight refused",
    ),
    c(
        "config.security-headers",
        "8. Security",
        "nosniff, X-Frame-Options on real responses",
    ),
    c(
        "config.tls-termination",
        "8. Security / 11. Load Balancer",
        "production: modd serves TLS or sits behind a trusted proxy",
    ),
    c(
        "config.https",
        "8. Security / 11. Load Balancer",
        "https URL, certificate valid > N days, HSTS (plain HTTP on loopback: manual)",
    ),
    c("auth.no-key", "8. Security", "no key: 401"),
    c("auth.bad-key", "8. Security", "unknown key: 401"),
    c(
        "auth.client-on-admin",
        "8. Security",
        "client key on an admin route: 403",
    ),
    c(
        "auth.key-rotation-age",
        "2. Environment & Secrets / 8. Security",
        "no active key older than the rotation period",
    ),
    c(
        "auth.key-max-age",
        "2. Environment & Secrets / 8. Security",
        "no active key past its maximum age (MODD_KEY_MAX_AGE or its own)",
    ),
    c(
        "auth.admin-unused",
        "8. Security",
        "no admin key unused for 90 days",
    ),
    c(
        "auth.dev-key-names",
        "2. Environment & Secrets",
        "no active key named like a development key",
    ),
    c(
        "ratelimit.exact",
        "8. Security",
        "a temp key gets exactly its limit, then 429 + Retry-After",
    ),
    c("db.reachable", "3. Database", "database reachable"),
    c("db.migrations", "3. Database", "migrations at head"),
    c(
        "db.pool",
        "3. Database / 13. Performance",
        "connection pool configured",
    ),
    c(
        "db.superuser",
        "3. Database",
        "PostgreSQL role is not a superuser",
    ),
    c(
        "db.fk-indexes",
        "13. Performance",
        "every foreign key has an index",
    ),
    c(
        "db.backups",
        "3. Database / 12. Backup",
        "a recent `modctl backup` manifest (--backup-dir), or WAL archiving",
    ),
    c(
        "redis.reachable",
        "4. Redis",
        "Redis reachable, with latency",
    ),
    c("redis.persistence", "4. Redis", "AOF or RDB persistence on"),
    c(
        "redis.maxmemory-policy",
        "4. Redis",
        "maxmemory-policy is noeviction",
    ),
    c("redis.auth", "4. Redis", "authentication required"),
    c("redis.memory", "4. Redis / 7. Metrics", "memory headroom"),
    c(
        "queue.workers",
        "5. Workers",
        "at least one worker heartbeat fresh",
    ),
    c(
        "queue.oldest-pending",
        "5. Workers",
        "oldest pending item younger than the threshold",
    ),
    c("queue.dlq", "5. Workers", "dead-letter queue empty"),
    c("queue.retries", "5. Workers", "retries configured"),
    c(
        "images.model",
        "5. Workers",
        "the image model (open_nsfw) is loaded",
    ),
    c(
        "webhooks.delivery",
        "6. Logging & Monitoring",
        "recent webhook delivery success rate per endpoint",
    ),
    c(
        "webhooks.ping",
        "6. Logging & Monitoring",
        "a signed test event reaches every endpoint (--ping-webhooks)",
    ),
    c(
        "perf.analyse-p95",
        "13. Performance",
        "POST analyse p95 under the target",
    ),
    c(
        "repo.env-ignored",
        "2. Environment & Secrets",
        ".env ignored by git (--repo)",
    ),
    c(
        "repo.env-example",
        "2. Environment & Secrets",
        ".env.example covers every setting (--repo)",
    ),
    c(
        "repo.no-live-keys",
        "2. Environment & Secrets",
        "no mod_live_ key in git history (--repo)",
    ),
];

/// Checklist items only people can confirm.
pub const MANUAL: &[CheckDoc] = &[
    c(
        "manual.ci-green",
        "1. Code & Testing",
        "tests, clippy, coverage green in CI",
    ),
    c(
        "manual.load-test",
        "1. Code & Testing",
        "load test run (`modctl bench`)",
    ),
    c(
        "manual.redis-backups",
        "4. Redis",
        "Redis backup strategy and monitoring alerts",
    ),
    c(
        "manual.worker-supervision",
        "5. Workers",
        "workers supervised and auto-restarted; logs monitored",
    ),
    c(
        "manual.log-shipping",
        "6. Logging & Monitoring",
        "logs shipped, retained 30+ days, alerts configured",
    ),
    c(
        "manual.dashboards",
        "7. Metrics & Observability",
        "Prometheus scrapes /metrics; dashboards and alert rules",
    ),
    c(
        "manual.container",
        "9. Container & Deployment",
        "shipped: Dockerfile (non-root, read-only root, HEALTHCHECK `modd healthcheck`), deploy/compose/; scan the image, set resource limits",
    ),
    c(
        "manual.kubernetes",
        "10. Kubernetes",
        "shipped: deploy/kubernetes/ (kustomize: probes on /health and /ready, PDB, HPA, NetworkPolicy, restricted PSS); apply overlays/production",
    ),
    c(
        "manual.load-balancer",
        "11. Load Balancer",
        "health check interval, timeouts, TLS termination",
    ),
    c(
        "manual.backup-restore",
        "12. Backup & Disaster Recovery",
        "restore tested, RTO/RPO defined, runbook",
    ),
    c(
        "manual.docs-runbooks",
        "14. Documentation",
        "architecture, runbooks, incident response, on-call",
    ),
    c(
        "manual.team",
        "15. Team & Process",
        "team trained, sign-off",
    ),
];

/// Whether `id` names a check (automated or manual).
pub fn known(id: &str) -> bool {
    AUTOMATED.iter().chain(MANUAL).any(|c| c.id == id)
}

/// Sections (the part of an id before the dot), in report order.
pub fn sections() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in AUTOMATED.iter().chain(MANUAL) {
        let s = c.id.split('.').next().unwrap_or(c.id);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
