use super::*;

fn raw(pairs: &[(&'static str, &str)]) -> RawValues {
    let mut r = defaults();
    let dir = std::env::temp_dir().join(format!("modd-settings-{}", uuid::Uuid::new_v4()));
    r.insert("MODD_DATA_DIR", dir.display().to_string());
    for (k, v) in pairs {
        r.insert(k, (*v).to_owned());
    }
    r
}

const STRONG: &str = "q8ZrT1vW3yXb5nM7kP9sD2fG4hJ6lA0cE8uI1oR3tY5wQ7zV";

#[test]
fn defaults_are_valid_and_generate_a_persistent_secret() {
    let r = raw(&[]);
    let a = Settings::from_raw(&r).unwrap();
    let b = Settings::from_raw(&r).unwrap();
    assert_eq!(
        a.secret_key, b.secret_key,
        "restart must keep the generated secret"
    );
    assert_eq!(a.bind.to_string(), "127.0.0.1:8000");
    assert_eq!(a.max_body_bytes, 65536);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(a.data_dir.join("secret_key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn production_refuses_missing_weak_secret_and_wildcard_cors() {
    let e = Settings::from_raw(&raw(&[("MODD_ENV", "production")])).unwrap_err();
    assert_eq!(e.name, "SECRET_KEY");
    for weak in [
        "short",
        "changeme-changeme-changeme-changeme",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abababababababababababababababababab",
    ] {
        let e = Settings::from_raw(&raw(&[("MODD_ENV", "production"), ("SECRET_KEY", weak)]))
            .unwrap_err();
        assert_eq!(e.name, "SECRET_KEY", "{weak}");
    }
    let e = Settings::from_raw(&raw(&[
        ("MODD_ENV", "production"),
        ("SECRET_KEY", STRONG),
        ("MODD_CORS_ORIGINS", "*"),
    ]))
    .unwrap_err();
    assert_eq!(e.name, "MODD_CORS_ORIGINS");
    let ok =
        Settings::from_raw(&raw(&[("MODD_ENV", "production"), ("SECRET_KEY", STRONG)])).unwrap();
    assert_eq!(ok.log_format, LogFormat::Json);
}

#[test]
fn invalid_values_name_the_setting() {
    for (name, value) in [
        ("MODD_BIND", "localhost"),
        ("MODD_MAX_BODY_BYTES", "-1"),
        ("MODD_WORKERS", "many"),
        ("MODD_WORKER_BIND", "localhost:8001"),
        ("MODD_MAX_ATTEMPTS", "0"),
        ("MODD_QUEUE_VISIBILITY_SECS", "0"),
        ("MODD_AUTO_MIGRATE", "maybe"),
        ("MODD_LOG_FORMAT", "xml"),
        ("DATABASE_URL", "mysql://x"),
        ("REDIS_URL", "http://x"),
        ("REDIS_URL", "redis+cluster://h1:7000,,h2:7001"),
        ("MODD_CORS_ORIGINS", "not an origin"),
        ("MODD_ENV", "staging"),
    ] {
        let e = Settings::from_raw(&raw(&[(name, value)])).unwrap_err();
        assert_eq!(e.name, name, "{name}={value}: {e}");
    }
}

#[test]
fn a_redis_cluster_url_is_accepted_and_its_password_redacted() {
    let url = "redis+cluster://app:s3cret@10.0.0.1:7000,10.0.0.2:7001";
    let s = Settings::from_raw(&raw(&[("REDIS_URL", url)])).unwrap();
    let shown = s.redis_url.unwrap();
    assert_eq!(shown.expose(), url);
    assert_eq!(
        shown.redacted(),
        "redis+cluster://app:***@10.0.0.1:7000,10.0.0.2:7001"
    );
    assert!(!format!("{shown:?}").contains("s3cret"));
}

#[test]
fn toml_overlays_defaults_and_env_overlays_toml() {
    let mut r = raw(&[]);
    merge_toml(
        &mut r,
        "bind = \"127.0.0.1:9000\"\nworkers = 4\ncors_origins = [\"https://a.example\"]",
    )
    .unwrap();
    merge_env(&mut r, |n| (n == "MODD_WORKERS").then(|| "7".to_owned()));
    let s = Settings::from_raw(&r).unwrap();
    assert_eq!(s.bind.port(), 9000);
    assert_eq!(s.workers, 7);
    assert_eq!(s.cors_origins, vec!["https://a.example"]);
    let e = merge_toml(&mut r, "bnd = 1").unwrap_err();
    assert!(e.message.contains("unknown setting"));
}

#[test]
fn secrets_never_show_in_debug_or_describe() {
    let s = Settings::from_raw(&raw(&[
        ("SECRET_KEY", STRONG),
        ("DATABASE_URL", "postgres://u:hunter2@db/x"),
    ]))
    .unwrap();
    let shown = format!("{s:?} {:?}", s.describe());
    assert!(!shown.contains(STRONG));
    assert!(!shown.contains("hunter2"));
}

#[test]
fn previous_secret_keys_are_a_list_and_never_shown() {
    let s = Settings::from_raw(&raw(&[
        ("SECRET_KEY", STRONG),
        ("SECRET_KEY_PREVIOUS", " old-one-aaaa , ,old-two-bbbb,"),
    ]))
    .unwrap();
    let previous: Vec<&str> = s.secret_key_previous.iter().map(|k| k.expose()).collect();
    assert_eq!(previous, ["old-one-aaaa", "old-two-bbbb"]);
    let shown = format!("{s:?} {:?}", s.describe());
    assert!(
        !shown.contains("old-one") && !shown.contains("old-two"),
        "{shown}"
    );
    assert!(shown.contains("(redacted, 2 keys)"), "{shown}");
    let none = Settings::from_raw(&raw(&[("SECRET_KEY", STRONG)])).unwrap();
    assert!(none.secret_key_previous.is_empty());
}

#[test]
fn env_example_is_in_sync_with_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../.env.example");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == env_example(),
        ".env.example is stale: run `cargo run -p modd -- config env-example > .env.example`"
    );
}

#[test]
fn rate_limit_settings_parse_and_name_themselves() {
    let s = Settings::from_raw(&raw(&[])).unwrap();
    assert_eq!(s.key_cache, std::time::Duration::from_secs(1));
    assert_eq!(s.rate_limit.to_string(), "30/min");
    assert_eq!(s.rate_limit_burst, None);
    assert_eq!(
        s.rate_limit_on_redis_error,
        crate::ratelimit::OnRedisError::Local
    );
    let s = Settings::from_raw(&raw(&[
        ("MODD_RATE_LIMIT", "5/sec"),
        ("MODD_RATE_LIMIT_BURST", "10"),
        ("MODD_RATE_LIMIT_ON_REDIS_ERROR", "closed"),
    ]))
    .unwrap();
    assert_eq!((s.rate_limit.count, s.rate_limit_burst), (5, Some(10)));
    for (name, bad) in [
        ("MODD_RATE_LIMIT", "30"),
        ("MODD_RATE_LIMIT", "0/min"),
        ("MODD_RATE_LIMIT_BURST", "0"),
        ("MODD_RATE_LIMIT_BURST", "x"),
        ("MODD_RATE_LIMIT_ON_REDIS_ERROR", "maybe"),
        ("MODD_KEY_CACHE_MS", "60001"),
        ("MODD_KEY_CACHE_MS", "-1"),
    ] {
        let e = Settings::from_raw(&raw(&[(name, bad)])).unwrap_err();
        assert_eq!(e.name, name, "{bad}");
    }
}

#[test]
fn serving_settings_parse_and_name_themselves() {
    let s = Settings::from_raw(&raw(&[])).unwrap();
    assert_eq!(s.serving.drain, Duration::from_secs(5));
    assert!(s.serving.trusted_proxies.is_empty());
    assert_eq!(s.serving.tls, None);
    let s = Settings::from_raw(&raw(&[
        ("MODD_SHUTDOWN_DRAIN_SECS", "0"),
        (
            "MODD_TRUSTED_PROXIES",
            " 10.0.0.0/8, 2001:db8::/32 ,192.0.2.1",
        ),
        ("MODD_FORWARDED_HEADER", "forwarded"),
        ("MODD_TLS_CERT", "/etc/modd/tls.crt"),
        ("MODD_TLS_KEY", "/etc/modd/tls.key"),
    ]))
    .unwrap();
    assert_eq!(s.serving.drain, Duration::ZERO);
    assert_eq!(s.serving.trusted_proxies.ranges().len(), 3);
    assert!(s.serving.tls.is_some());
    for (pairs, name) in [
        (
            &[("MODD_TRUSTED_PROXIES", "10.0.0.0/33")][..],
            "MODD_TRUSTED_PROXIES",
        ),
        (
            &[("MODD_TRUSTED_PROXIES", "proxy.local")][..],
            "MODD_TRUSTED_PROXIES",
        ),
        (
            &[("MODD_FORWARDED_HEADER", "x-real-ip")][..],
            "MODD_FORWARDED_HEADER",
        ),
        (
            &[("MODD_SHUTDOWN_DRAIN_SECS", "-1")][..],
            "MODD_SHUTDOWN_DRAIN_SECS",
        ),
        (&[("MODD_TLS_CERT", "/c.pem")][..], "MODD_TLS_KEY"),
        (&[("MODD_TLS_KEY", "/k.pem")][..], "MODD_TLS_CERT"),
    ] {
        let e = Settings::from_raw(&raw(pairs)).unwrap_err();
        assert_eq!(e.name, name, "{pairs:?}");
    }
}
