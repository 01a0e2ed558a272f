//! The documentation stays true to the code: the tables generated from it
//! (settings, routes, the store's line counts) match the committed pages, and every relative link in
//! README.md, BENCHMARKS.md and the book under `docs/` resolves.
//!
//! A stale table fails with the command that refreshes it;
//! `MODD_UPDATE_DOCS=1 cargo test -p modd --test docs` rewrites them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod generated;
mod links;
mod routes;
mod store_size;

use std::path::{Path, PathBuf};

/// The repository root (the workspace above this crate).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the daemon crate sits in the workspace")
        .to_path_buf()
}

#[test]
fn settings_table_matches_the_catalog() {
    generated::check(
        "docs/src/operating/configuration.md",
        "settings",
        &modd::settings::markdown_table(),
    );
}

#[test]
fn route_table_matches_the_openapi_document() {
    // The same document `GET /openapi.json` serves, as JSON.
    let document = serde_json::to_value(modd::http::openapi::document()).unwrap();
    generated::check(
        "docs/src/using/routes.md",
        "routes",
        &routes::markdown(&document),
    );
}

#[test]
fn store_line_counts_match_the_code() {
    generated::check(
        "docs/src/developing/store.md",
        "store-size",
        &store_size::markdown(),
    );
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let root = repo_root();
    let problems = links::check(&root, &links::documents(&root));
    assert!(
        problems.is_empty(),
        "broken documentation links:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_link_checker_finds_broken_links() {
    // The checker itself: a page with one good and three bad links.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("docs/src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("a.md"),
        "# Title here\n\n## `modctl top`: live\n\n[ok](#title-here) [ok](b.md#modctl-top-live)\n\
         ```sh\n[not a link](nowhere.md)\n```\n`[code](nowhere.md)`\n\
         [bad](missing.md) [bad anchor](#nope) [outside](https://example.com/)\n",
    )
    .unwrap();
    std::fs::write(src.join("b.md"), "## `modctl top`: live\n").unwrap();
    let problems = links::check(dir.path(), &[src.join("a.md"), src.join("b.md")]);
    let text = problems.join("\n");
    assert_eq!(problems.len(), 3, "{text}");
    assert!(text.contains("missing.md"), "{text}");
    assert!(text.contains("#nope"), "{text}");
    assert!(text.contains("https://example.com/"), "{text}");
}
