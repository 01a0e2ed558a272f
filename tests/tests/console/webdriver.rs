//! A small W3C WebDriver client over the `reqwest` already in the tree,
//! and Debian's `chromedriver` as a child process on a free loopback port.
//!
//! Why not fantoccini or thirtyfour: both pull in the `webdriver` crate
//! with its ICU segmenter data, ~25 crates for the dozen commands these
//! tests use. Chromium runs headless with a fresh profile and without
//! background networking (this machine has no network but loopback).

use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long waits for the page wait at most.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// A running chromedriver; killed when dropped.
pub struct Driver {
    base: String,
    http: reqwest::Client,
    _child: Child,
}

impl Driver {
    /// Starts chromedriver, or `None` when it is not installed and the run
    /// does not require services (`MODD_REQUIRE_SERVICES=1` makes that a
    /// failure: `.ci/run` installs chromium and chromium-driver).
    pub async fn start() -> Option<Driver> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            assert!(
                !modd_testkit::services_required(),
                "chromium and chromium-driver are required (apt-get install chromium chromium-driver)"
            );
            eprintln!("skipping: chromium or chromedriver is not installed");
            return None;
        }
        let port = modd_testkit::free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver {
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::builder()
                .timeout(PATIENCE)
                .build()
                .expect("client"),
            _child: child,
        };
        let started = Instant::now();
        loop {
            let ready = driver
                .http
                .get(format!("{}/status", driver.base))
                .send()
                .await
                .ok();
            if let Some(r) = ready
                && let Ok(v) = r.json::<Value>().await
                && v["value"]["ready"] == json!(true)
            {
                return Some(driver);
            }
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A new headless browser with its own profile (cookies included).
    pub async fn browser(&self) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,1100",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let answer = call(
            &self.http,
            reqwest::Method::POST,
            &format!("{}/session", self.base),
            Some(caps),
        )
        .await
        .expect("a browser session");
        let id = answer["sessionId"].as_str().expect("session id").to_owned();
        Browser {
            base: format!("{}/session/{id}", self.base),
            http: self.http.clone(),
            _profile: profile,
        }
    }
}

/// One browser window.
pub struct Browser {
    base: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

/// An element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = http.request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let ok = response.status().is_success();
    let body: Value = response.json().await.map_err(|e| e.to_string())?;
    if ok {
        Ok(body["value"].clone())
    } else {
        Err(format!(
            "{}: {}",
            body["value"]["error"], body["value"]["message"]
        ))
    }
}

impl Browser {
    async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        call(&self.http, method, &format!("{}{path}", self.base), body).await
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.cmd(reqwest::Method::POST, path, Some(body))
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    pub async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    pub async fn url(&self) -> String {
        let v = self
            .cmd(reqwest::Method::GET, "/url", None)
            .await
            .expect("url");
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Runs asynchronous `script`, which calls its last argument with the result.
    pub async fn js_async(&self, script: &str, args: Value) -> Value {
        self.post("/execute/async", json!({ "script": script, "args": args }))
            .await
    }

    /// The element matching `css` now, if any.
    pub async fn find(&self, css: &str) -> Option<Element> {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await
            .ok()?;
        v[ELEMENT].as_str().map(|id| Element(id.to_owned()))
    }

    /// Waits for an element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        let started = Instant::now();
        loop {
            if let Some(e) = self.find(css).await {
                return e;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no {css} on {} after {PATIENCE:?}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until `script` (a function body) returns true. An error (the
    /// page is being replaced) counts as not yet.
    pub async fn wait_until(&self, what: &str, script: &str, args: Value) {
        let started = Instant::now();
        let body = json!({ "script": script, "args": args });
        while self
            .cmd(reqwest::Method::POST, "/execute/sync", Some(body.clone()))
            .await
            .ok()
            != Some(json!(true))
        {
            if started.elapsed() >= PATIENCE {
                let url = self.url().await;
                let page = self
                    .cmd(
                        reqwest::Method::POST,
                        "/execute/sync",
                        Some(json!({"script": "return [document.readyState, document.body && document.body.dataset.page, document.body && document.body.dataset.item, document.body && document.body.innerText.slice(0, 300)];", "args": []})),
                    )
                    .await;
                panic!("timed out waiting for {what} on {url}: {page:?}");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits for the fully loaded item page of item `id`.
    pub async fn wait_item(&self, id: i64) {
        self.wait_until(
            &format!("item {id}"),
            "return document.readyState === 'complete' && document.body && document.body.dataset.item === arguments[0];",
            json!([id.to_string()]),
        )
        .await;
    }

    /// Waits for a fully loaded page named `page` (its `data-page`), with
    /// its script's handlers attached.
    pub async fn wait_page(&self, page: &str) {
        self.wait_until(
            &format!("the {page} page"),
            "return document.readyState === 'complete' && document.body && document.body.dataset.page === arguments[0];",
            json!([page]),
        )
        .await;
    }

    pub async fn click(&self, e: &Element) {
        self.post(&format!("/element/{}/click", e.0), json!({}))
            .await;
    }

    pub async fn type_into(&self, e: &Element, text: &str) {
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text }))
            .await;
    }

    pub async fn text(&self, e: &Element) -> String {
        let v = self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/text", e.0),
                None,
            )
            .await
            .expect("element text");
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Presses and releases one key on whatever has the focus.
    pub async fn press(&self, key: &str) {
        self.post(
            "/actions",
            json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
                { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key },
            ]}]}),
        )
        .await;
    }

    /// A cookie of the current site as the browser stores it.
    pub async fn cookie(&self, name: &str) -> Option<Value> {
        self.cmd(reqwest::Method::GET, &format!("/cookie/{name}"), None)
            .await
            .ok()
    }

    /// Saves a PNG of the window to `path`.
    pub async fn screenshot(&self, path: &Path) {
        use base64::Engine;
        let v = self
            .cmd(reqwest::Method::GET, "/screenshot", None)
            .await
            .expect("screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64 PNG"))
            .expect("valid base64");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("artifact dir");
        }
        std::fs::write(path, png).expect("screenshot written");
    }

    pub async fn close(self) {
        let _ = self.cmd(reqwest::Method::DELETE, "", None).await;
    }
}
