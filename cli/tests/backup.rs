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

/// A migrated SQLite database holding `keys` API keys; the pool is closed
/// before returning, so nothing holds the file open.
async fn sqlite_with_keys(keys: usize) -> TestDb {
    use modd_store::{ConnectOptions, SqliteStore, Store};
    let db = TestDb::sqlite();
    let store = SqliteStore::connect(&db.url, &ConnectOptions::default())
        .await
        .unwrap();
    store.migrate_up(None).await.unwrap();
    for _ in 0..keys {
        modd_testkit::insert_key(&store, KeySpec::default()).await;
    }
    store.close().await;
    db
}

fn rows(report: &Value, table: &str) -> i64 {
    report["row_counts"][table].as_i64().unwrap()
}

fn rewrite_manifest(path: &Path, change: impl FnOnce(&mut Value)) {
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    change(&mut m);
    std::fs::write(path, serde_json::to_string(&m).unwrap()).unwrap();
}

#[tokio::test]
async fn restore_refuses_a_live_sqlite_database_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().to_str().unwrap();
    let source = sqlite_with_keys(1).await;
    let taken: Value = modctl(&source.url, &["--json", "backup", "--to", to], &[])
        .await
        .ok("backup")
        .json();
    let manifest = taken["manifest"].as_str().unwrap();

    let target = sqlite_with_keys(2).await;
    // Someone (a modd) has the target open.
    let holder = modd_store::SqliteStore::connect(&target.url, &Default::default())
        .await
        .unwrap();
    sqlx_ping(&holder).await;
    let refused = modctl(&target.url, &["restore", manifest], &[]).await;
    refused.expect_code(2, "restore over a live database");
    assert!(
        refused.stderr.contains("open in another process") && refused.stderr.contains("--force"),
        "{}",
        refused.stderr
    );
    holder.close().await;
    assert_eq!(rows(&json_contents(&target.url).await, "api_keys"), 2);

    // Stopped: the restore goes ahead, and the old file is kept aside.
    let done: Value = modctl(&target.url, &["--json", "restore", manifest], &[])
        .await
        .ok("restore")
        .json();
    assert_eq!(done["integrity"], "ok");
    assert_eq!(rows(&json_contents(&target.url).await, "api_keys"), 1);
    let previous = PathBuf::from(done["previous"].as_str().unwrap());
    let kept = sqlite_backup::contents(&previous).await.unwrap();
    assert_eq!(
        kept.row_counts["api_keys"], 2,
        "the replaced database is kept"
    );
}

async fn sqlx_ping(store: &modd_store::SqliteStore) {
    use modd_store::Store;
    store.ping().await.unwrap();
}

async fn json_contents(url: &str) -> Value {
    serde_json::to_value(contents(url).await).unwrap()
}

#[tokio::test]
async fn restore_checks_the_key_the_checksum_and_the_schema_first() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("b");
    let to = backups.to_str().unwrap();
    let right = key_file(dir.path(), "right.key", 'a');
    let wrong = key_file(dir.path(), "wrong.key", 'b');
    let source = sqlite_with_keys(1).await;
    let taken: Value = modctl(
        &source.url,
        &[
            "--json",
            "backup",
            "--to",
            to,
            "--key-file",
            right.to_str().unwrap(),
        ],
        &[],
    )
    .await
    .ok("encrypted backup")
    .json();
    let manifest = PathBuf::from(taken["manifest"].as_str().unwrap());
    let file = PathBuf::from(taken["path"].as_str().unwrap());
    let m = manifest.to_str().unwrap();
    let target = TestDb::sqlite();
    let target_file = PathBuf::from(target.url.strip_prefix("sqlite://").unwrap());
    let restore = |key: Option<&Path>| {
        let mut args = vec!["restore".to_owned(), m.to_owned()];
        if let Some(k) = key {
            args.extend(["--key-file".to_owned(), k.display().to_string()]);
        }
        let url = target.url.clone();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            modctl(&url, &args, &[]).await
        }
    };

    let run = restore(None).await;
    run.expect_code(2, "no key");
    assert!(
        run.stderr.contains("encrypted: pass --key-file"),
        "{}",
        run.stderr
    );
    let run = restore(Some(&wrong)).await;
    run.expect_code(2, "wrong key");
    assert!(run.stderr.contains("wrong key"), "{}", run.stderr);
    assert!(!target_file.exists(), "nothing written on a refusal");

    // One byte changed: the checksum says so.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&file, &bytes).unwrap();
    let run = restore(Some(&right)).await;
    run.expect_code(1, "damaged file");
    assert!(run.stderr.contains("checksum mismatch"), "{}", run.stderr);
    // ... and with the manifest "fixed" to match, authentication does.
    let (sha, len) = modctl::backup::manifest::digest(&file).unwrap();
    rewrite_manifest(&manifest, |m| {
        m["sha256"] = sha.into();
        m["bytes"] = len.into();
    });
    let run = restore(Some(&right)).await;
    run.expect_code(1, "tampered file");
    assert!(run.stderr.contains("decryption failed"), "{}", run.stderr);
    assert!(!target_file.exists(), "nothing written on a refusal");

    // A schema this binary does not know: refused, from the file itself.
    let future = sqlite_with_keys(0).await;
    modd_testkit::execute_raw(
        &future.url,
        "INSERT INTO schema_migrations (version, name, applied_at) \
         VALUES (99991231000000, 'from_the_future', '2099-01-01T00:00:00.000000Z')",
    )
    .await;
    let taken: Value = modctl(&future.url, &["--json", "backup", "--to", to], &[])
        .await
        .ok("backup of a newer schema")
        .json();
    assert_eq!(taken["schema_version"], 99_991_231_000_000_i64);
    let run = modctl(
        &target.url,
        &["restore", taken["manifest"].as_str().unwrap()],
        &[],
    )
    .await;
    run.expect_code(2, "newer schema");
    assert!(
        run.stderr.contains("newer than this modctl knows"),
        "{}",
        run.stderr
    );
    // Lying in the manifest does not help: the file is read too.
    rewrite_manifest(Path::new(taken["manifest"].as_str().unwrap()), |m| {
        m["schema_version"] = 1.into();
    });
    let run = modctl(
        &target.url,
        &["restore", taken["manifest"].as_str().unwrap()],
        &[],
    )
    .await;
    run.expect_code(2, "newer schema behind a false manifest");
    assert!(!target_file.exists());
}

#[tokio::test]
async fn keep_prunes_all_but_the_newest_backups() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().to_str().unwrap();
    let source = sqlite_with_keys(1).await;
    let mut manifests = Vec::new();
    for _ in 0..3 {
        let taken: Value = modctl(
            &source.url,
            &["--json", "backup", "--to", to, "--keep", "2"],
            &[],
        )
        .await
        .ok("backup")
        .json();
        manifests.push(PathBuf::from(taken["manifest"].as_str().unwrap()));
        let pruned = taken["pruned"].as_array().unwrap().len();
        assert_eq!(pruned, usize::from(manifests.len() == 3));
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        4,
        "two backups with their manifests: {names:?}"
    );
    assert!(!manifests[0].exists());
    assert!(manifests[1].exists() && manifests[2].exists());
    // `restore DIR` takes the newest.
    let target = TestDb::sqlite();
    let done: Value = modctl(&target.url, &["--json", "restore", to], &[])
        .await
        .ok("restore the newest")
        .json();
    assert_eq!(done["manifest"], manifests[2].to_str().unwrap());
}

#[tokio::test]
async fn postgres_names_missing_tools_and_refuses_a_database_in_use() {
    let Some(source) = TestDb::new(Db::Postgres).await else {
        return;
    };
    modctl(&source.url, &["migrate", "up"], &[])
        .await
        .ok("migrate");
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().to_str().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let no_tools = [("PATH", empty.path().to_str().unwrap())];
    let run = modctl(&source.url, &["backup", "--to", to], &no_tools).await;
    run.expect_code(2, "backup without pg_dump");
    assert!(
        run.stderr.contains("pg_dump not found on PATH"),
        "{}",
        run.stderr
    );

    let taken: Value = modctl(&source.url, &["--json", "backup", "--to", to], &[])
        .await
        .ok("backup")
        .json();
    assert!(taken["dump_tool"].as_str().unwrap().starts_with("pg_dump"));
    let manifest = taken["manifest"].as_str().unwrap();
    let target = TestDb::new(Db::Postgres).await.unwrap();
    let run = modctl(&target.url, &["restore", manifest], &no_tools).await;
    run.expect_code(2, "restore without pg_restore");
    assert!(
        run.stderr.contains("pg_restore not found on PATH"),
        "{}",
        run.stderr
    );

    // Over the source, which has modd's tables: refused without --force.
    let run = modctl(&source.url, &["restore", manifest], &[]).await;
    run.expect_code(2, "restore over existing tables");
    assert!(
        run.stderr.contains("restore into a new database"),
        "{}",
        run.stderr
    );
    // A session on the target (a modd) makes it live.
    let holder = modd_store::PostgresStore::connect(&target.url, &Default::default())
        .await
        .unwrap();
    let run = modctl(&target.url, &["restore", manifest], &[]).await;
    run.expect_code(2, "restore into a database in use");
    assert!(run.stderr.contains("other session(s)"), "{}", run.stderr);
    holder.close().await;
    // A SQLite manifest is not a PostgreSQL backup.
    let sqlite = sqlite_with_keys(0).await;
    let other: Value = modctl(&sqlite.url, &["--json", "backup", "--to", to], &[])
        .await
        .ok("sqlite backup")
        .json();
    let run = modctl(
        &target.url,
        &["restore", other["manifest"].as_str().unwrap()],
        &[],
    )
    .await;
    run.expect_code(2, "backend mismatch");
    // Then it goes through, and --force replaces modd's tables in place.
    modctl(&target.url, &["restore", manifest], &[])
        .await
        .ok("restore");
    let forced: Value = modctl(
        &target.url,
        &["--json", "restore", manifest, "--force"],
        &[],
    )
    .await
    .ok("forced restore over the tables")
    .json();
    assert_eq!(forced["row_counts"], taken["row_counts"]);
}
