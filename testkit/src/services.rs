//! Which shared servers a run tests against. `TEST_DATABASE_URL` (a
//! PostgreSQL server where we may `CREATE DATABASE`) and `TEST_REDIS_URL`
//! come from the environment. Unset means "skip", except with
//! `MODD_REQUIRE_SERVICES=1` (CI sets it), where a missing service panics:
//! a green run must never hide a skipped backend.

const REQUIRE: &str = "MODD_REQUIRE_SERVICES";

/// Whether a missing service is a failure (`MODD_REQUIRE_SERVICES=1`).
pub fn services_required() -> bool {
    std::env::var(REQUIRE).is_ok_and(|v| v == "1")
}

/// The URL in `var`, or `None` when unset and services are optional.
pub(crate) fn service_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if services_required() => {
            panic!("{REQUIRE}=1 but {var} is not set: this run must test that service")
        }
        _ => None,
    }
}

/// `TEST_REDIS_URL`, or `None` to skip (panics if services are required).
pub fn redis_url() -> Option<String> {
    service_url("TEST_REDIS_URL")
}

/// `TEST_DATABASE_URL`, or `None` to skip (panics if services are required).
pub(crate) fn postgres_admin_url() -> Option<String> {
    service_url("TEST_DATABASE_URL")
}
