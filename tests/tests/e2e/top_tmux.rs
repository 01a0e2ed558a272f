//! `modctl top` in a real terminal: tmux runs it against a daemon under
//! load; the test reads the screen with `capture-pane`, checks that the
//! numbers move and that keys work, then quits with `q` (and, in a second
//! run, after the daemon has gone away, the screen has said so and a new
//! daemon on the same port has been picked up, Ctrl-C) and checks the
//! exit status and that the terminal is back in cooked mode on the normal
//! screen. A dead letter is retried from the dashboard with `r`, `y`. A
//! session with a viewer key is recorded (`--record`) and played back
//! (`--replay`) in the same UI.
//! tmux is never installed from here:
//! without it the test skips, or fails under `MODD_REQUIRE_SERVICES=1`
//! (CI installs it in `.ci/run`).

use modctl::client::Client;
use modd_common::{AnalyseRequest, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::process::Command;

fn tmux_available() -> bool {
    std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One tmux server of the test's own (its own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    async fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .await
            .expect("run tmux");
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    async fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "top"]).await
    }

    async fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "top"];
        args.extend_from_slice(keys);
        self.run(&args).await;
    }

    /// Waits until the screen contains `want`; returns that screen.
    async fn wait_for(&self, want: &str) -> String {
        let got = eventually(Duration::from_secs(20), || async {
            let s = self.screen().await;
            s.contains(want).then_some(s)
        })
        .await;
        match got {
            Some(s) => s,
            None => panic!("never saw {want:?}; screen:\n{}", self.screen().await),
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Jobs done by every worker on screen (the Workers panel's `done` column).
fn jobs_done(screen: &str) -> u64 {
    screen
        .lines()
        .filter_map(|line| {
            let left = line.split("││").next()?;
            let tokens: Vec<&str> = left
                .split(|c: char| c.is_whitespace() || c == '│')
                .filter(|t| !t.is_empty())
                .collect();
            let state = tokens
                .iter()
                .position(|t| matches!(*t, "busy" | "idle" | "STALE"))?;
            tokens.get(state + 2)?.parse::<u64>().ok()
        })
        .sum()
}

/// The requests/s figure of the Traffic panel.
fn requests_per_sec(screen: &str) -> Option<f64> {
    let at = screen.find("req ")?;
    let rest = &screen[at + 4..];
    let figure = rest.split_whitespace().next()?;
    let number = figure.strip_suffix("/s")?;
    match number.strip_suffix('k') {
        Some(k) => k.parse::<f64>().ok().map(|v| v * 1000.0),
        None => number.parse().ok(),
    }
}

/// Writes the script the pane runs: the key stays out of `ps` and tmux's
/// command line; after `modctl top` it records the exit status and the
/// terminal mode, then keeps the pane open for `capture-pane`.
fn script(dir: &Path, base: &str, key: &str, args: &str) -> PathBuf {
    let path = dir.join("run.sh");
    let body = format!(
        "export MODCTL_URL='{base}' MODCTL_ADMIN_KEY='{key}'\n\
         '{bin}' top {args} 2>'{dir}/stderr'\n\
         echo $? > '{dir}/exit.tmp' && mv '{dir}/exit.tmp' '{dir}/exit'\n\
         stty -a > '{dir}/stty'\n\
         echo 'after top'\n\
         sleep 120\n",
        bin = env!("CARGO_BIN_EXE_modctl-under-test"),
        dir = dir.display(),
    );
    std::fs::write(&path, body).expect("write script");
    path
}

async fn exit_of(dir: &Path) -> (String, String) {
    let exit = eventually(Duration::from_secs(15), || async {
        std::fs::read_to_string(dir.join("exit")).ok()
    })
    .await
    .expect("modctl top exited");
    let stty = eventually(Duration::from_secs(5), || async {
        std::fs::read_to_string(dir.join("stty"))
            .ok()
            .filter(|s| !s.is_empty())
    })
    .await
    .expect("stty ran after it");
    (exit.trim().to_owned(), stty)
}

/// Cooked mode: line editing and echo back on (raw mode turns both off).
fn assert_cooked(stty: &str) {
    let flags: Vec<&str> = stty.split_whitespace().collect();
    assert!(flags.contains(&"icanon"), "terminal left raw: {stty}");
    assert!(
        flags.contains(&"echo"),
        "terminal left without echo: {stty}"
    );
}

async fn start_top(tmux: &Tmux, dir: &Path, base: &str, key: &str) {
    start_top_with(tmux, dir, base, key, "--interval 300ms").await;
}

/// `modctl top ARGS` in the pane.
async fn start_top_with(tmux: &Tmux, dir: &Path, base: &str, key: &str, args: &str) {
    let script = script(dir, base, key, args);
    let command = format!("sh '{}'", script.display());
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "top",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ])
    .await;
}

/// `false` (skip) without tmux; panics when services are required.
fn have_tmux() -> bool {
    if tmux_available() {
        return true;
    }
    assert!(
        !modd_testkit::services_required(),
        "MODD_REQUIRE_SERVICES=1 but tmux is not installed: this run must test modctl top in a terminal"
    );
    eprintln!("skipped: tmux is not installed");
    false
}

fn new_tmux() -> Tmux {
    Tmux {
        socket: format!("modd-top-{}", uuid::Uuid::new_v4().simple()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_runs_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let db = TestDb::new(Db::Sqlite).await.expect("sqlite");
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "2")]).await;
    let admin_key = d.key(Role::Admin, &[]).await;
    let addr = d.addr.to_string();
    let client = Client::new(&d.base, Some(d.key(Role::Client, &["forum"]).await)).unwrap();
    // Load: a steady stream of items while the dashboard runs.
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let _ = client
                    .analyse(&AnalyseRequest {
                        external_id: format!("tmux-{n}"),
                        text: Some("hello from the load generator".into()),
                        image_url: None,
                        image_base64: None,
                        content_type: "comment".into(),
                        source_app: "forum".into(),
                    })
                    .await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };

    // Quit with `q`.
    let dir = tempfile::tempdir().unwrap();
    let tmux = new_tmux();
    start_top(&tmux, dir.path(), &d.base, &admin_key).await;
    tmux.wait_for("live ·").await;
    // Rates need two snapshots; let a few arrive.
    let first = eventually(Duration::from_secs(20), || async {
        let s = tmux.screen().await;
        (requests_per_sec(&s).unwrap_or(0.0) > 0.0 && jobs_done(&s) > 0).then_some(s)
    })
    .await
    .unwrap_or_else(|| panic!("no traffic on screen"));
    assert!(
        first.contains("[Traffic]") && first.contains("Dead letters"),
        "{first}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let second = tmux.screen().await;
    assert!(
        jobs_done(&second) > jobs_done(&first),
        "jobs done did not move:\n{first}\n---\n{second}"
    );
    assert_ne!(first, second, "the screen did not change");
    // Keys: move to the next panel, help, pause.
    tmux.keys(&["Tab"]).await;
    tmux.wait_for("[Queue]").await;
    tmux.keys(&["?"]).await;
    tmux.wait_for("retry the selected dead letter").await;
    tmux.keys(&["?"]).await;
    tmux.keys(&["p"]).await;
    tmux.wait_for("PAUSED").await;
    tmux.keys(&["p"]).await;
    tmux.keys(&["q"]).await;
    let (exit, stty) = exit_of(dir.path()).await;
    assert_eq!(
        exit,
        "0",
        "stderr: {:?}",
        std::fs::read_to_string(dir.path().join("stderr"))
    );
    assert_cooked(&stty);
    let after = tmux.wait_for("after top").await;
    assert!(
        !after.contains("[Queue]"),
        "still on the dashboard's screen:\n{after}"
    );
    assert_eq!(
        tmux.run(&["display", "-p", "-t", "top", "#{alternate_on}"])
            .await
            .trim(),
        "0"
    );
    drop(tmux);

    // The daemon goes away: the last numbers stay, marked disconnected;
    // then quit with Ctrl-C.
    let dir = tempfile::tempdir().unwrap();
    let tmux = new_tmux();
    start_top(&tmux, dir.path(), &d.base, &admin_key).await;
    tmux.wait_for("live ·").await;
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    d.shutdown().await;
    let gone = tmux.wait_for("DISCONNECTED since").await;
    assert!(!gone.contains("live ·"), "{gone}");
    assert!(gone.contains("[Traffic]"), "the dashboard stays:\n{gone}");
    assert!(gone.contains("reconnecting"), "{gone}");
    // A new daemon on the same address: the dashboard reconnects by itself.
    let d = TestDaemon::start_at(&db, &[("MODD_WORKERS", "2")], &addr).await;
    tmux.wait_for("live ·").await;
    tmux.keys(&["C-c"]).await;
    let (exit, stty) = exit_of(dir.path()).await;
    assert_eq!(exit, "0");
    assert_cooked(&stty);
    d.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_retries_a_dead_letter_after_confirmation() {
    if !have_tmux() {
        return;
    }
    let db = TestDb::new(Db::Sqlite).await.expect("sqlite");
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "1"), ("MODD_MAX_ATTEMPTS", "1")]).await;
    let admin_key = d.key(Role::Admin, &[]).await;
    let admin = Client::new(&d.base, Some(admin_key.clone())).unwrap();
    let client = Client::new(&d.base, Some(d.key(Role::Client, &["forum"]).await)).unwrap();
    // A real failure of the real store: every decision insert aborts.
    modd_testkit::execute_raw(
        &db.url,
        "CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    .await;
    let id = client
        .analyse(&AnalyseRequest {
            external_id: "doomed".into(),
            text: Some("hello".into()),
            image_url: None,
            image_base64: None,
            content_type: "comment".into(),
            source_app: "forum".into(),
        })
        .await
        .unwrap()
        .id;
    let dead = eventually(Duration::from_secs(30), || async {
        admin.dlq_list(None, 10).await.ok()?.into_iter().next()
    })
    .await
    .expect("the job is dead-lettered");
    assert_eq!(dead.item_id, id);
    modd_testkit::execute_raw(&db.url, "DROP TRIGGER fail_decisions").await;

    let dir = tempfile::tempdir().unwrap();
    let tmux = new_tmux();
    start_top(&tmux, dir.path(), &d.base, &admin_key).await;
    tmux.wait_for(&format!("item {id} ")).await;
    // `r` elsewhere does nothing; on the dead-letter panel it asks first.
    tmux.keys(&["r"]).await;
    tmux.keys(&["BTab"]).await;
    tmux.wait_for("[Dead letters]").await;
    assert!(!tmux.screen().await.contains("y/n"));
    tmux.keys(&["r"]).await;
    tmux.wait_for(&format!("Retry dead letter {}? y/n", dead.id))
        .await;
    tmux.keys(&["n"]).await;
    tmux.wait_for("q quit").await;
    assert!(
        !admin.dlq_list(None, 10).await.unwrap().is_empty(),
        "n retries nothing"
    );
    tmux.keys(&["r"]).await;
    tmux.wait_for("y/n").await;
    tmux.keys(&["y"]).await;
    tmux.wait_for(&format!("retried {}: item {id} queued again", dead.id))
        .await;
    let decided = eventually(Duration::from_secs(30), || async {
        let item = d.store.get_item(id).await.ok()??;
        (item.status == modd_common::ItemStatus::Approved).then_some(())
    })
    .await;
    assert!(decided.is_some(), "the retried item was decided");
    tmux.keys(&["q"]).await;
    let (exit, stty) = exit_of(dir.path()).await;
    assert_eq!(exit, "0");
    assert_cooked(&stty);
    drop(tmux);
    d.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn top_records_a_session_and_replays_it() {
    if !have_tmux() {
        return;
    }
    let db = TestDb::new(Db::Sqlite).await.expect("sqlite");
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "2")]).await;
    let viewer = d.key(Role::Viewer, &[]).await;
    let client = Client::new(&d.base, Some(d.key(Role::Client, &["forum"]).await)).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let req = AnalyseRequest::new("forum", format!("rec-{n}"), "comment")
                    .with_text("hello from the load generator");
                let _ = client.analyse(&req).await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let files = tempfile::tempdir().unwrap();
    let recording = files.path().join("incident.jsonl");

    // Record a live session (a viewer key is enough).
    let dir = tempfile::tempdir().unwrap();
    let tmux = new_tmux();
    let args = format!("--interval 300ms --record '{}'", recording.display());
    start_top_with(&tmux, dir.path(), &d.base, &viewer, &args).await;
    let live = eventually(Duration::from_secs(20), || async {
        let s = tmux.screen().await;
        (requests_per_sec(&s).unwrap_or(0.0) > 0.0 && jobs_done(&s) > 0).then_some(s)
    })
    .await
    .unwrap_or_else(|| panic!("no traffic on screen"));
    assert!(live.contains("live ·"), "{live}");
    // A few more snapshots, so the replay has something to play.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    tmux.keys(&["q"]).await;
    let (exit, _) = exit_of(dir.path()).await;
    assert_eq!(exit, "0");
    drop(tmux);
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    d.shutdown().await;

    // Compact, appendable JSON lines: one snapshot each.
    let text = std::fs::read_to_string(&recording).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(lines.len() >= 3, "{} snapshots", lines.len());
    assert!(
        lines
            .iter()
            .all(|l| l["at"].is_string() && l["stats"]["service"] == "modd")
    );
    assert!(!text.contains(&viewer), "no key in the recording");

    // Played back in the same UI, with no daemon running, faster.
    let dir = tempfile::tempdir().unwrap();
    let tmux = new_tmux();
    let args = format!("--replay '{}' --speed 4", recording.display());
    start_top_with(&tmux, dir.path(), "http://127.0.0.1:9", "", &args).await;
    tmux.wait_for("REPLAY").await;
    let end = tmux.wait_for("end of the recording").await;
    assert!(end.contains("[Traffic]") && end.contains("×4"), "{end}");
    assert!(
        requests_per_sec(&end).unwrap_or(0.0) > 0.0,
        "recorded rates:\n{end}"
    );
    assert!(jobs_done(&end) > 0, "{end}");
    assert!(end.contains("forum"), "the Decisions panel:\n{end}");
    tmux.keys(&["Tab"]).await;
    tmux.wait_for("[Queue]").await;
    tmux.keys(&["q"]).await;
    let (exit, stty) = exit_of(dir.path()).await;
    assert_eq!(
        exit,
        "0",
        "stderr: {:?}",
        std::fs::read_to_string(dir.path().join("stderr"))
    );
    assert_cooked(&stty);

    // `--once` prints the last screen without a key legend; `--json` the last snapshot.
    let once = std::process::Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(["top", "--replay"])
        .arg(&recording)
        .arg("--once")
        .env_remove("MODCTL_ADMIN_KEY")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&once.stdout);
    assert!(once.status.success(), "{once:?}");
    assert!(
        screen.contains("[Traffic]") && screen.contains("forum"),
        "{screen}"
    );
    assert!(!screen.contains("q quit"), "{screen}");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(["--json", "top", "--once", "--replay"])
        .arg(&recording)
        .output()
        .unwrap();
    let last: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(&last, &lines[lines.len() - 1]["stats"]);
}
