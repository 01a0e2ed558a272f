//! What clients and load balancers see while a fault test breaks
//! something: [`Load`], clients submitting one item every [`PACE`] each,
//! spread over the API replicas, and [`ReadyProbe`], a load balancer's
//! `/ready` probe. Each answer is kept with when it was sent, so a test can
//! say what was seen during the fault and for how long.

use modd_testkit::ModdProcess;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

use super::harness::submit;

/// The pause between one client's submissions.
const PACE: Duration = Duration::from_millis(40);

/// One submission as the client saw it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub id: Option<i64>,
    pub sent_at: Instant,
    pub took: Duration,
}

/// Clients running until each has sent its share or [`Load::finish`] is
/// told to stop them.
pub struct Load {
    stop: Arc<AtomicBool>,
    clients: Vec<JoinHandle<Vec<Answer>>>,
}

impl Load {
    /// `clients` clients, client `c` through `apis[c % apis.len()]`, each
    /// sending up to `per_client` items (external ids `<name>-<c>-<i>`, so
    /// two loads of one test never repeat an item).
    pub fn start(
        name: &str,
        apis: &[Arc<ModdProcess>],
        key: &str,
        clients: usize,
        per_client: usize,
    ) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let clients = (0..clients)
            .map(|c| {
                let (api, key, stop) = (apis[c % apis.len()].clone(), key.to_owned(), stop.clone());
                let name = name.to_owned();
                tokio::spawn(async move {
                    let mut answers = Vec::new();
                    for i in 0..per_client {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let sent_at = Instant::now();
                        let external_id = format!("{name}-{c}-{i}");
                        let (status, id) = submit(&api.http, &api.base, &key, &external_id).await;
                        let took = sent_at.elapsed();
                        answers.push(Answer {
                            status,
                            id,
                            sent_at,
                            took,
                        });
                        tokio::time::sleep(PACE).await;
                    }
                    answers
                })
            })
            .collect();
        Self { stop, clients }
    }

    /// Whether every client is still sending.
    pub fn running(&self) -> bool {
        self.clients.iter().all(|c| !c.is_finished())
    }

    /// Stops the clients (after their request in flight) and returns every
    /// answer.
    pub async fn finish(self) -> Vec<Answer> {
        self.stop.store(true, Ordering::Relaxed);
        let mut answers = Vec::new();
        for client in self.clients {
            answers.extend(client.await.expect("a load client panicked"));
        }
        answers
    }

    /// Waits for every client to send its share, then returns every answer.
    pub async fn complete(self) -> Vec<Answer> {
        let mut answers = Vec::new();
        for client in self.clients {
            answers.extend(client.await.expect("a load client panicked"));
        }
        answers
    }
}

/// One `/ready` answer: the HTTP status, the report's `status` and when.
#[derive(Debug, Clone)]
pub struct Probe {
    pub at: Instant,
    pub http: u16,
    pub status: String,
}

/// Polls `/ready` every 100 ms, as a load balancer would, until finished.
pub struct ReadyProbe {
    stop: Arc<AtomicBool>,
    task: JoinHandle<Vec<Probe>>,
}

impl ReadyProbe {
    pub fn start(target: Arc<ModdProcess>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let done = stop.clone();
        let task = tokio::spawn(async move {
            let mut seen = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let at = Instant::now();
                let (http, status) = match target.http.get(target.url("/ready")).send().await {
                    Ok(res) => {
                        let http = res.status().as_u16();
                        let body: serde_json::Value = res.json().await.unwrap_or_default();
                        (http, body["status"].as_str().unwrap_or("").to_owned())
                    }
                    Err(_) => (0, String::new()),
                };
                seen.push(Probe { at, http, status });
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            seen
        });
        Self { stop, task }
    }

    /// Stops probing; every answer, oldest first.
    pub async fn finish(self) -> Vec<Probe> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.expect("the probe panicked")
    }
}
