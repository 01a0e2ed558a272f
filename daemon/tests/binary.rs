//! The real `modd` binary: exit codes for bad settings, `config check`
//! redaction, logs that never carry content or keys, and SIGTERM draining.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MODD: &str = env!("CARGO_BIN_EXE_modd");

/// A `modd` command with a clean environment in a temporary directory.
fn modd(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(MODD);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd
}

#[test]
fn invalid_settings_exit_2_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("MODD_BIND", "nowhere"),
        ("MODD_WORKERS", "-3"),
        ("MODD_ENV", "staging"),
    ] {
        let out = modd(dir.path())
            .env(name, value)
            .arg("config")
            .arg("check")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    let out = modd(dir.path())
        .env("MODD_ENV", "production")
        .arg("config")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SECRET_KEY"));
}

#[test]
fn config_check_redacts_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Zq8rT1vW3yXb5nM7kP9sD2fG4hJ6lA0cE8uI1oR3tY5wQ7zV";
    let out = modd(dir.path())
        .env("SECRET_KEY", secret)
        .env("DATABASE_URL", "postgres://modd:hunter2@db.internal/modd")
        .env("REDIS_URL", "redis://:sesame@cache:6379")
        .args(["config", "check"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for leaked in [secret, "hunter2", "sesame"] {
        assert!(!text.contains(leaked), "{leaked} shown in:\n{text}");
    }
    assert!(text.contains("db.internal"));
    assert!(text.contains("configuration ok"));
}

#[test]
fn help_documents_every_environment_variable() {
    let out = Command::new(MODD).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for doc in modd::settings::CATALOG {
        assert!(help.contains(doc.env), "--help lacks {}", doc.env);
    }
}

struct Running {
    child: Child,
    base: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

/// Starts `modd` on a free port with JSON debug logs, and waits until it listens.
fn start(dir: &std::path::Path) -> Running {
    start_with(
        dir,
        &[("MODD_LOG_FORMAT", "json"), ("MODD_LOG_LEVEL", "debug")],
    )
}

/// Starts `modd` on a free port with `env`, and waits until it listens.
fn start_with(dir: &std::path::Path, env: &[(&str, &str)]) -> Running {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = modd(dir)
        .env("MODD_BIND", format!("127.0.0.1:{port}"))
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "modd did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Running {
        child,
        base: format!("http://127.0.0.1:{port}"),
        stderr: rx,
    }
}

fn create_key(dir: &std::path::Path) -> String {
    // The same path `modctl keys create` takes: straight into the database.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}/data/modd.db", dir.display());
        let store = modd::store::connect(&url, &Default::default())
            .await
            .unwrap();
        store.migrate_up(None).await.unwrap();
        let spec = modd_testkit::KeySpec {
            // 60 concurrent requests: above the default 30/min per key.
            rate_limit: Some("1000000/sec"),
            ..Default::default()
        };
        modd_testkit::insert_key(store.as_ref(), spec).await.1
    })
}

#[test]
fn logs_never_carry_content_or_keys_and_sigterm_drains() {
    let dir = tempfile::tempdir().unwrap();
    let key = create_key(dir.path());
    let mut modd = start(dir.path());
    let marker = "SECRET-CONTENT-MARKER-7731";
    let rt = tokio::runtime::Runtime::new().unwrap();
    let statuses = rt.block_on(async {
        let http = reqwest::Client::new();
        // A first request completes before the signal, so the test always
        // covers accepted work, then 60 more race the SIGTERM.
        let first = serde_json::json!({"external_id": "first", "text": format!("{marker} first"), "content_type": "comment", "source_app": "app"});
        let res = http.post(format!("{}/api/v1/moderation/analyse", modd.base)).header("X-API-KEY", &key).json(&first).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let mut tasks = Vec::new();
        for i in 0..60 {
            let (http, url, key) = (http.clone(), format!("{}/api/v1/moderation/analyse", modd.base), key.clone());
            tasks.push(tokio::spawn(async move {
                let body = serde_json::json!({"external_id": format!("e-{i}"), "text": format!("{marker} {i}"), "content_type": "comment", "source_app": "app"});
                http.post(url).header("X-API-KEY", key).json(&body).send().await.map(|r| r.status().as_u16())
            }));
        }
        // SIGTERM while requests are in flight.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let _ = Command::new("kill").arg("-TERM").arg(modd.child.id().to_string()).status();
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        statuses
    });
    let exit = modd.child.wait().unwrap();
    assert!(exit.success(), "graceful exit: {exit:?}");
    // Every request either completed with 200 or was refused before it was
    // accepted; none was cut off with a 5xx.
    let accepted = 1 + statuses.iter().filter(|s| matches!(s, Ok(200))).count();
    assert!(
        accepted > 0,
        "the signal came after some requests were accepted: {statuses:?}"
    );
    eprintln!("accepted {accepted} of {} before shutdown", statuses.len());
    assert!(
        statuses.iter().all(|s| matches!(s, Ok(200)) || s.is_err()),
        "{statuses:?}"
    );
    // Every 200 is in the database.
    let rows = rt.block_on(async {
        let url = format!("sqlite://{}/data/modd.db", dir.path().display());
        let store = modd::store::connect(&url, &Default::default())
            .await
            .unwrap();
        store.count_by_status().await.unwrap().values().sum::<i64>()
    });
    assert!(
        rows as usize >= accepted,
        "{rows} rows for {accepted} accepted"
    );
    let logs: Vec<String> = modd.stderr.try_iter().collect();
    assert!(!logs.is_empty());
    for line in &logs {
        assert!(!line.contains(marker), "content in log: {line}");
        assert!(!line.contains(&key), "key in log: {line}");
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "not JSON: {line}"
        );
    }
}

#[test]
fn pretty_logs_to_a_pipe_are_plain_text_and_a_restart_logs_no_notice() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(db) = rt.block_on(modd_testkit::postgres_fresh()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Twice: the first start creates the migrations table, the second finds it.
    for run in ["first", "second"] {
        let mut modd = start_with(
            dir.path(),
            &[
                ("DATABASE_URL", db.url()),
                ("MODD_AUTO_MIGRATE", "true"),
                ("MODD_LOG_FORMAT", "pretty"),
                ("MODD_LOG_LEVEL", "info"),
            ],
        );
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(modd.child.id().to_string())
            .status();
        assert!(modd.child.wait().unwrap().success(), "{run} start exits 0");
        // The reader thread ends at EOF, so this collects every line.
        let logs: Vec<String> = modd.stderr.iter().collect();
        assert!(!logs.is_empty(), "{run} start logged nothing");
        for line in &logs {
            assert!(!line.contains('\u{1b}'), "{run}: escape code in {line:?}");
            assert!(!line.contains("already exists"), "{run}: {line}");
        }
    }
    rt.block_on(db.cleanup());
}

#[test]
fn a_wrong_database_port_names_the_refusal_and_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let out = modd(dir.path())
        .env(
            "DATABASE_URL",
            format!("postgres://modd@127.0.0.1:{port}/modd"),
        )
        .env("MODD_BIND", "127.0.0.1:0")
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("connection refused to 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("DATABASE_URL"), "{err}");
    assert!(!err.contains("pool timed out"), "{err}");
    // The cause, at once: not after the pool's 5 s acquire timeout.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn secrets_come_from_files_and_both_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Zq8rT1vW3yXb5nM7kP9sD2fG4hJ6lA0cE8uI1oR3tY5wQ7zV";
    let key_file = dir.path().join("secret_key");
    let db_file = dir.path().join("database_url");
    std::fs::write(&key_file, format!("{secret}\n")).unwrap();
    std::fs::write(&db_file, "postgres://modd:hunter2@db.internal/modd\n").unwrap();
    let out = modd(dir.path())
        .env("MODD_ENV", "production")
        .env("SECRET_KEY_FILE", &key_file)
        .env("DATABASE_URL_FILE", &db_file)
        .args(["config", "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("db.internal"), "{text}");
    for leaked in [secret, "hunter2"] {
        assert!(!text.contains(leaked), "{leaked} shown in:\n{text}");
    }
    let out = modd(dir.path())
        .env("SECRET_KEY", secret)
        .env("SECRET_KEY_FILE", &key_file)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SECRET_KEY and SECRET_KEY_FILE"), "{err}");
    let missing = dir.path().join("no-such-file");
    let out = modd(dir.path())
        .env("REDIS_URL_FILE", &missing)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("REDIS_URL_FILE") && err.contains(&missing.display().to_string()),
        "{err}"
    );
}
