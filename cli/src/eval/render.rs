//! The report for people: one table of figures per language and category,
//! the sweep of the `all` group, and the policy snippet.

use super::report::{ALL, CategoryReport, Report, fmt_ratio};
use crate::output;

/// Every table and the policy snippet, ready to print.
pub fn render(r: &Report) -> String {
    let mut out = format!(
        "{} examples{}; figures at score >= {}; target precision {}\n",
        r.examples,
        r.split
            .as_deref()
            .map_or(String::new(), |s| format!(" (split {s})")),
        r.threshold,
        r.target_precision
    );
    let mut t = output::table([
        "lang",
        "category",
        "n",
        "pos",
        "unscored",
        "tp",
        "fp",
        "fn",
        "tn",
        "precision",
        "recall",
        "F1",
        &format!("P ≥ {} at", r.target_precision),
    ]);
    for g in &r.groups {
        for c in &g.categories {
            t.add_row(row(&g.language, c));
        }
    }
    out.push_str(&format!("{t}\n"));

    if let Some(all) = r.groups.iter().find(|g| g.language == ALL) {
        let shown: Vec<_> = all
            .categories
            .iter()
            .filter(|c| !c.gap)
            .map(|c| {
                // Every other point of the 0.05 sweep: 0.1, 0.2 … 0.9.
                let points = c.sweep.iter().skip(1).step_by(2);
                let mut cells = vec![c.category.to_string()];
                cells.extend(points.map(|p| format!("{}/{}", short(p.precision), short(p.recall))));
                cells
            })
            .collect();
        if !shown.is_empty() {
            let mut header = vec!["precision/recall at".to_owned()];
            header.extend((1..10).map(|i| format!("{:.1}", f64::from(i) / 10.0)));
            let mut s = output::table(header);
            for cells in shown {
                s.add_row(cells);
            }
            out.push_str(&format!("Threshold sweep (all languages):\n{s}\n"));
        }
    }
    out.push_str("Policy (modctl policy set APP --file policy.toml):\n");
    out.push_str(&r.policy_toml());
    out
}

fn row(lang: &str, c: &CategoryReport) -> Vec<String> {
    let mut cells = vec![
        lang.to_owned(),
        c.category.to_string(),
        c.labelled.to_string(),
        c.positives.to_string(),
        c.unscored.to_string(),
    ];
    if c.gap {
        cells.push("gap: not scored".to_owned());
        cells.extend(std::iter::repeat_n(String::new(), 7));
        return cells;
    }
    let k = c.confusion.unwrap_or_default();
    cells.extend([k.tp, k.fp, k.fn_, k.tn].map(|n| n.to_string()));
    cells.extend([c.precision, c.recall, c.f1].map(fmt_ratio));
    cells.push(c.target.map_or_else(
        || "unreachable".to_owned(),
        |p| format!("{} (recall {})", p.threshold, fmt_ratio(p.recall)),
    ));
    if !c.gap_languages.is_empty() {
        cells[1] = format!("{} (gap: {})", c.category, c.gap_languages.join(" "));
    }
    cells
}

/// `.92`, `1`, or `-`: narrow enough for nine columns.
fn short(v: Option<f64>) -> String {
    match v {
        None => "-".to_owned(),
        Some(v) if v >= 0.995 => "1".to_owned(),
        Some(v) => format!("{v:.2}").trim_start_matches('0').to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ratios_fit_the_sweep_columns() {
        assert_eq!(short(None), "-");
        assert_eq!(short(Some(1.0)), "1");
        assert_eq!(short(Some(0.923)), ".92");
        assert_eq!(short(Some(0.0)), ".00");
    }
}
