//! Restore drills and the refusals of `modctl backup` / `modctl restore`,
//! through the real binary against real databases.
//!
//! The drill, on each backend: a real `modd` takes writes from several
//! clients; `modctl backup` (encrypted) runs in the middle of that load;
//! the backup is restored into a fresh database; a new `modd` starts on it;
//! every item accepted before the backup began is there and reaches the
//! decision it reached on the original, the client key still works and the
//! revoked one is still refused, and the restored rows (integrity check on
//! SQLite) agree with the manifest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Utc};
use common::{Run, modctl_env};
use modd_common::{AnalyseRequest, ItemStatus, Role};
use modd_store::backup::{Contents, postgres as pg_backup, sqlite as sqlite_backup};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually, on_both_backends};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const APP: &str = "drill";

/// `modctl` with `DATABASE_URL` = `url` and extra variables.
async fn modctl(url: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec![("DATABASE_URL", url)];
    all.extend_from_slice(env);
    modctl_env(args, &all).await
}

fn key_file(dir: &Path, name: &str, hex_digit: char) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, hex_digit.to_string().repeat(64)).unwrap();
    path
}

/// What the database at `url` holds now, read below the store.
async fn contents(url: &str) -> Contents {
    if let Some(path) = url.strip_prefix("sqlite://") {
        sqlite_backup::contents(Path::new(path)).await.unwrap()
    } else {
        pg_backup::contents(url).await.unwrap()
    }
}

/// One accepted item: its id and when its 2xx arrived.
#[derive(Debug, Clone)]
struct Accepted {
    id: i64,
    external_id: String,
    at: DateTime<Utc>,
}

/// Clients sending `analyse` until `stop`; every 2xx is recorded.
fn start_load(
    d: &TestDaemon,
    key: &str,
    clients: usize,
    stop: Arc<AtomicBool>,
    accepted: Arc<Mutex<Vec<Accepted>>>,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..clients)
        .map(|c| {
            let client = d.client(Some(key));
            let (stop, accepted) = (stop.clone(), accepted.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let external_id = format!("c{c}-{n}");
                    // Some texts the local classifiers flag or block, most not.
                    let text = match n % 5 {
                        0 => format!("I will kill you, {n}"),
                        1 => format!("buy cheap pills now!!! http://spam.example/{n}"),
                        _ => format!("a friendly comment number {n} from client {c}"),
                    };
                    let req = AnalyseRequest {
                        external_id: external_id.clone(),
                        text: Some(text),
                        image_url: None,
                        image_base64: None,
                        content_type: "comment".into(),
                        source_app: APP.into(),
                    };
                    if let Ok(res) = client.analyse(&req).await {
                        let at = Utc::now();
                        accepted.lock().unwrap().push(Accepted {
                            id: res.id,
                            external_id,
                            at,
                        });
                    }
                }
            })
        })
        .collect()
}

async fn restore_drill(db: Db) {
    let Some(source) = TestDb::new(db).await else {
        return;
    };
    let label = db.label();
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let key = key_file(dir.path(), "backup.key", '7');
    let key = key.to_str().unwrap();

    let d = TestDaemon::start(&source, &[]).await;
    let (_, client_key) = d
        .key_with(KeySpec {
            role: Role::Client,
            ..KeySpec::default()
        })
        .await;
    let (revoked_id, revoked_key) = d.key_with(KeySpec::default()).await;
    assert!(d.store.revoke_key(revoked_id, Utc::now()).await.unwrap());

    let stop = Arc::new(AtomicBool::new(false));
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let load = start_load(&d, &client_key, 4, stop.clone(), accepted.clone());
    let warm = eventually(Duration::from_secs(30), || async {
        (accepted.lock().unwrap().len() >= 200).then_some(())
    })
    .await;
    assert!(warm.is_some(), "{label}: the load never got going");

    // The backup, in the middle of the load.
    let began = Utc::now();
    let run = modctl(
        &source.url,
        &[
            "--json",
            "backup",
            "--to",
            backups.to_str().unwrap(),
            "--key-file",
            key,
        ],
        &[],
    )
    .await;
    run.ok(&format!("{label}: backup under load"));
    let ended = Utc::now();
    let report: Value = run.json();
    // Writes went on during the backup and after it.
    let during = {
        let before = accepted.lock().unwrap().len();
        tokio::time::sleep(Duration::from_millis(300)).await;
        accepted.lock().unwrap().len() - before
    };
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.unwrap();
    }
    assert!(during > 0, "{label}: no write after the backup");
    let accepted = accepted.lock().unwrap().clone();
    let before: Vec<&Accepted> = accepted.iter().filter(|a| a.at < began).collect();
    let after: Vec<&Accepted> = accepted.iter().filter(|a| a.at > ended).collect();
    assert!(!before.is_empty() && !after.is_empty(), "{label}");
    assert!(
        accepted.iter().any(|a| a.at > began && a.at < ended),
        "{label}: nothing was written while the backup ran"
    );

    // The manifest describes the file: encrypted, checksummed, counted.
    let manifest_path = PathBuf::from(report["manifest"].as_str().unwrap());
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    assert_eq!(manifest["backend"], label);
    assert_eq!(
        manifest["encryption"]["algorithm"],
        "xchacha20poly1305-stream-be32"
    );
    assert!(manifest["schema_version"].as_i64().unwrap() > 0);
    let items_in_backup = manifest["row_counts"]["content_items"].as_i64().unwrap();
    assert!(
        items_in_backup >= before.len() as i64,
        "{label}: {manifest}"
    );
    assert!(
        items_in_backup < accepted.len() as i64,
        "{label}: {manifest}"
    );

    // The original decides everything; its outcomes are the reference.
    let original = d.client(Some(&client_key));
    let settled = eventually(Duration::from_secs(60), || async {
        let n = d.store.count_by_status().await.ok()?;
        (n.get(&ItemStatus::Pending).copied().unwrap_or(0) == 0).then_some(())
    })
    .await;
    assert!(settled.is_some(), "{label}: the original never settled");
    let mut reference = Vec::new();
    for a in &before {
        let item = original.get_item(a.id).await.unwrap();
        reference.push((a, item.status, item.decision.map(|x| x.verdict)));
    }
    d.shutdown().await;

    // Restore into a fresh database, as after losing the original.
    let target = TestDb::new(db).await.unwrap();
    let run = modctl(
        &target.url,
        &[
            "--json",
            "restore",
            manifest_path.to_str().unwrap(),
            "--key-file",
            key,
        ],
        &[],
    )
    .await;
    run.ok(&format!("{label}: restore"));
    let restored: Value = run.json();
    assert_eq!(restored["row_counts"], manifest["row_counts"], "{label}");
    if db == Db::Sqlite {
        assert_eq!(restored["integrity"], "ok");
    }
    // Counted again here, below modctl: the rows are the manifest's.
    let counted = serde_json::to_value(contents(&target.url).await.row_counts).unwrap();
    assert_eq!(counted, manifest["row_counts"], "{label}");

    // A new modd on the restored database.
    let r = TestDaemon::start(&target, &[]).await;
    let client = r.client(Some(&client_key));
    for (a, status, verdict) in &reference {
        let got = eventually(Duration::from_secs(60), || async {
            let item = client.get_item(a.id).await.ok()?;
            (item.status != ItemStatus::Pending).then_some(item)
        })
        .await
        .unwrap_or_else(|| panic!("{label}: item {} missing or never decided", a.id));
        assert_eq!(got.external_id, a.external_id, "{label}");
        assert_eq!(&got.status, status, "{label}: item {}", a.id);
        assert_eq!(
            &got.decision.map(|x| x.verdict),
            verdict,
            "{label}: item {}",
            a.id
        );
    }
    // Accepted after the backup ended: not in it.
    let last = after.last().unwrap();
    assert!(
        client.find_item(APP, &last.external_id).await.is_err(),
        "{label}: an item accepted after the backup is in it"
    );
    // The revoked key stays revoked.
    let refused = r.client(Some(&revoked_key)).get_item(before[0].id).await;
    assert!(
        refused.is_err(),
        "{label}: revoked key accepted after restore"
    );
    r.shutdown().await;
}

on_both_backends!(restore_drill);
