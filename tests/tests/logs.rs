//! No secret in any log line or error body.
//!
//! A test binary of its own because it installs the process-wide tracing
//! subscriber (and `log` bridge) at TRACE for every crate — the daemon, sqlx,
//! hyper, reqwest, redis — writing into a buffer. In the shared e2e binary
//! that would slow every other test and mix their logs in.
//!
//! The run exercises every path that handles a key: creation through the
//! admin API, use, a typo, an unknown key, expiry, bound-app refusal, rate
//! limiting, rotation, revocation and its pub/sub invalidation, and the
//! modctl client's errors. Then neither the captured logs nor any error body
//! may contain a secret, or even its random body.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeDelta, Utc};
use modd_common::{CreatedKey, Role, RotatedKey};
use modd_testkit::log_capture::LogCapture;
use modd_testkit::{Db, KeySpec, RedisPrefix, TestDaemon, TestDb};
use reqwest::Method;
use serde_json::{Value, json};
use std::sync::OnceLock;

fn logs() -> &'static LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = LogCapture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_env_filter("trace")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber in this binary");
        capture
    })
}

/// Every request made, with the error bodies kept.
struct Session<'a> {
    d: &'a TestDaemon,
    bodies: Vec<String>,
}

impl Session<'_> {
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, String) {
        let mut req = self.d.http.request(method, self.d.url(path));
        if let Some(key) = key {
            req = req.header("X-API-KEY", key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        if status >= 400 {
            self.bodies.push(text.clone());
        }
        (status, text)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_a_log_line_or_an_error_body() {
    let logs = logs();
    let mut secrets: Vec<String> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for backend in [Db::Sqlite, Db::Postgres] {
        let Some(db) = TestDb::new(backend).await else {
            continue;
        };
        let redis = RedisPrefix::new();
        let mut settings = vec![("MODD_RATE_LIMIT", "8/min"), ("MODD_WORKERS", "1")];
        if let Some(r) = &redis {
            settings.extend(r.settings());
        }
        let d = TestDaemon::start(&db, &settings).await;
        let mut s = Session {
            d: &d,
            bodies: Vec::new(),
        };
        let admin = d.key(Role::Admin, &[]).await;
        secrets.push(admin.clone());

        let (status, text) = s
            .call(
                Method::POST,
                "/api/v1/admin/keys",
                Some(&admin),
                Some(json!({"name": "forum", "role": "client", "source_apps": ["forum"]})),
            )
            .await;
        assert_eq!(status, 201);
        let created: CreatedKey = serde_json::from_str(&text).unwrap();
        secrets.push(created.key.clone());
        let client = created.key.clone();

        let item = json!({"external_id": "x1", "text": "hello", "content_type": "comment", "source_app": "forum"});
        assert_eq!(
            s.call(
                Method::POST,
                "/api/v1/moderation/analyse",
                Some(&client),
                Some(item)
            )
            .await
            .0,
            200
        );
        let other_app = json!({"external_id": "x2", "text": "hi", "content_type": "comment", "source_app": "chat"});
        assert_eq!(
            s.call(
                Method::POST,
                "/api/v1/moderation/analyse",
                Some(&client),
                Some(other_app)
            )
            .await
            .0,
            403
        );
        assert_eq!(
            s.call(Method::GET, "/api/v1/admin/keys", Some(&client), None)
                .await
                .0,
            403
        );

        // A typo, an unknown key, garbage, an expired key.
        let mut typo: Vec<char> = client.chars().collect();
        let last = typo.len() - 1;
        typo[last] = if typo[last] == 'a' { 'b' } else { 'a' };
        let typo: String = typo.into_iter().collect();
        let unknown = modd_common::ApiKey::generate(modd_common::KeyEnvironment::Live)
            .expose_secret()
            .to_owned();
        let (_, expired) = d
            .key_with(KeySpec {
                expires_at: Some(Utc::now() - TimeDelta::seconds(1)),
                ..KeySpec::default()
            })
            .await;
        for bad in [&typo, &unknown, &expired, &"mod_live_short".to_owned()] {
            secrets.push(bad.clone());
            assert_eq!(
                s.call(Method::GET, "/api/v1/whoami", Some(bad), None)
                    .await
                    .0,
                401
            );
        }

        // Rotation (both secrets in use), then revocation.
        let (status, text) = s
            .call(
                Method::POST,
                &format!("/api/v1/admin/keys/{}/rotate", created.info.id),
                Some(&admin),
                Some(json!({"grace": "1h"})),
            )
            .await;
        assert_eq!(status, 200);
        let rotated: RotatedKey = serde_json::from_str(&text).unwrap();
        secrets.push(rotated.new.key.clone());
        assert_eq!(
            s.call(Method::GET, "/api/v1/whoami", Some(&client), None)
                .await
                .0,
            200
        );
        assert_eq!(
            s.call(Method::GET, "/api/v1/whoami", Some(&rotated.new.key), None)
                .await
                .0,
            200
        );
        let (status, _) = s
            .call(
                Method::POST,
                &format!("/api/v1/admin/keys/{}/revoke", rotated.new.info.id),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            s.call(Method::GET, "/api/v1/whoami", Some(&rotated.new.key), None)
                .await
                .0,
            401
        );

        // Rate limited with a key (8/min).
        let mut limited = false;
        for _ in 0..10 {
            limited |= s
                .call(Method::GET, "/api/v1/whoami", Some(&client), None)
                .await
                .0
                == 429;
        }
        assert!(limited);

        // modctl's client errors.
        let c = modctl::client::Client::new(&d.base, Some(typo.clone())).unwrap();
        let err = c.whoami().await.unwrap_err();
        bodies.push(format!("{err} {err:?} {c:?}"));

        bodies.extend(s.bodies);
        d.shutdown().await;
        drop(redis);
    }
    assert!(secrets.len() >= 8, "exercised at least one backend");

    let text = logs.text();
    // The capture works: the daemon's own lines are there, at TRACE detail.
    assert!(text.contains("key created"), "no daemon log captured");
    assert!(text.contains("key rotated") && text.contains("key revoked"));
    assert!(
        text.lines().count() > 100,
        "TRACE from every crate is captured"
    );
    for secret in &secrets {
        // The random body of a well-formed key (enough to rebuild it), or
        // the whole string for the malformed ones.
        let body = if secret.len() > 20 {
            &secret[9..]
        } else {
            secret.as_str()
        };
        for (i, line) in text.lines().enumerate() {
            assert!(!line.contains(body), "log line {i} leaks a key: {line}");
        }
        for b in &bodies {
            assert!(!b.contains(body), "error body leaks a key: {b}");
        }
    }
}
