//! The standard Prometheus process metrics (`process_cpu_seconds_total`,
//! `process_resident_memory_bytes`, `process_open_fds`, `process_max_fds`,
//! `process_start_time_seconds`) and `modd_build_info`, read from `/proc`
//! at scrape time.
//!
//! Rendered as exposition text next to the recorder's output rather than
//! through the `metrics` crate: its counters are integers, and CPU seconds
//! must keep their fraction for `rate()` to mean anything. The same sample
//! feeds the stats snapshot, so `modctl top` and Prometheus agree.

use std::fmt::Write;

/// One reading of this process's resources.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcessSample {
    /// User plus system CPU time since the process started.
    pub cpu_seconds: f64,
    pub resident_memory_bytes: u64,
    pub open_fds: u64,
    /// The soft limit; `None` when unlimited.
    pub max_fds: Option<u64>,
    /// Unix time the process started.
    pub start_time_seconds: f64,
}

/// Clock ticks per second of `/proc/*/stat` times. Linux fixes USER_HZ at
/// 100 in its ABI on every architecture (Prometheus's own procfs library
/// relies on the same constant), so no `sysconf` call is needed.
const USER_HZ: f64 = 100.0;

/// Reads `/proc/self`; `None` off Linux or when `/proc` is not mounted.
pub fn sample() -> Option<ProcessSample> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let boot = std::fs::read_to_string("/proc/stat").ok()?;
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let open_fds = std::fs::read_dir("/proc/self/fd").ok()?.count() as u64;
    let times = parse_stat(&stat)?;
    Some(ProcessSample {
        cpu_seconds: (times.utime + times.stime) as f64 / USER_HZ,
        resident_memory_bytes: parse_status_kib(&status, "VmRSS:")? * 1024,
        // read_dir's own descriptor is open while counting; leave it out.
        open_fds: open_fds.saturating_sub(1),
        max_fds: parse_max_open_files(&limits),
        start_time_seconds: parse_boot_time(&boot)? as f64 + times.starttime as f64 / USER_HZ,
    })
}

/// The fields of `/proc/self/stat` used here, in clock ticks.
#[derive(Debug, PartialEq)]
struct StatTimes {
    utime: u64,
    stime: u64,
    starttime: u64,
}

/// The command name (field 2) is in parentheses and may hold spaces or
/// parentheses itself, so fields are counted from the last `)`.
fn parse_stat(stat: &str) -> Option<StatTimes> {
    let (_, rest) = stat.rsplit_once(')')?;
    // `rest` starts at field 3 (state): utime is field 14, stime 15, starttime 22.
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| fields.get(n - 3)?.parse::<u64>().ok();
    Some(StatTimes {
        utime: field(14)?,
        stime: field(15)?,
        starttime: field(22)?,
    })
}

fn parse_status_kib(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn parse_boot_time(stat: &str) -> Option<u64> {
    stat.lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()
}

fn parse_max_open_files(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    // "Max open files   1024   524288   files": soft limit first.
    line.trim_start_matches("Max open files")
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The version this binary reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The commit it was built from (`build.rs`).
pub const COMMIT: &str = env!("MODD_BUILD_COMMIT");

/// Exposition text for the process metrics and `modd_build_info`; `mode`
/// is `serve` or `worker`. Appended to `GET /metrics`.
pub fn exposition(mode: &str) -> String {
    let mut out = String::new();
    if let Some(s) = sample() {
        metric(
            &mut out,
            "process_cpu_seconds_total",
            "counter",
            "Total user and system CPU time spent in seconds.",
            s.cpu_seconds,
        );
        metric(
            &mut out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            s.resident_memory_bytes as f64,
        );
        metric(
            &mut out,
            "process_open_fds",
            "gauge",
            "Number of open file descriptors.",
            s.open_fds as f64,
        );
        if let Some(max) = s.max_fds {
            metric(
                &mut out,
                "process_max_fds",
                "gauge",
                "Maximum number of open file descriptors.",
                max as f64,
            );
        }
        metric(
            &mut out,
            "process_start_time_seconds",
            "gauge",
            "Start time of the process since unix epoch in seconds.",
            s.start_time_seconds,
        );
    }
    let _ = writeln!(
        out,
        "# HELP modd_build_info The version, commit and mode of this process; always 1.\n\
         # TYPE modd_build_info gauge\n\
         modd_build_info{{version=\"{}\",commit=\"{}\",mode=\"{}\"}} 1",
        label(VERSION),
        label(COMMIT),
        label(mode)
    );
    out
}

fn metric(out: &mut String, name: &str, kind: &str, help: &str, value: f64) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
    );
}

/// A label value escaped as the text format requires.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_from_the_last_parenthesis() {
        let line = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 9 0 123456 1000 200";
        assert_eq!(
            parse_stat(line),
            Some(StatTimes {
                utime: 250,
                stime: 75,
                starttime: 123456
            })
        );
        assert_eq!(parse_stat("4242 (truncated"), None);
    }

    #[test]
    fn limits_give_the_soft_limit_and_unlimited_gives_none() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(parse_max_open_files(limits), Some(1024));
        let unlimited =
            "Max open files            unlimited            unlimited            files\n";
        assert_eq!(parse_max_open_files(unlimited), None);
    }

    #[test]
    fn this_process_is_sampled_with_plausible_values() {
        let s = sample().expect("/proc is mounted on the test machines");
        assert!(s.resident_memory_bytes > 1 << 20, "{s:?}");
        assert!(s.open_fds >= 3, "{s:?}");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        assert!(s.start_time_seconds <= now + 1.0 && s.start_time_seconds > now - 86_400.0);
        let text = exposition("serve");
        for name in [
            "process_cpu_seconds_total ",
            "process_resident_memory_bytes ",
            "process_open_fds ",
            "process_start_time_seconds ",
            "modd_build_info{version=\"",
        ] {
            assert!(text.contains(name), "{name} missing from\n{text}");
        }
        assert!(text.contains(",mode=\"serve\"} 1\n"), "{text}");
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
