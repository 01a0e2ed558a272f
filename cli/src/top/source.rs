//! Where the dashboard's snapshots come from: a daemon polled every
//! `--interval` (each answer optionally recorded), or a recording played
//! back at `--speed`. Both run in their own task and send what they get
//! with the time it stands for, so the loop and the state do not know which.

use chrono::{DateTime, Utc};
use modd_common::StatsView;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

use super::record::{self, Recorded, Recorder};
use crate::client::{Client, ClientError};

/// A snapshot with the time it arrived, or why a poll failed.
pub type Polled = Result<(StatsView, DateTime<Utc>), ClientError>;

/// What feeds the dashboard.
pub enum Source {
    Live {
        client: Client,
        replica: Option<String>,
        interval: Duration,
        record: Option<Recorder>,
    },
    Replay {
        snapshots: Vec<Recorded>,
        speed: f64,
    },
}

impl Source {
    /// The client for actions (dead-letter retry); none in a replay.
    pub fn client(&self) -> Option<Client> {
        match self {
            Source::Live { client, .. } => Some(client.clone()),
            Source::Replay { .. } => None,
        }
    }

    /// Starts sending snapshots; `ended` gets one message when a replay
    /// has shown its last snapshot. Nothing is sent while `paused`.
    pub fn spawn(
        self,
        paused: Arc<AtomicBool>,
        tx: mpsc::Sender<Polled>,
        ended: mpsc::Sender<String>,
    ) -> tokio::task::JoinHandle<()> {
        match self {
            Source::Live {
                client,
                replica,
                interval,
                record,
            } => tokio::spawn(poll(client, replica, interval, record, paused, tx, ended)),
            Source::Replay { snapshots, speed } => {
                tokio::spawn(replay(snapshots, speed, paused, tx, ended))
            }
        }
    }
}

async fn poll(
    client: Client,
    replica: Option<String>,
    interval: Duration,
    mut record: Option<Recorder>,
    paused: Arc<AtomicBool>,
    tx: mpsc::Sender<Polled>,
    say: mpsc::Sender<String>,
) {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        if paused.load(Ordering::Relaxed) {
            continue;
        }
        let got = client
            .stats(replica.as_deref())
            .await
            .map(|s| (s, Utc::now()));
        if let (Ok((stats, at)), Some(r)) = (&got, &mut record)
            && let Err(e) = r.write(*at, stats)
        {
            // Say it once and stop recording; the dashboard goes on.
            let _ = say.send(format!("recording stopped: {e}")).await;
            record = None;
        }
        if tx.send(got).await.is_err() {
            return;
        }
    }
}

async fn replay(
    snapshots: Vec<Recorded>,
    speed: f64,
    paused: Arc<AtomicBool>,
    tx: mpsc::Sender<Polled>,
    ended: mpsc::Sender<String>,
) {
    let total = snapshots.len();
    let mut prev: Option<&Recorded> = None;
    for rec in &snapshots {
        if let Some(p) = prev {
            tokio::time::sleep(record::gap(p, rec, speed)).await;
        }
        while paused.load(Ordering::Relaxed) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if tx.send(Ok((rec.stats.clone(), rec.at))).await.is_err() {
            return;
        }
        prev = Some(rec);
    }
    let _ = ended
        .send(format!("end of the recording ({total} snapshots); q quits"))
        .await;
    // Keep the channel open: the last snapshot stays on screen until `q`.
    tx.closed().await;
}
