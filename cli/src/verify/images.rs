//! Image moderation: whether the daemon loaded its open_nsfw model. Without
//! it every image goes to human review (or a remote provider), which is a
//! working but costly setup: a warning, not a failure.

use super::{CheckResult, Ctx};

pub fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let f = &ctx.facts.images;
    vec![if f.model_loaded {
        CheckResult::pass(
            "images.model",
            format!(
                "open_nsfw {} loaded, {} image worker(s)",
                f.model_version.as_deref().unwrap_or("?"),
                f.workers
            ),
        )
    } else {
        CheckResult::warn(
            "images.model",
            format!(
                "image model not loaded ({}): every image goes to review or a remote provider",
                f.model_error.as_deref().unwrap_or("unknown reason")
            ),
            "python3 tools/export-models/image.py install (or set MODD_IMAGE_MODEL_PATH), then restart modd",
        )
    }]
}
