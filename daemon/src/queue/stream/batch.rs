//! Enqueue batching: concurrent `enqueue` calls (one per accepted request)
//! are gathered into one script call, one Redis round trip per batch, the
//! way intake gathers inserts into one commit. A short circuit breaker makes
//! calls fail fast while Redis is down, so accepting work is not slowed by
//! an outage; the reconciler enqueues those items once Redis is back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot};

use super::scripts;
use crate::observe::traces::TraceParent;
use crate::queue::QueueError;
use crate::redis::{RedisHandle, describe};

/// Most `enqueue` calls in one batch.
const MAX_CALLS: usize = 128;
/// Most ids in one script run (keeps each run short for other clients).
const MAX_IDS: usize = 1000;
/// After a failure, calls fail at once for this long.
const OPEN_FOR: Duration = Duration::from_secs(1);
/// The longest a caller waits for its batch before giving up (the reconciler
/// catches up later); bounds what an outage adds to accept latency.
pub const CALL_TIMEOUT: Duration = Duration::from_millis(500);

type Reply = oneshot::Sender<Result<(), QueueError>>;
/// One `enqueue` call: its ids, the trace they were accepted in, the answer.
type Call = (Vec<i64>, Option<TraceParent>, Reply);

/// The sending side; the batch task ends when it is dropped.
pub struct Batcher {
    tx: mpsc::Sender<Call>,
    /// Unix millis until which the breaker is open.
    open_until: Arc<AtomicU64>,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Batcher {
    pub fn start(redis: Arc<RedisHandle>, jobs: String, queued: String) -> Self {
        let (tx, rx) = mpsc::channel(4096);
        let open_until = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(redis, jobs, queued, rx, open_until.clone()));
        Self { tx, open_until }
    }

    pub async fn enqueue(
        &self,
        ids: Vec<i64>,
        trace: Option<TraceParent>,
    ) -> Result<(), QueueError> {
        if now_ms() < self.open_until.load(Ordering::Relaxed) {
            metrics::counter!("modd_queue_enqueue_errors_total").increment(ids.len() as u64);
            return Err(QueueError::Unavailable("redis recently unreachable".into()));
        }
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((ids, trace, reply))
            .await
            .map_err(|_| QueueError::Unavailable("queue is shutting down".into()))?;
        match tokio::time::timeout(CALL_TIMEOUT, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(QueueError::Unavailable("enqueue task stopped".into())),
            Err(_) => Err(QueueError::Unavailable("redis too slow to answer".into())),
        }
    }
}

async fn run(
    redis: Arc<RedisHandle>,
    jobs: String,
    queued: String,
    mut rx: mpsc::Receiver<Call>,
    open_until: Arc<AtomicU64>,
) {
    let mut calls = Vec::with_capacity(MAX_CALLS);
    while rx.recv_many(&mut calls, MAX_CALLS).await > 0 {
        let ids: Vec<(i64, &str)> = calls
            .iter()
            .flat_map(|(ids, trace, _)| {
                let trace = trace.as_ref().map_or("", TraceParent::as_str);
                ids.iter().map(move |&id| (id, trace))
            })
            .collect();
        let result = if now_ms() < open_until.load(Ordering::Relaxed) {
            Err(QueueError::Unavailable("redis recently unreachable".into()))
        } else {
            write(&redis, &jobs, &queued, &ids).await
        };
        if result.is_err() {
            // Items the reconciler has to find later; a rising counter says
            // Redis was unreachable while work was accepted.
            metrics::counter!("modd_queue_enqueue_errors_total").increment(ids.len() as u64);
            open_until.store(now_ms() + OPEN_FOR.as_millis() as u64, Ordering::Relaxed);
        } else {
            metrics::histogram!("modd_queue_enqueue_batch_size").record(ids.len() as f64);
        }
        for (_, _, reply) in calls.drain(..) {
            let _ = reply.send(match &result {
                Ok(()) => Ok(()),
                Err(QueueError::Unavailable(m)) => Err(QueueError::Unavailable(m.clone())),
            });
        }
    }
}

async fn write(
    redis: &RedisHandle,
    jobs: &str,
    queued: &str,
    ids: &[(i64, &str)],
) -> Result<(), QueueError> {
    let unavailable = |e: redis::RedisError| QueueError::Unavailable(describe(&e));
    let mut conn = redis.conn().await.map_err(unavailable)?;
    for chunk in ids.chunks(MAX_IDS) {
        let mut call = scripts::ENQUEUE.key(jobs);
        call.key(queued);
        for (id, trace) in chunk {
            call.arg(id).arg(trace);
        }
        call.invoke_async::<i64>(&mut conn)
            .await
            .map_err(unavailable)?;
    }
    Ok(())
}
