//! `modctl top --record FILE` and `--replay FILE`: the snapshots a session
//! saw, one JSON line each (`{"at": …, "stats": {…}}`), so a file can be
//! appended to by several sessions, cut with `head`/`tail` and read with
//! `jq`. `at` is when the snapshot arrived, so a replay computes the same
//! rates the live screen showed.

use chrono::{DateTime, Utc};
use modd_common::StatsView;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// One recorded snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub stats: StatsView,
}

/// Appends snapshots to a file, one flushed line each, so a killed session
/// loses at most the snapshot being written.
#[derive(Debug)]
pub struct Recorder {
    path: PathBuf,
    file: std::fs::File,
}

impl Recorder {
    /// Opens `path` for appending (created if missing).
    pub fn open(path: &Path) -> Result<Self, CliError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| CliError::usage(format!("--record {}: {e}", path.display())))?;
        Ok(Self {
            path: path.to_owned(),
            file,
        })
    }

    pub fn write(&mut self, at: DateTime<Utc>, stats: &StatsView) -> Result<(), CliError> {
        let line = serde_json::to_string(&Recorded {
            at,
            stats: stats.clone(),
        })
        .map_err(|e| CliError::failure(anyhow::anyhow!("cannot encode a snapshot: {e}")))?;
        // One write per line: appends from two sessions never interleave mid-line.
        self.file
            .write_all(format!("{line}\n").as_bytes())
            .map_err(|e| {
                CliError::failure(anyhow::anyhow!("--record {}: {e}", self.path.display()))
            })
    }
}

/// Every snapshot in a recording, in file order. A line that is not a
/// snapshot is an error naming its number (never its content).
pub fn read(path: &Path) -> Result<Vec<Recorded>, CliError> {
    let shown = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| CliError::usage(format!("--replay {shown}: {e}")))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| CliError::usage(format!("--replay {shown}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line).map_err(|e| {
            CliError::usage(format!(
                "--replay {shown}: line {} is not a recorded snapshot ({})",
                n + 1,
                e.classify_name()
            ))
        })?;
        out.push(rec);
    }
    if out.is_empty() {
        return Err(CliError::usage(format!(
            "--replay {shown}: no snapshots (write one with --record)"
        )));
    }
    Ok(out)
}

/// A class of JSON error without the input it quotes.
trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "JSON of another shape",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}

/// How long to wait before showing `next` after `prev` at `speed`: the gap
/// they were recorded with, capped so an appended later session (hours
/// apart) plays on at once.
pub fn gap(prev: &Recorded, next: &Recorded, speed: f64) -> std::time::Duration {
    const LONGEST: f64 = 10.0;
    let secs = (next.at - prev.at).num_milliseconds() as f64 / 1000.0 / speed;
    std::time::Duration::from_secs_f64(if secs.is_finite() {
        secs.clamp(0.0, LONGEST)
    } else {
        0.0
    })
}

/// `--speed`: a positive factor, e.g. `2` or `0.5`.
pub fn parse_speed(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.01..=1000.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?}: a factor from 0.01 to 1000, e.g. 2 or 0.5")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::top::fixture;
    use chrono::TimeDelta;

    #[test]
    fn sessions_append_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("incident.jsonl");
        let t0 = Utc::now();
        let (a, b) = (fixture::stats(0), fixture::stats(1));
        Recorder::open(&path).unwrap().write(t0, &a).unwrap();
        // A second session appends.
        let mut r = Recorder::open(&path).unwrap();
        r.write(t0 + TimeDelta::seconds(1), &b).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "one compact line per snapshot");
        let back = read(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!((back[0].stats.clone(), back[1].stats.clone()), (a, b));
        assert_eq!(gap(&back[0], &back[1], 1.0).as_millis(), 1000);
        assert_eq!(gap(&back[0], &back[1], 4.0).as_millis(), 250);
        assert_eq!(
            gap(&back[1], &back[0], 1.0).as_millis(),
            0,
            "never negative"
        );
    }

    #[test]
    fn bad_files_name_the_line_not_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.jsonl");
        std::fs::write(&path, "\n{\"secret\": \"hunter2\"}\n").unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("line 2") && !e.contains("hunter2"), "{e}");
        std::fs::write(&path, "\n").unwrap();
        assert!(
            read(&path)
                .unwrap_err()
                .to_string()
                .contains("no snapshots")
        );
        assert!(read(&dir.path().join("absent")).is_err());
        assert_eq!(parse_speed("2"), Ok(2.0));
        assert!(parse_speed("0").is_err() && parse_speed("fast").is_err());
    }
}
