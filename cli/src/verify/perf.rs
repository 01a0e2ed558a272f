//! `perf.analyse-p95`: a short probe of `POST /api/v1/moderation/analyse`
//! with a temporary key (four at a time), p95 under the seed's 200 ms.
//! Probe items carry the source app `modctl-verify` and are erased at the end.

use futures::StreamExt;
use modd_common::AnalyseRequest;
use std::time::Instant;

use super::ctx::Needs;
use super::{CheckResult, Ctx};

const ID: &str = "perf.analyse-p95";
const CONCURRENCY: usize = 4;
/// High enough that the probe never meets the limiter.
const PROBE_RATE_LIMIT: &str = "100000/min";

pub async fn analyse_p95(ctx: &Ctx) -> CheckResult {
    if let Some(skipped) = ctx.gate(ID, Needs::Writes) {
        return skipped;
    }
    let client = match ctx.probe_key(PROBE_RATE_LIMIT).await {
        Ok(client) => client,
        Err(e) => {
            return CheckResult::fail(
                ID,
                format!("could not create a temporary key: {e}"),
                "check the admin key",
            );
        }
    };
    let run = format!("{:x}", rand::random::<u64>());
    let results: Vec<Result<f64, String>> = futures::stream::iter(0..ctx.probe_requests)
        .map(|i| {
            let client = client.clone();
            let external_id = format!("modctl-verify-{run}-{i}");
            ctx.register_probe_item(&external_id);
            let req = AnalyseRequest {
                external_id,
                text: Some("modctl verify latency probe".into()),
                image_url: None,
                image_base64: None,
                content_type: "comment".into(),
                source_app: super::ctx::PROBE_APP.into(),
            };
            async move {
                let start = Instant::now();
                client
                    .analyse(&req)
                    .await
                    .map(|_| start.elapsed().as_secs_f64() * 1000.0)
                    .map_err(|e| e.to_string())
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut ms: Vec<f64> = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => ms.push(v),
            Err(e) => {
                return CheckResult::fail(
                    ID,
                    format!("a probe request failed: {e}"),
                    "check the daemon's logs",
                );
            }
        }
    }
    let p95 = percentile(&mut ms, 0.95);
    let reason = format!("p95 {p95:.1} ms over {} requests", ms.len());
    if !ctx.thresholds.too_slow(p95 / 1000.0) {
        CheckResult::pass(ID, reason)
    } else {
        CheckResult::fail(
            ID,
            format!("{reason} (target < {} ms)", ctx.thresholds.p95_ms),
            "profile with modctl bench; check the database and Redis latency",
        )
    }
}

/// Nearest-rank percentile; 0 for no samples.
fn percentile(ms: &mut [f64], q: f64) -> f64 {
    if ms.is_empty() {
        return 0.0;
    }
    ms.sort_by(f64::total_cmp);
    let rank = ((q * ms.len() as f64).ceil() as usize).clamp(1, ms.len());
    ms[rank - 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn nearest_rank_percentile() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(super::percentile(&mut v, 0.95), 95.0);
        assert_eq!(super::percentile(&mut [], 0.95), 0.0);
    }
}
