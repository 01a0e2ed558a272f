//! The image pool: `MODD_IMAGE_WORKERS` dedicated OS threads that decode
//! and classify images (CPU-bound, ~45 ms each). Images never run on the
//! async runtime or on tokio's blocking pool (which large texts use), so a
//! flood of images slows images only. Callers wait asynchronously for a
//! slot (a semaphore of workers + queue), so the number of images decoded
//! or waiting in memory is bounded too.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tokio::sync::{Semaphore, oneshot};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Images that may wait for a thread, per worker thread.
const QUEUE_PER_WORKER: usize = 4;

/// A fixed set of threads running closures.
pub struct ImagePool {
    jobs: Mutex<mpsc::Sender<Job>>,
    slots: Arc<Semaphore>,
    workers: usize,
}

impl std::fmt::Debug for ImagePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImagePool")
            .field("workers", &self.workers)
            .finish()
    }
}

/// The pool's threads are gone (only at shutdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the image pool is shut down")]
pub struct PoolClosed;

impl ImagePool {
    pub fn new(workers: usize) -> Self {
        let workers = workers.max(1);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("modd-image-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return, // the pool was dropped
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start an image worker thread");
            }
        }
        Self {
            jobs: Mutex::new(tx),
            slots: Arc::new(Semaphore::new(workers * (1 + QUEUE_PER_WORKER))),
            workers,
        }
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Images being classified or waiting for a thread right now.
    pub fn in_flight(&self) -> usize {
        self.workers * (1 + QUEUE_PER_WORKER) - self.slots.available_permits()
    }

    /// Runs `f` on a pool thread; waits (asynchronously) for a slot first.
    pub async fn run<T, F>(&self, f: F) -> Result<T, PoolClosed>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| PoolClosed)?;
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            // A panic in `f` drops `tx`: the caller gets PoolClosed, the thread lives on.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            drop(permit);
            if let Ok(value) = result {
                let _ = tx.send(value);
            }
        });
        self.jobs
            .lock()
            .map_err(|_| PoolClosed)?
            .send(job)
            .map_err(|_| PoolClosed)?;
        rx.await.map_err(|_| PoolClosed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn at_most_workers_jobs_run_at_once_and_the_runtime_stays_free() {
        let pool = Arc::new(ImagePool::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut handles = Vec::new();
        for _ in 0..12 {
            let (pool, running, peak) = (pool.clone(), running.clone(), peak.clone());
            handles.push(tokio::spawn(async move {
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                    std::thread::current().name().map(str::to_owned)
                })
                .await
            }));
        }
        // While the pool is saturated, the runtime still answers at once.
        let t = std::time::Instant::now();
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert!(t.elapsed() < Duration::from_millis(15));
        for h in handles {
            let name = h
                .await
                .ok()
                .and_then(Result::ok)
                .flatten()
                .unwrap_or_default();
            assert!(name.starts_with("modd-image-"), "{name}");
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_the_pool_survives() {
        let pool = ImagePool::new(1);
        let r: Result<(), _> = pool.run(|| panic!("boom")).await;
        assert_eq!(r, Err(PoolClosed));
        assert_eq!(pool.run(|| 7).await, Ok(7));
        assert_eq!(pool.in_flight(), 0);
    }
}
