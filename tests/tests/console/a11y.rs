//! The accessibility check: axe-core (from the npm registry, pinned and
//! checksummed by `.ci/run`) injected into the page through WebDriver,
//! which the console's CSP does not govern. Serious and critical
//! violations fail the test.

use crate::webdriver::Browser;
use serde_json::json;

/// Where `.ci/run` installs axe-core; `MODD_AXE_JS` overrides.
const DEFAULT_AXE: &str = "/tmp/modd-axe/node_modules/axe-core/axe.min.js";

const RUN: &str = "const done = arguments[arguments.length - 1]; \
    axe.run(document).then(r => done(r.violations \
        .filter(v => v.impact === 'serious' || v.impact === 'critical') \
        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + \
            v.nodes.map(n => n.target.join(' ')).join(', ')))) \
    .catch(e => done(['axe failed: ' + e]));";

/// Fails on any serious or critical axe violation of the current page.
pub async fn check(b: &Browser, page: &str) {
    let path = std::env::var("MODD_AXE_JS").unwrap_or_else(|_| DEFAULT_AXE.to_owned());
    let Ok(source) = std::fs::read_to_string(&path) else {
        assert!(
            !modd_testkit::services_required(),
            "axe-core is required at {path} (.ci/run installs it)"
        );
        eprintln!("skipping the accessibility check: no axe-core at {path}");
        return;
    };
    b.js(&source, json!([])).await;
    let violations = b.js_async(RUN, json!([])).await;
    assert_eq!(violations, json!([]), "{page}: accessibility violations");
}
