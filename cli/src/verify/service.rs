//! Service: `/`, `/health`, `/ready`, `/metrics`, `/openapi.json`, version.

use reqwest::Method;

use super::{CheckResult, Ctx};

/// Series `/metrics` must serve for the dashboards the checklist asks for.
const SERIES: [&str; 4] = [
    "modd_items",
    "modd_queue_depth",
    "modd_db_pool_max_connections",
    "modd_uptime_seconds",
];

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let mut out = Vec::new();
    let info = ctx.anon.info().await;
    out.push(match &info {
        Ok(i) => CheckResult::pass("service.root", format!("{} {}", i.service, i.version)),
        Err(e) => CheckResult::fail(
            "service.root",
            e.to_string(),
            "check the URL and the daemon's logs",
        ),
    });
    out.push(match ctx.anon.health().await {
        Ok(()) => CheckResult::pass("service.health", "200"),
        Err(e) => CheckResult::fail("service.health", e.to_string(), "check the daemon's logs"),
    });
    out.push(match ctx.anon.ready().await {
        Ok(r) if r.status == "ok" => CheckResult::pass(
            "service.ready",
            format!("all {} dependencies ok", r.checks.len()),
        ),
        Ok(r) => {
            // A missing image model is judged by `images.model` (a warning);
            // an optional model that is `off` (the sentence encoder) is not a failure.
            let bad: Vec<String> = r
                .checks
                .iter()
                .filter(|(n, c)| {
                    !matches!(c.status.as_str(), "ok" | "off") && n.as_str() != "image_model"
                })
                .map(|(n, c)| format!("{n}: {} {}", c.status, c.detail.clone().unwrap_or_default()))
                .collect();
            if bad.is_empty() {
                CheckResult::pass(
                    "service.ready",
                    "dependencies ok (the image model: see images.model)",
                )
            } else {
                CheckResult::fail("service.ready", bad.join("; "), "fix the named dependency")
            }
        }
        Err(e) => CheckResult::fail("service.ready", e.to_string(), "check the daemon's logs"),
    });
    out.push(metrics(ctx).await);
    out.push(match ctx.anon.probe(Method::GET, &["openapi.json"]).await {
        Ok(p) if p.status == 200 => CheckResult::pass("service.openapi", "200"),
        Ok(p) => CheckResult::fail(
            "service.openapi",
            format!("status {}", p.status),
            "serve /openapi.json",
        ),
        Err(e) => CheckResult::fail("service.openapi", e.to_string(), "serve /openapi.json"),
    });
    let mine = env!("CARGO_PKG_VERSION");
    out.push(match info {
        Ok(i) if i.version == mine => {
            CheckResult::pass("service.version", format!("{mine} (same as modctl)"))
        }
        Ok(i) => CheckResult::warn(
            "service.version",
            format!("daemon {} but modctl {mine}", i.version),
            "use the modctl of the deployed release",
        ),
        Err(_) => CheckResult::skipped("service.version", "GET / failed"),
    });
    out
}

async fn metrics(ctx: &Ctx) -> CheckResult {
    let url = format!("{}/metrics", ctx.url.trim_end_matches('/'));
    let text = match reqwest::get(url).await {
        Ok(r) if r.status().is_success() => r.text().await.unwrap_or_default(),
        Ok(r) => {
            return CheckResult::fail(
                "service.metrics",
                format!("status {}", r.status()),
                "serve /metrics",
            );
        }
        Err(e) => return CheckResult::fail("service.metrics", e.to_string(), "serve /metrics"),
    };
    let missing: Vec<&str> = SERIES
        .iter()
        .copied()
        .filter(|s| !text.lines().any(|l| l.starts_with(s)))
        .collect();
    if missing.is_empty() {
        CheckResult::pass(
            "service.metrics",
            format!("{} expected series present", SERIES.len()),
        )
    } else {
        CheckResult::fail(
            "service.metrics",
            format!("missing series: {}", missing.join(", ")),
            "run a modd release that exports them",
        )
    }
}
