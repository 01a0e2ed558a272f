//! Rate limits over real HTTP: headers on every API answer, 429 with
//! `Retry-After`, per-key overrides, the burst setting, per-address limits
//! for requests without a valid key, exactness across two replicas sharing
//! one Redis, and what happens while Redis is down.
//!
//! The headers are the point here, so API calls go through the typed
//! client's `probe` (any status, headers kept); the compatible endpoints,
//! whose typed calls return only bodies, are sent with their request and
//! error types from `modd_common::compat`.

use modctl::client::Probe;
use modd_common::compat::openai::{
    ModerationInput, ModerationRequest, ModerationResponse, OpenAiErrorBody,
};
use modd_common::compat::perspective::{AnalyzeRequest, AnalyzeResponse, GoogleErrorBody};
use modd_common::{ReadyReport, Role};
use modd_testkit::{Db, KeySpec, RedisPrefix, TestDaemon, TestDb};
use reqwest::{Method, StatusCode};

modd_testkit::on_both_backends!(
    answers_carry_headers_and_the_limit_is_exact,
    per_key_limits_and_the_burst_setting_apply,
    requests_without_a_valid_key_are_limited_per_address,
    two_replicas_on_one_redis_admit_exactly_the_limit,
    redis_outage_follows_the_configured_policy,
    compatible_endpoints_share_the_key_bucket_and_refuse_in_their_shape,
);

async fn whoami(d: &TestDaemon, key: Option<&str>) -> Probe {
    d.client(key)
        .probe(Method::GET, &["api", "v1", "whoami"])
        .await
        .unwrap()
}

/// A header of an answer, which must be there.
trait Headers {
    fn headers(&self) -> &reqwest::header::HeaderMap;
    fn status(&self) -> StatusCode;
}

impl Headers for Probe {
    fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
    fn status(&self) -> StatusCode {
        self.status
    }
}

impl Headers for reqwest::Response {
    fn headers(&self) -> &reqwest::header::HeaderMap {
        reqwest::Response::headers(self)
    }
    fn status(&self) -> StatusCode {
        reqwest::Response::status(self)
    }
}

fn header(res: &impl Headers, name: &str) -> String {
    res.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing on {}", res.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

async fn answers_carry_headers_and_the_limit_is_exact(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_RATE_LIMIT", "5/min"), ("MODD_WORKERS", "0")]).await;
    let key = d.key(Role::Client, &[]).await;
    for expected_remaining in (0..5).rev() {
        let res = whoami(&d, Some(&key)).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(header(&res, "ratelimit-policy"), "\"per-key\";q=5;w=60");
        assert!(
            header(&res, "ratelimit")
                .starts_with(&format!("\"per-key\";r={expected_remaining};t=")),
            "{}",
            header(&res, "ratelimit")
        );
        assert_eq!(header(&res, "x-ratelimit-limit"), "5");
        assert_eq!(
            header(&res, "x-ratelimit-remaining"),
            expected_remaining.to_string()
        );
        let reset: u64 = header(&res, "x-ratelimit-reset").parse().unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
    }
    let res = whoami(&d, Some(&key)).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&res, "retry-after").parse().unwrap();
    // 5/min: one request every 12 s.
    assert!((1..=12).contains(&retry), "{retry}");
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    assert_eq!(res.error.unwrap().error.code, "rate_limited");

    // Other keys have their own buckets; service endpoints are not limited.
    let other = d.key(Role::Client, &[]).await;
    assert_eq!(whoami(&d, Some(&other)).await.status, StatusCode::OK);
    for _ in 0..10 {
        let res = d
            .client(None)
            .probe(Method::GET, &["health"])
            .await
            .unwrap();
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.header("ratelimit").is_none());
    }
    d.shutdown().await;
}

async fn per_key_limits_and_the_burst_setting_apply(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_RATE_LIMIT", "30/min"),
            ("MODD_RATE_LIMIT_BURST", "3"),
            ("MODD_WORKERS", "0"),
        ],
    )
    .await;
    let (default_id, default_key) = d.key_with(KeySpec::default()).await;
    let (own_id, own_key) = d
        .key_with(KeySpec {
            rate_limit: Some("4/hour"),
            source_apps: &["forum"],
            ..KeySpec::default()
        })
        .await;
    let mut codes = Vec::new();
    for _ in 0..5 {
        codes.push(whoami(&d, Some(&default_key)).await.status.as_u16());
    }
    assert_eq!(codes, [200, 200, 200, 429, 429], "burst 3 of 30/min");
    let res = whoami(&d, Some(&own_key)).await;
    assert_eq!(header(&res, "ratelimit-policy"), "\"per-key\";q=4;w=3600");
    let mut codes = vec![res.status.as_u16()];
    for _ in 0..4 {
        codes.push(whoami(&d, Some(&own_key)).await.status.as_u16());
    }
    assert_eq!(codes, [200, 200, 200, 200, 429], "the key's own 4/hour");
    // The stats (`modctl top`'s 429s panel) say who was refused, with the
    // key's app: `*` for a key of every app.
    let stats = d.client_as(Role::Admin).await.stats(None).await.unwrap();
    let limited = &stats.replicas[0].rate_limited;
    let of = |id: i64| {
        limited
            .iter()
            .find(|l| l.subject == format!("key:{id}"))
            .map(|l| (l.refused, l.source_app.as_str(), l.name.is_some()))
    };
    assert_eq!(of(default_id), Some((2, "*", true)), "{limited:?}");
    assert_eq!(of(own_id), Some((1, "forum", true)), "{limited:?}");
    assert_eq!(limited.len(), 2, "{limited:?}");
    d.shutdown().await;
}

async fn requests_without_a_valid_key_are_limited_per_address(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_RATE_LIMIT", "4/min"), ("MODD_WORKERS", "0")]).await;
    let wrong = modd_common::ApiKey::generate(modd_common::KeyEnvironment::Test);
    let attempts = [
        None,
        Some("garbage"),
        Some(wrong.expose_secret()),
        None,
        None,
    ];
    let mut codes = Vec::new();
    for key in attempts {
        let res = whoami(&d, key).await;
        if res.status == StatusCode::UNAUTHORIZED {
            assert_eq!(header(&res, "ratelimit-policy"), "\"per-ip\";q=4;w=60");
        }
        codes.push(res.status.as_u16());
    }
    assert_eq!(codes, [401, 401, 401, 401, 429], "guessing is throttled");
    // A valid key from the same address is counted on its own.
    let key = d.key(Role::Client, &[]).await;
    assert_eq!(whoami(&d, Some(&key)).await.status, StatusCode::OK);
    d.shutdown().await;
}

async fn two_replicas_on_one_redis_admit_exactly_the_limit(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(redis) = RedisPrefix::new() else {
        return;
    };
    let [r, p] = redis.settings();
    // The default: 30/min with a burst of 30.
    let settings = [r, p, ("MODD_RATE_LIMIT", "30/min"), ("MODD_WORKERS", "0")];
    let (a, b) = TestDaemon::pair(&db, &settings).await;
    let key = a.key(Role::Client, &[]).await;
    let mut ok = 0;
    let mut limited = 0;
    for i in 0..35 {
        let replica = if i % 2 == 0 { &a } else { &b };
        let res = whoami(replica, Some(&key)).await;
        match res.status {
            StatusCode::OK => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(res.headers.contains_key("retry-after"));
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((ok, limited), (30, 5), "30 between both replicas, then 429");
    a.shutdown().await;
    b.shutdown().await;
}

async fn ready(d: &TestDaemon) -> ReadyReport {
    d.client(None).ready().await.unwrap()
}

async fn redis_outage_follows_the_configured_policy(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // Nothing listens on port 1: Redis is "down" for the whole test.
    let down = ("REDIS_URL", "redis://127.0.0.1:1");
    let limit = ("MODD_RATE_LIMIT", "3/min");
    let cases = [
        ("local", vec![200, 200, 200, 429], "degraded"),
        ("open", vec![200, 200, 200, 200], "degraded"),
        ("closed", vec![503, 503, 503, 503], "down"),
    ];
    for (mode, expected, ready_state) in cases {
        let d = TestDaemon::start(
            &db,
            &[
                down,
                limit,
                ("MODD_RATE_LIMIT_ON_REDIS_ERROR", mode),
                ("MODD_WORKERS", "0"),
            ],
        )
        .await;
        let key = d.key(Role::Client, &[]).await;
        let mut codes = Vec::new();
        for _ in 0..4 {
            codes.push(whoami(&d, Some(&key)).await.status.as_u16());
        }
        assert_eq!(codes, expected, "{mode}");
        let report = ready(&d).await;
        let check = &report.checks["rate_limiter"];
        assert_eq!(check.status, ready_state, "{mode}: {check:?}");
        assert!(
            check
                .detail
                .as_deref()
                .unwrap_or("")
                .contains("Redis unreachable"),
            "{check:?}"
        );
        d.shutdown().await;
    }
    // With Redis up, /ready says the limiter is shared.
    if let Some(redis) = RedisPrefix::new() {
        let [r, p] = redis.settings();
        let d = TestDaemon::start(&db, &[r, p, ("MODD_WORKERS", "0")]).await;
        let report = ready(&d).await;
        assert_eq!(report.checks["rate_limiter"].status, "ok");
        assert_eq!(report.status, "ok");
        d.shutdown().await;
    }
}

/// `/v1/moderations` (Bearer) and `comments:analyze` (`?key=`) count against
/// the same per-key bucket as `/api/v1`, and refuse in their own error body
/// with `Retry-After`, so OpenAI and Google clients back off as they would.
async fn compatible_endpoints_share_the_key_bucket_and_refuse_in_their_shape(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_RATE_LIMIT", "3/min"), ("MODD_WORKERS", "0")]).await;
    let key = d.key(Role::Client, &[]).await;
    assert_eq!(whoami(&d, Some(&key)).await.status, StatusCode::OK);
    let openai = |key: String| {
        d.http
            .post(d.url("/v1/moderations"))
            .bearer_auth(key)
            .json(&ModerationRequest::new(ModerationInput::Text(
                "hello".into(),
            )))
            .send()
    };
    let perspective = |key: String| {
        d.http
            .post(d.url("/v1alpha1/comments:analyze"))
            .query(&[("key", key)])
            .json(&AnalyzeRequest::new("hello", &["TOXICITY"]))
            .send()
    };
    let res = openai(key.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "x-ratelimit-remaining"), "1");
    res.json::<ModerationResponse>().await.unwrap();
    let res = perspective(key.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "x-ratelimit-remaining"), "0");
    res.json::<AnalyzeResponse>().await.unwrap();

    let res = openai(key.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&res, "retry-after").parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: OpenAiErrorBody = res.json().await.unwrap();
    assert_eq!(
        (body.error.code.as_deref(), body.error.kind.as_str()),
        (Some("rate_limit_exceeded"), "requests"),
        "{body:?}"
    );

    let res = perspective(key.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let body: GoogleErrorBody = res.json().await.unwrap();
    assert_eq!(
        (body.error.status.as_str(), body.error.code),
        ("RESOURCE_EXHAUSTED", 429),
        "{body:?}"
    );

    // The shared bucket: the /api/v1 route is refused too.
    let res = whoami(&d, Some(&key)).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.error.unwrap().error.code, "rate_limited");

    // A wrong Bearer key is counted against the address, not a key.
    let res = openai("mod_test_wrong".into()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&res, "ratelimit-policy").starts_with("\"per-ip\""));
}
