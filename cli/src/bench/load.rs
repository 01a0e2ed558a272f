//! The load itself: closed loop (N workers back to back) or open loop
//! (a fixed schedule, latency from the scheduled start).

use hdrhistogram::Histogram;
use indicatif::{ProgressBar, ProgressStyle};
use modd_common::{AnalyseRequest, AnalyseResponse};
use rand::Rng;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

use crate::error::CliError;

/// What to send, how hard and for how long.
#[derive(Debug)]
pub struct Plan {
    pub url: url::Url,
    pub key: String,
    pub texts: Vec<String>,
    pub source_app: String,
    pub duration: Duration,
    pub concurrency: usize,
    pub rate: Option<u32>,
    /// How many accepted ids to keep (uniform reservoir sample).
    pub sample: usize,
    pub show_progress: bool,
}

/// What happened.
#[derive(Debug)]
pub struct Outcome {
    /// Request latency in microseconds.
    pub latency_us: Histogram<u64>,
    pub statuses: BTreeMap<u16, u64>,
    pub transport_errors: u64,
    /// From the first request to the last response.
    pub elapsed: Duration,
    pub sampled_ids: Vec<i64>,
    /// The lowest and highest accepted item id (`None` when none was accepted).
    pub id_range: Option<(i64, i64)>,
    /// Open loop only: requests that could not start on time because
    /// `--concurrency` requests were already in flight.
    pub delayed_starts: u64,
}

/// Shared between request tasks.
struct Recorder {
    latency_us: Mutex<Histogram<u64>>,
    statuses: Mutex<BTreeMap<u16, u64>>,
    transport_errors: AtomicU64,
    completed: AtomicU64,
    accepted: AtomicU64,
    sample: Mutex<Vec<i64>>,
    sample_size: usize,
    first_id: AtomicI64,
    last_id: AtomicI64,
}

impl Recorder {
    fn record(&self, latency: Duration, result: Result<(u16, Option<i64>), ()>) {
        let us = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        if let Ok(mut h) = self.latency_us.lock() {
            let high = h.high();
            let _ = h.record(us.min(high));
        }
        self.completed.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok((status, id)) => {
                if let Ok(mut s) = self.statuses.lock() {
                    *s.entry(status).or_default() += 1;
                }
                if let Some(id) = id {
                    self.first_id.fetch_min(id, Ordering::Relaxed);
                    self.last_id.fetch_max(id, Ordering::Relaxed);
                    self.keep(id);
                }
            }
            Err(()) => {
                self.transport_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Reservoir sampling (Algorithm R): every accepted id is equally likely kept.
    fn keep(&self, id: i64) {
        let n = self.accepted.fetch_add(1, Ordering::Relaxed) as usize;
        let Ok(mut sample) = self.sample.lock() else {
            return;
        };
        if sample.len() < self.sample_size {
            sample.push(id);
        } else if self.sample_size > 0 {
            let j = rand::thread_rng().gen_range(0..=n);
            if j < self.sample_size {
                sample[j] = id;
            }
        }
    }
}

/// Runs the plan to completion (in-flight requests are awaited).
pub async fn run(plan: &Plan) -> Result<Outcome, CliError> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.concurrency)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| CliError::failure(anyhow::Error::new(e)))?;
    let histogram = Histogram::new_with_bounds(1, 60_000_000, 3)
        .map_err(|e| CliError::failure(anyhow::anyhow!("histogram: {e}")))?;
    let recorder = Arc::new(Recorder {
        latency_us: Mutex::new(histogram),
        statuses: Mutex::default(),
        transport_errors: AtomicU64::new(0),
        completed: AtomicU64::new(0),
        accepted: AtomicU64::new(0),
        sample: Mutex::default(),
        sample_size: plan.sample,
        first_id: AtomicI64::new(i64::MAX),
        last_id: AtomicI64::new(i64::MIN),
    });
    let shared = Arc::new(Shared {
        http,
        url: plan.url.clone(),
        key: plan.key.clone(),
        texts: plan.texts.clone(),
        source_app: plan.source_app.clone(),
        run: format!("{:x}", rand::random::<u64>()),
        counter: AtomicU64::new(0),
    });
    let progress = plan
        .show_progress
        .then(|| progress_bar(plan.duration, recorder.clone()));
    let start = Instant::now();
    let deadline = start + plan.duration;
    let delayed_starts = match plan.rate {
        None => closed_loop(&shared, &recorder, plan.concurrency, deadline).await,
        Some(rate) => open_loop(&shared, &recorder, plan.concurrency, rate, start, deadline).await,
    };
    let elapsed = start.elapsed();
    if let Some((bar, ticker)) = progress {
        ticker.abort();
        bar.finish_and_clear();
    }
    Ok(Outcome {
        latency_us: recorder
            .latency_us
            .lock()
            .map(|h| h.clone())
            .map_err(|_| CliError::failure(anyhow::anyhow!("histogram lock poisoned")))?,
        statuses: take(&recorder.statuses),
        transport_errors: recorder.transport_errors.load(Ordering::Relaxed),
        elapsed,
        sampled_ids: take(&recorder.sample),
        id_range: Some((
            recorder.first_id.load(Ordering::Relaxed),
            recorder.last_id.load(Ordering::Relaxed),
        ))
        .filter(|(first, last)| first <= last),
        delayed_starts,
    })
}

/// What every request task needs.
struct Shared {
    http: reqwest::Client,
    url: url::Url,
    key: String,
    texts: Vec<String>,
    source_app: String,
    /// Makes external ids unique across runs.
    run: String,
    counter: AtomicU64,
}

impl Shared {
    /// One request; returns its status and, when accepted, the item id.
    async fn send(&self) -> Result<(u16, Option<i64>), ()> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let body = AnalyseRequest {
            external_id: format!("bench-{}-{n}", self.run),
            text: Some(self.texts[n as usize % self.texts.len()].clone()),
            image_url: None,
            image_base64: None,
            content_type: "comment".into(),
            source_app: self.source_app.clone(),
        };
        let response = self
            .http
            .post(self.url.clone())
            .header("X-API-KEY", &self.key)
            .json(&body)
            .send()
            .await
            .map_err(|_| ())?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|_| ())?;
        let id = (200..300)
            .contains(&status)
            .then(|| {
                serde_json::from_slice::<AnalyseResponse>(&bytes)
                    .ok()
                    .map(|r| r.id)
            })
            .flatten();
        Ok((status, id))
    }
}

async fn closed_loop(
    shared: &Arc<Shared>,
    recorder: &Arc<Recorder>,
    concurrency: usize,
    deadline: Instant,
) -> u64 {
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (shared, recorder) = (shared.clone(), recorder.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let started = Instant::now();
                    let result = shared.send().await;
                    recorder.record(started.elapsed(), result);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    0
}

async fn open_loop(
    shared: &Arc<Shared>,
    recorder: &Arc<Recorder>,
    concurrency: usize,
    rate: u32,
    start: Instant,
    deadline: Instant,
) -> u64 {
    let slots = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let mut tasks = Vec::new();
    let mut delayed = 0;
    for i in 0u32.. {
        let scheduled = start + interval * i;
        if scheduled >= deadline {
            break;
        }
        tokio::time::sleep_until(scheduled).await;
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                // Every slot is busy: this request starts late, and its
                // latency still counts from the schedule.
                delayed += 1;
                let Ok(permit) = slots.clone().acquire_owned().await else {
                    break;
                };
                permit
            }
        };
        let (shared, recorder) = (shared.clone(), recorder.clone());
        tasks.push(tokio::spawn(async move {
            let result = shared.send().await;
            // From the scheduled start: waiting for a slot is latency too.
            recorder.record(scheduled.elapsed(), result);
            drop(permit);
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    delayed
}

fn progress_bar(
    duration: Duration,
    recorder: Arc<Recorder>,
) -> (ProgressBar, tokio::task::JoinHandle<()>) {
    let bar = ProgressBar::new(duration.as_secs().max(1));
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len}s {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let ticker = tokio::spawn({
        let bar = bar.clone();
        async move {
            let start = Instant::now();
            let mut last = (start, 0u64);
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            loop {
                tick.tick().await;
                let now = Instant::now();
                let done = recorder.completed.load(Ordering::Relaxed);
                let rps = (done - last.1) as f64 / (now - last.0).as_secs_f64().max(1e-3);
                last = (now, done);
                bar.set_position((now - start).as_secs());
                bar.set_message(format!("{rps:.0} req/s, {done} done"));
            }
        }
    });
    (bar, ticker)
}

/// Moves a value out of a mutex (empty if poisoned).
fn take<T: Default>(m: &Mutex<T>) -> T {
    m.lock()
        .map(|mut g| std::mem::take(&mut *g))
        .unwrap_or_default()
}
