//! The shipped deployment (Dockerfile, Compose, Kubernetes, systemd) checked
//! against the product it deploys: every environment variable is a setting
//! `modd` knows, probes ask paths the real binary answers on the ports it
//! listens on, memory is not below what the real binary holds idle, stop
//! budgets exceed the drain, and the pinned values agree with the code.
//! The validators (hadolint, kubernetes-validate, systemd-analyze,
//! check-jsonschema) and the image build run in `.ci/run`'s deploy step.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod manifests;
mod running;

use manifests::{Unknown, memory_bytes, seq, text};
use running::Running;
use serde_yaml::Value;

/// The port of a `HOST:PORT` setting value.
fn port_of(bind: &str) -> u16 {
    bind.rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or_else(|| panic!("{bind:?} has no port"))
}

/// The number a Compose `${NAME:-N}` (or a plain `N`) falls back to.
fn default_of(value: &Value) -> u64 {
    let s = text(value);
    let n = s
        .rsplit_once(":-")
        .map_or(s.as_str(), |(_, d)| d.trim_end_matches('}'));
    n.parse()
        .unwrap_or_else(|_| panic!("{s:?} is not a number"))
}

#[test]
fn kubernetes_matches_the_product() {
    let objects = manifests::kubernetes_base();
    let of_kind = |kind: &'static str| objects.iter().filter(move |o| o["kind"] == kind);
    let config = &of_kind("ConfigMap").next().expect("a ConfigMap")["data"];
    let mut unknown = Unknown::default();
    for name in config.as_mapping().unwrap().keys() {
        unknown.check("ConfigMap", &text(name));
    }
    let budget = default_of(&config["MODD_SHUTDOWN_DRAIN_SECS"])
        + default_of(&config["MODD_SHUTDOWN_TIMEOUT_SECS"]);

    let dir = tempfile::tempdir().unwrap();
    let (api_dir, worker_dir) = (dir.path().join("api"), dir.path().join("worker"));
    std::fs::create_dir_all(&api_dir).unwrap();
    std::fs::create_dir_all(&worker_dir).unwrap();
    let api = Running::start(&api_dir, "serve", "MODD_BIND");
    let worker = Running::start(&worker_dir, "worker", "MODD_WORKER_BIND");
    std::thread::sleep(std::time::Duration::from_secs(1));

    let deployments: Vec<_> = of_kind("Deployment").collect();
    assert_eq!(deployments.len(), 2, "API and worker Deployments");
    for deployment in deployments {
        let name = text(&deployment["metadata"]["name"]);
        let pod = &deployment["spec"]["template"]["spec"];
        let container = &seq(&pod["containers"])[0];
        let (running, bind_setting) = match text(&seq(&container["args"])[0]).as_str() {
            "serve" => (&api, "MODD_BIND"),
            "worker" => (&worker, "MODD_WORKER_BIND"),
            other => panic!("{name}: `modd {other}` is not a subcommand the deployment runs"),
        };
        for env in seq(&container["env"]) {
            let var = text(&env["name"]);
            unknown.check(&name, &var);
        }
        // Probes: liveness /health, readiness /ready, a startup probe, each
        // on the named port that is the one the process binds.
        let port = seq(&container["ports"])
            .iter()
            .find(|p| {
                text(&p["containerPort"]) == port_of(&text(&config[bind_setting])).to_string()
            })
            .unwrap_or_else(|| panic!("{name}: no containerPort for {bind_setting}"));
        for (probe, path) in [
            ("livenessProbe", "/health"),
            ("readinessProbe", "/ready"),
            ("startupProbe", "/health"),
        ] {
            let get = &container[probe]["httpGet"];
            assert_eq!(text(&get["path"]), path, "{name}: {probe}");
            assert_eq!(get["port"], port["name"], "{name}: {probe} port");
            assert_eq!(
                running.status_of(path),
                200,
                "{name}: {probe} {path} on the real binary"
            );
        }
        // Memory: never below what the real process holds idle.
        let peak = running.peak_rss();
        for kind in ["requests", "limits"] {
            let quantity = text(&container["resources"][kind]["memory"]);
            assert!(
                memory_bytes(&quantity) >= peak,
                "{name}: memory {kind} {quantity} is below the measured idle peak RSS of {} MiB",
                peak >> 20
            );
        }
        eprintln!("{name}: idle peak RSS {} MiB", peak >> 20);
        let grace: u64 = text(&pod["terminationGracePeriodSeconds"]).parse().unwrap();
        assert!(
            grace > budget,
            "{name}: grace {grace}s must exceed drain + timeout {budget}s"
        );
        assert_restricted(&name, pod, container);
        assert_eq!(
            pod["automountServiceAccountToken"],
            Value::Bool(false),
            "{name}"
        );
    }
    let job = of_kind("Job").next().expect("the migration Job");
    let container = &seq(&job["spec"]["template"]["spec"]["containers"])[0];
    assert_eq!(seq(&container["command"]), [Value::from("modctl")]);
    assert_eq!(
        seq(&container["args"]),
        [Value::from("migrate"), Value::from("up")]
    );
    for env in seq(&container["env"]) {
        unknown.check("migrate Job", &text(&env["name"]));
    }
    assert_restricted("migrate Job", &job["spec"]["template"]["spec"], container);
    assert_eq!(
        of_kind("ServiceAccount").next().unwrap()["automountServiceAccountToken"],
        Value::Bool(false)
    );
    unknown.assert_none();
}

/// The restricted Pod Security profile, and the image's fixed UID.
fn assert_restricted(name: &str, pod: &Value, container: &Value) {
    let uid = manifests::read("Dockerfile")
        .lines()
        .find_map(|l| {
            l.strip_prefix("USER ")
                .map(|u| u.split(':').next().unwrap().to_owned())
        })
        .expect("USER in the Dockerfile");
    let pod_security = &pod["securityContext"];
    assert_eq!(pod_security["runAsNonRoot"], Value::Bool(true), "{name}");
    assert_eq!(
        text(&pod_security["runAsUser"]),
        uid,
        "{name}: the image's UID"
    );
    assert_eq!(
        text(&pod_security["seccompProfile"]["type"]),
        "RuntimeDefault",
        "{name}"
    );
    let security = &container["securityContext"];
    assert_eq!(
        security["allowPrivilegeEscalation"],
        Value::Bool(false),
        "{name}"
    );
    assert_eq!(
        security["readOnlyRootFilesystem"],
        Value::Bool(true),
        "{name}"
    );
    assert_eq!(
        seq(&security["capabilities"]["drop"]),
        [Value::from("ALL")],
        "{name}"
    );
}

#[test]
fn the_production_overlay_releases_the_workspace_version() {
    let overlay =
        &manifests::yaml_documents("deploy/kubernetes/overlays/production/kustomization.yaml")[0];
    let tag = text(&seq(&overlay["images"])[0]["newTag"]);
    assert_eq!(
        tag,
        env!("CARGO_PKG_VERSION"),
        "bump newTag with the release"
    );
    let patches: String = seq(&overlay["patches"])
        .iter()
        .map(|p| text(&p["patch"]))
        .collect();
    assert!(
        patches.contains(&format!("modd-migrate-{tag}")),
        "the migration Job must be renamed for release {tag} (a Job runs once per name)"
    );
}

#[test]
fn compose_matches_the_product() {
    let mut unknown = Unknown::default();
    let compose = &manifests::yaml_documents("deploy/compose/compose.yaml")[0];
    let services = &compose["services"];
    for (service, command, healthcheck_port) in [
        ("api", "serve", "MODD_BIND"),
        ("worker", "worker", "MODD_WORKER_BIND"),
    ] {
        let s = &services[service];
        assert_eq!(seq(&s["command"]), [Value::from(command)], "{service}");
        let env = s["environment"].as_mapping().expect("environment as a map");
        for name in env.keys() {
            unknown.check(service, &text(name));
        }
        assert!(
            s["read_only"] == Value::Bool(true),
            "{service}: read-only root"
        );
        let test: Vec<String> = seq(&s["healthcheck"]["test"]).iter().map(text).collect();
        assert_eq!(test[1..3], ["modd", "healthcheck"], "{service}: {test:?}");
        let port = port_of(&text(&env[healthcheck_port]));
        if service == "worker" {
            assert_eq!(test[4], format!("http://127.0.0.1:{port}/ready"));
        } else {
            let published = text(&seq(&s["ports"])[0]);
            assert!(
                published.ends_with(&format!(":{port}")),
                "api publishes {published}"
            );
        }
        let grace: u64 = text(&s["stop_grace_period"])
            .trim_end_matches('s')
            .parse()
            .unwrap();
        let budget = default_of(&env["MODD_SHUTDOWN_DRAIN_SECS"])
            + default_of(&env["MODD_SHUTDOWN_TIMEOUT_SECS"]);
        assert!(
            grace > budget,
            "{service}: stop_grace_period {grace}s <= {budget}s"
        );
        assert_eq!(text(&env["MODD_ENV"]), "production");
    }
    assert_eq!(text(&services["api"]["environment"]["MODD_WORKERS"]), "0");
    assert_eq!(default_of(&services["worker"]["deploy"]["replicas"]), 2);
    let migrate = &services["migrate"];
    assert_eq!(seq(&migrate["entrypoint"]), [Value::from("modctl")]);
    for name in migrate["environment"].as_mapping().unwrap().keys() {
        unknown.check("migrate", &text(name));
    }
    let redis: String = seq(&services["redis"]["command"])
        .iter()
        .map(text)
        .collect();
    for flag in [
        "--appendonly yes",
        "--maxmemory-policy noeviction",
        "--requirepass",
    ] {
        assert!(redis.contains(flag), "redis lacks {flag}");
    }
    unknown.assert_none();
}

#[test]
fn dockerfile_matches_the_product() {
    let env = manifests::dockerfile_assignments("ENV");
    let mut unknown = Unknown::default();
    for (name, _) in &env {
        unknown.check("Dockerfile ENV", name);
    }
    let value = |name: &str| {
        env.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(
        value("MODD_BIND"),
        "0.0.0.0:8000",
        "the image listens on every interface"
    );
    let dockerfile = manifests::read("Dockerfile");
    let exposed: Vec<u16> = dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("EXPOSE "))
        .flat_map(|ports| ports.split_whitespace().map(|p| p.parse().unwrap()))
        .collect();
    for bind in ["MODD_BIND", "MODD_WORKER_BIND"] {
        let port = port_of(&value(bind));
        assert!(
            exposed.contains(&port),
            "{bind} port {port} not in EXPOSE {exposed:?}"
        );
    }
    let args = manifests::dockerfile_assignments("ARG");
    let arg = |name: &str| {
        args.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(arg("IMAGE_MODEL_SHA256"), modd::images::model::MODEL_SHA256);
    assert_eq!(arg("VERSION"), env!("CARGO_PKG_VERSION"));
    assert!(dockerfile.contains(r#"CMD ["modd", "healthcheck"]"#));
    assert!(dockerfile.contains("STOPSIGNAL SIGTERM"));
    assert!(dockerfile.contains("--locked"));
    unknown.assert_none();
}

#[test]
fn systemd_units_name_known_settings() {
    let mut unknown = Unknown::default();
    for unit in [
        "modd.service",
        "modd-worker@.service",
        "modd-migrate.service",
    ] {
        let text = manifests::read(&format!("deploy/systemd/{unit}"));
        for line in text.lines() {
            if let Some(assignment) = line.strip_prefix("Environment=") {
                let name = assignment.split('=').next().unwrap();
                unknown.check(unit, name);
            }
        }
        for required in [
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "PrivateTmp=yes",
            "CapabilityBoundingSet=\n",
            "SystemCallFilter=@system-service",
            "EnvironmentFile=",
            "LoadCredential=",
        ] {
            assert!(text.contains(required), "{unit} lacks {required:?}");
        }
    }
    for line in manifests::read("deploy/systemd/modd.env.example").lines() {
        if let Some((name, _)) = line.split_once('=').filter(|_| !line.starts_with('#')) {
            unknown.check("modd.env.example", name);
        }
    }
    unknown.assert_none();
}

#[test]
fn healthcheck_exit_codes_on_the_real_binary() {
    let dir = tempfile::tempdir().unwrap();
    let api = Running::start(dir.path(), "serve", "MODD_BIND");
    let ok = api.healthcheck();
    assert!(ok.status.success());
    let line = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("ready: "), "{line}");
    // The default URL comes from MODD_BIND, as in the image.
    let by_bind = std::process::Command::new(running::MODD)
        .arg("healthcheck")
        .env_clear()
        .env("MODD_BIND", format!("0.0.0.0:{}", api.port))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        by_bind.status.success(),
        "{}",
        String::from_utf8_lossy(&by_bind.stderr)
    );
    let port = api.port;
    drop(api);
    let down = std::process::Command::new(running::MODD)
        .args([
            "healthcheck",
            "--url",
            &format!("http://127.0.0.1:{port}/ready"),
        ])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(down.status.code(), Some(1));
    let line = String::from_utf8_lossy(&down.stderr);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.starts_with("not ready: "), "{line}");
}

/// The build context is an allow-list (`.dockerignore`): a workspace member
/// missing from it breaks the image build, so every member must be listed.
#[test]
fn dockerignore_lets_every_workspace_member_in() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let members = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("members = "))
        .expect("a members line in Cargo.toml");
    let ignore = std::fs::read_to_string(format!("{root}/.dockerignore")).unwrap();
    let allowed: Vec<&str> = ignore.lines().filter_map(|l| l.strip_prefix('!')).collect();
    for member in members
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| !m.is_empty())
    {
        assert!(
            allowed.contains(&format!("{member}/").as_str()),
            ".dockerignore does not let workspace member {member}/ into the build context"
        );
    }
}

/// The Compose stack's Prometheus and Grafana see what the alert rules and
/// the dashboard expect: the scrape job names the rules select on, only
/// rule files as rules, and the dashboards where the provider looks.
#[test]
fn compose_monitoring_matches_the_rules_and_the_dashboard() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap();
    let jobs = |yaml: &str| -> Vec<String> {
        let doc: Value = serde_yaml::from_str(yaml).unwrap();
        seq(&doc["scrape_configs"])
            .iter()
            .map(|j| text(&j["job_name"]))
            .collect()
    };
    let compose_jobs = jobs(&read("deploy/compose/prometheus.yml"));
    for job in ["modd", "modd-worker"] {
        assert!(
            jobs(&read("deploy/prometheus/prometheus.yml")).contains(&job.to_owned()),
            "deploy/prometheus/prometheus.yml lacks job {job}"
        );
        assert!(
            compose_jobs.contains(&job.to_owned()),
            "the Compose Prometheus lacks job {job} that the alert rules select on"
        );
    }
    let compose_prom: Value = serde_yaml::from_str(&read("deploy/compose/prometheus.yml")).unwrap();
    for rule_file in seq(&compose_prom["rule_files"]) {
        assert!(
            text(rule_file).ends_with(".rules.yml"),
            "only rule files may be loaded as rules: {rule_file:?}"
        );
    }
    let provider: Value =
        serde_yaml::from_str(&read("deploy/grafana/provisioning/dashboards/modd.yml")).unwrap();
    let path = text(&seq(&provider["providers"])[0]["options"]["path"]);
    assert!(
        read("deploy/compose/compose.yaml").contains(&format!("../grafana/dashboards:{path}:ro")),
        "Compose must mount deploy/grafana/dashboards at the provider's path {path}"
    );
}
