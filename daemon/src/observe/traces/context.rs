//! A trace's hand-over between tasks and processes: the W3C `traceparent`
//! of a span (`00-<trace id>-<span id>-<flags>`), stored with a queue job
//! and an outbox event, sent to webhook receivers and read from incoming
//! requests. Always checked before use, as it comes from outside.

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use std::collections::HashMap;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// The HTTP header (and the field name in the Redis stream entry).
pub const HEADER: &str = "traceparent";

/// A valid W3C `traceparent` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceParent(String);

impl TraceParent {
    /// The current span's context, when traces are exported and the span
    /// belongs to one.
    pub fn current() -> Option<Self> {
        Self::of(&tracing::Span::current())
    }

    /// `span`'s context, when traces are exported and it belongs to one.
    pub fn of(span: &tracing::Span) -> Option<Self> {
        if !super::enabled() {
            return None;
        }
        let mut carrier = HashMap::with_capacity(1);
        TraceContextPropagator::new().inject_context(&span.context(), &mut carrier);
        carrier.remove(HEADER).and_then(|v| Self::parse(&v))
    }

    /// `value` if it is a well-formed version-00 `traceparent` with non-zero
    /// ids; anything else (from a header, a stream entry, a row) is ignored.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let parts: Vec<&str> = value.split('-').collect();
        let [version, trace, span, flags] = parts.as_slice() else {
            return None;
        };
        let hex = |s: &str, len: usize| {
            s.len() == len
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                && s.bytes().any(|b| b != b'0')
        };
        let ok = *version == "00"
            && hex(trace, 32)
            && hex(span, 16)
            && flags.len() == 2
            && flags.bytes().all(|b| b.is_ascii_hexdigit());
        ok.then(|| Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Makes this context the parent of `span` (a no-op when traces are
    /// not exported), so work done elsewhere joins the trace it came from.
    pub fn adopt(&self, span: &tracing::Span) {
        if !super::enabled() {
            return;
        }
        let carrier = HashMap::from([(HEADER.to_owned(), self.0.clone())]);
        let parent = TraceContextPropagator::new().extract(&carrier);
        let _ = span.set_parent(parent);
    }

    /// [`TraceParent::adopt`] for an optional context.
    pub fn adopt_opt(trace: Option<&Self>, span: &tracing::Span) {
        if let Some(t) = trace {
            t.adopt(span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TraceParent;

    #[test]
    fn only_well_formed_values_are_kept() {
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert_eq!(TraceParent::parse(good).map(|t| t.0), Some(good.to_owned()));
        for bad in [
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00-4bf92f3577b34da6a3ce929d0e0e47é6-00f067aa0ba902b7-01",
        ] {
            assert!(TraceParent::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn nothing_is_handed_over_when_traces_are_off() {
        assert!(TraceParent::current().is_none());
    }
}
