//! `modctl verify` against real daemons: a correctly configured deployment
//! passes (only the backup signal, which no test database has, warns), and
//! each deliberate misconfiguration fails with its own check id. Redis
//! settings are tested on a redis-server of the test's own, never the
//! shared one.

use chrono::{TimeDelta, Utc};
use clap::Parser;
use modctl::verify::{Report, Status};
use modd_common::{ApiKey, KeyEnvironment, Role};
use modd_testkit::{Db, KeySpec, RedisServer, TestDaemon, TestDb, free_port, insert_key};
use std::collections::BTreeMap;
use std::time::Duration;

modd_testkit::on_both_backends!(
    a_correct_deployment_is_approved,
    misconfigurations_fail_by_id
);

const STRONG_SECRET: &str = "q8V2pX7mK4rT9wLz3NcB6hJ1sDfG5yUa0eRiOtPk";

/// An admin key with a production-like name (the harness's `test-admin`
/// would fail `auth.dev-key-names`).
pub(crate) async fn admin_key(
    d: &TestDaemon,
    name: &str,
    created_at: chrono::DateTime<Utc>,
) -> (i64, String) {
    let spec = KeySpec {
        role: Role::Admin,
        name: Some(name),
        live: true,
        created_at: Some(created_at),
        ..KeySpec::default()
    };
    insert_key(d.store.as_ref(), spec).await
}

fn cli(d: &TestDaemon, key: &str, extra: &[&str]) -> modctl::Cli {
    let mut args = vec!["modctl", "--url", &d.base, "--admin-key", key, "verify"];
    args.extend_from_slice(extra);
    modctl::Cli::try_parse_from(args).expect("valid arguments")
}

pub(crate) async fn report(d: &TestDaemon, key: &str, extra: &[&str]) -> Report {
    let cli = cli(d, key, extra);
    let modctl::Command::Verify(args) = cli.command else {
        panic!("not verify");
    };
    args.report(&cli.global).await.expect("verify runs")
}

fn by_status(r: &Report, s: Status) -> Vec<&str> {
    r.checks
        .iter()
        .filter(|c| c.status == s)
        .map(|c| c.id.as_str())
        .collect()
}

fn status_of(r: &Report, id: &str) -> Status {
    r.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .status
}

/// No `modctl-verify-*` key left active.
async fn no_temp_keys_left(d: &TestDaemon) {
    let now = Utc::now();
    let left: Vec<String> = d
        .store
        .list_keys()
        .await
        .unwrap()
        .into_iter()
        .filter(|k| k.name.starts_with("modctl-verify-") && k.is_active(now))
        .map(|k| k.name)
        .collect();
    assert!(left.is_empty(), "temporary keys left active: {left:?}");
}

async fn a_correct_deployment_is_approved(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    if modd_testkit::redis_url().is_none() {
        return;
    }
    let redis = RedisServer::start_with(
        free_port(),
        &[
            "--appendonly",
            "yes",
            "--maxmemory",
            "64mb",
            "--maxmemory-policy",
            "noeviction",
            "--requirepass",
            "verify-test-pw",
        ],
    )
    .await;
    let url = format!("redis://:verify-test-pw@127.0.0.1:{}", redis.port);
    // On PostgreSQL, connect as a role of its own that owns the database
    // but is no superuser, as production should.
    let role = match db.url.starts_with("postgres") {
        true => Some(PgRole::create(&db.url).await),
        false => None,
    };
    let run_db = TestDb::borrowed(role.as_ref().map_or(db.url.clone(), |r| r.url.clone()));
    // A correct deployment has the image model (tools/export-models/image.py
    // install); where it is not installed, `images.model` is a second warning.
    let model = std::env::var("MODD_IMAGE_MODEL_PATH")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../data/models/open-nsfw.onnx").to_owned()
        });
    let have_model = std::path::Path::new(&model).is_file();
    if !have_model && std::env::var("MODD_REQUIRE_IMAGE_MODEL").as_deref() == Ok("1") {
        panic!("MODD_REQUIRE_IMAGE_MODEL=1 but {model} is missing");
    }
    let d = TestDaemon::start(
        &run_db,
        &[
            ("MODD_ENV", "production"),
            ("SECRET_KEY", STRONG_SECRET),
            ("MODD_CORS_ORIGINS", "https://app.example.com"),
            ("MODD_LOG_LEVEL", "info"),
            // Behind a TLS proxy on this host, as a correct deployment says.
            ("MODD_TRUSTED_PROXIES", "127.0.0.1/32"),
            ("REDIS_URL", &url),
            ("MODD_REDIS_PREFIX", "verify:"),
            ("MODD_IMAGE_MODEL_PATH", &model),
        ],
    )
    .await;
    let (_, key) = admin_key(&d, "ops-admin", Utc::now()).await;
    let started = std::time::Instant::now();
    let r = report(&d, &key, &[]).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let fails: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .collect();
    assert!(fails.is_empty(), "{fails:#?}");
    // Test databases have no WAL archiving / backups: the one warning.
    let expected: &[&str] = if have_model {
        &["db.backups"]
    } else {
        &["db.backups", "images.model"]
    };
    assert_eq!(by_status(&r, Status::Warn), expected);
    assert!(r.approved);
    for id in [
        "config.production",
        "config.secret-key",
        "config.cors",
        "config.tls-termination",
        "redis.persistence",
        "redis.maxmemory-policy",
        "redis.auth",
        "redis.memory",
        "queue.workers",
        "ratelimit.exact",
        "perf.analyse-p95",
        "auth.client-on-admin",
        "db.fk-indexes",
        "db.migrations",
    ] {
        assert_eq!(status_of(&r, id), Status::Pass, "{id}");
    }
    // Plain HTTP on loopback says nothing about the TLS in front (production
    // sends HSTS regardless): the operator checks the public URL.
    let https = r.checks.iter().find(|c| c.id == "config.https").unwrap();
    assert_eq!(https.status, Status::Manual, "{https:?}");
    assert!(
        https
            .fix
            .as_deref()
            .unwrap_or_default()
            .contains("https://"),
        "{https:?}"
    );
    let expected_superuser = if role.is_some() {
        Status::Pass
    } else {
        Status::Skipped
    };
    assert_eq!(status_of(&r, "db.superuser"), expected_superuser);
    // No app has a webhook: nothing to deliver passes; nothing was pinged.
    assert_eq!(status_of(&r, "webhooks.delivery"), Status::Pass);
    assert_eq!(status_of(&r, "webhooks.ping"), Status::Skipped);
    // The probe's items are erased at the end.
    let probes = modd_testkit::query_i64(
        &db.url,
        "SELECT COUNT(*) FROM content_items WHERE source_app = 'modctl-verify'",
    )
    .await;
    assert_eq!(probes, 0, "probe items left");
    assert!(by_status(&r, Status::Manual).len() >= 10);
    no_temp_keys_left(&d).await;

    // JSON: what `--json` prints parses back with the same verdicts.
    let json: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(json["failed"], 0);
    assert_eq!(json["checks"].as_array().unwrap().len(), r.checks.len());
    assert!(
        json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"].is_string() && c["status"].is_string())
    );

    // JUnit: well-formed, one test case per check, the warning not a failure.
    // (The report was run without --strict.)
    let xml = r.junit(false);
    check_xml(&xml);
    assert_eq!(xml.matches("<testcase ").count(), r.checks.len());
    assert!(xml.contains("failures=\"0\""));

    // --strict: the warning fails the run with exit 1.
    // --strict: the warning fails the run with exit 1, and the JUnit file
    // `--junit` writes counts it as a failure.
    let junit = tempfile::NamedTempFile::new().unwrap();
    let junit_path = junit.path().to_str().unwrap().to_owned();
    let err = modctl::run(cli(
        &d,
        &key,
        &["--strict", "--only", "db", "--junit", &junit_path],
    ))
    .await
    .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    let xml = std::fs::read_to_string(junit.path()).unwrap();
    check_xml(&xml);
    assert!(xml.contains("failures=\"1\""), "{xml}");
    assert!(xml.contains("name=\"db.backups\""));
    d.shutdown().await;
    if let Some(role) = role {
        role.drop_role(&db.url).await;
    }
}

/// A login role owning the test database and its `public` schema.
struct PgRole {
    name: String,
    url: String,
}

impl PgRole {
    async fn create(admin_url: &str) -> Self {
        let name = format!("verify_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(admin_url).await.unwrap();
        let dbname: String = sqlx::query_scalar("SELECT current_database()")
            .fetch_one(&pool)
            .await
            .unwrap();
        for sql in [
            format!("CREATE ROLE {name} LOGIN"),
            format!("ALTER DATABASE \"{dbname}\" OWNER TO {name}"),
            format!("ALTER SCHEMA public OWNER TO {name}"),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
        let mut url = url::Url::parse(admin_url).unwrap();
        url.set_username(&name).unwrap();
        url.set_password(None).unwrap();
        Self {
            name,
            url: url.to_string(),
        }
    }

    async fn drop_role(self, admin_url: &str) {
        let pool = sqlx::PgPool::connect(admin_url).await.unwrap();
        for sql in [
            format!("REASSIGN OWNED BY {} TO CURRENT_USER", self.name),
            format!("DROP OWNED BY {}", self.name),
            format!("DROP ROLE {}", self.name),
        ] {
            sqlx::query(&sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
}

/// Well-formedness by a tag stack: every element closed in order, no
/// stray `<` or `&` in text.
fn check_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let ent = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| ent.starts_with(e))
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_owned());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert!(rest.trim().is_empty());
}

async fn misconfigurations_fail_by_id(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    if modd_testkit::redis_url().is_none() {
        return;
    }
    // Development mode (production refuses both): wildcard CORS, weak
    // secret; no worker; Redis that evicts and does not persist.
    let redis = RedisServer::start_with(
        free_port(),
        &[
            "--maxmemory-policy",
            "allkeys-lru",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
    )
    .await;
    let url = format!("redis://127.0.0.1:{}", redis.port);
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_ENV", "development"),
            ("SECRET_KEY", "short"),
            ("MODD_CORS_ORIGINS", "*"),
            ("MODD_WORKERS", "0"),
            ("REDIS_URL", &url),
            ("MODD_REDIS_PREFIX", "verify:"),
        ],
    )
    .await;
    let (_, key) = admin_key(&d, "ops-admin", Utc::now()).await;
    // A key past rotation age.
    let (old_id, _) = admin_key(&d, "billing-admin", Utc::now() - TimeDelta::days(120)).await;
    // A pending migration: forget that the newest one was applied. (Not
    // reverted: the running daemon reads the columns it added, e.g. the
    // keys' lifecycle, and would stop answering.)
    let forgotten = modd_testkit::execute_raw(
        &db.url,
        "DELETE FROM schema_migrations \
         WHERE version = (SELECT MAX(version) FROM schema_migrations)",
    )
    .await;
    assert_eq!(forgotten, 1);

    let r = report(&d, &key, &["--skip", "perf.analyse-p95"]).await;
    let mut expected: BTreeMap<&str, Status> = BTreeMap::new();
    for id in [
        "config.production",
        "config.secret-key",
        "config.cors",
        "queue.workers",
        "redis.maxmemory-policy",
        "redis.persistence",
        "db.migrations",
        "auth.key-rotation-age",
        "auth.admin-unused",
    ] {
        expected.insert(id, Status::Fail);
    }
    expected.insert("redis.auth", Status::Warn);
    expected.insert("perf.analyse-p95", Status::Skipped);
    for (id, want) in &expected {
        assert_eq!(
            status_of(&r, id),
            *want,
            "{id}: {:?}",
            r.checks.iter().find(|c| c.id == *id)
        );
    }
    let rotation = r
        .checks
        .iter()
        .find(|c| c.id == "auth.key-rotation-age")
        .unwrap();
    assert!(
        rotation.reason.contains(&format!("id {old_id}")),
        "{}",
        rotation.reason
    );
    assert!(rotation.fix.is_some());
    assert!(!r.approved);
    no_temp_keys_left(&d).await;

    // Through `modctl::run`: exit 1 on failures; 2 when the key is bad.
    let err = modctl::run(cli(&d, &key, &["--only", "config"]))
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    let unknown = ApiKey::generate(KeyEnvironment::Live);
    let err = modctl::run(cli(&d, unknown.expose_secret(), &[]))
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    let err = modctl::run(cli(&d, &key, &["--skip", "no.such-check"]))
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    d.shutdown().await;
    drop(redis);
}

#[tokio::test]
async fn an_unreachable_daemon_is_exit_2_and_list_names_every_check() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let key = ApiKey::generate(KeyEnvironment::Live);
    let url = format!("http://127.0.0.1:{port}");
    let args = [
        "modctl",
        "--url",
        &url,
        "--admin-key",
        key.expose_secret(),
        "verify",
    ];
    let err = modctl::run(modctl::Cli::try_parse_from(args).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    assert!(err.to_string().contains("unreachable"), "{err}");
    modctl::run(modctl::Cli::try_parse_from(["modctl", "verify", "--list"]).unwrap())
        .await
        .expect("--list needs no daemon");
    assert!(modctl::verify::catalog::known("redis.maxmemory-policy"));
}
