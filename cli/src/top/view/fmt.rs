//! Short human forms of numbers for narrow panels.

/// `12.3/s`, `1.2k/s`; `-` before the first rate is known.
pub fn rate(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(v) if v >= 10_000.0 => format!("{:.0}k/s", v / 1000.0),
        Some(v) if v >= 1000.0 => format!("{:.1}k/s", v / 1000.0),
        Some(v) if v >= 100.0 => format!("{v:.0}/s"),
        Some(v) => format!("{v:.1}/s"),
    }
}

/// A duration in seconds: `850µs`, `4.2ms`, `1.3s`, `2m05s`, `3h10m`.
pub fn secs(v: Option<f64>) -> String {
    let Some(v) = v else { return "-".into() };
    if v <= 0.0 {
        "0s".into()
    } else if v < 0.001 {
        format!("{:.0}µs", v * 1e6)
    } else if v < 1.0 {
        format!("{:.1}ms", v * 1e3)
    } else if v < 60.0 {
        format!("{v:.1}s")
    } else if v < 3600.0 {
        format!("{}m{:02}s", (v / 60.0) as u64, (v % 60.0) as u64)
    } else if v < 86_400.0 {
        format!(
            "{}h{:02}m",
            (v / 3600.0) as u64,
            ((v % 3600.0) / 60.0) as u64
        )
    } else {
        format!(
            "{}d{:02}h",
            (v / 86_400.0) as u64,
            ((v % 86_400.0) / 3600.0) as u64
        )
    }
}

pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{:.1}%", v * 100.0))
}

pub fn bytes(v: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut x = v as f64;
    let mut unit = 0;
    while x >= 1024.0 && unit + 1 < UNITS.len() {
        x /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{v}B")
    } else {
        format!("{x:.1}{}", UNITS[unit])
    }
}

/// At most `width` characters, with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let keep: String = s.chars().take(width.saturating_sub(1)).collect();
    format!("{keep}…")
}

/// The end of `s`, with `…` when cut (worker and replica ids differ at the end).
pub fn tail(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        return s.to_owned();
    }
    let keep: String = s.chars().skip(n - width.saturating_sub(1)).collect();
    format!("…{keep}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(rate(Some(12.34)), "12.3/s");
        assert_eq!(rate(Some(1234.0)), "1.2k/s");
        assert_eq!(rate(None), "-");
        assert_eq!(secs(Some(0.0042)), "4.2ms");
        assert_eq!(secs(Some(125.0)), "2m05s");
        assert_eq!(secs(Some(0.0005)), "500µs");
        assert_eq!(secs(Some(0.0)), "0s");
        assert_eq!(bytes(3 * 1024 * 1024), "3.0MiB");
        assert_eq!(percent(Some(0.5)), "50.0%");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(tail("abcdef", 4), "…def");
    }
}
