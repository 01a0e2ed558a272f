//! The request timeout (answered as a JSON 408) and the body limit made
//! visible to extractors so their 413 can name it.

use axum::extract::Request;
use axum::response::Response;
use tower::layer::util::Stack;

use super::around::{AroundLayer, DeadlineLayer, Hook};
use crate::http::extract::BodyLimit;
use crate::settings::Settings;

pub fn layer(settings: &Settings) -> Stack<DeadlineLayer, AroundLayer<NoteBodyLimit>> {
    // The limit is noted outside the deadline, which is innermost.
    Stack::new(
        DeadlineLayer(settings.request_timeout),
        AroundLayer(NoteBodyLimit(settings.max_body_bytes)),
    )
}

#[derive(Clone, Copy)]
pub struct NoteBodyLimit(usize);

impl Hook for NoteBodyLimit {
    type Token = ();

    fn before(&self, req: &mut Request) {
        req.extensions_mut().insert(BodyLimit(self.0));
    }

    fn after(&self, (): (), _: &mut Response) {}
}
