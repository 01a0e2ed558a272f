//! Tables generated from the code, kept between `<!-- NAME:start -->` and
//! `<!-- NAME:end -->` markers in a committed page.

use super::repo_root;

/// Compare the committed table with `fresh`; with `MODD_UPDATE_DOCS` set,
/// write `fresh` into the page instead.
pub fn check(page: &str, name: &str, fresh: &str) {
    let path = repo_root().join(page);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("<!-- {name}:end -->");
    let Some((before, rest)) = text.split_once(&start) else {
        panic!("{page} has no `{}` marker", start.trim_end());
    };
    let Some((committed, after)) = rest.split_once(&end) else {
        panic!("{page} has no `{end}` marker");
    };
    if committed == fresh {
        return;
    }
    if std::env::var_os("MODD_UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{before}{start}{fresh}{end}{after}")).unwrap();
        return;
    }
    panic!(
        "the {name} table in {page} is stale: refresh it with \
         `MODD_UPDATE_DOCS=1 cargo test -p modd --test docs`"
    );
}
