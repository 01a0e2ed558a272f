//! OpenTelemetry traces, exported over OTLP/HTTP (protobuf) when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
//! is set, and absent otherwise: then no layer is installed and
//! [`TraceParent::current`] answers `None` after one atomic load, so an
//! untraced daemon pays nothing.
//!
//! The exporter and the SDK read the standard variables themselves
//! (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`
//! and `_ARG`, `OTEL_EXPORTER_OTLP_HEADERS`, `_TIMEOUT`, `OTEL_BSP_*`); this
//! module only decides whether to export and names the service `modd`
//! when nothing else names it. Spans travel between processes as W3C
//! `traceparent` strings ([`context`]).

pub mod context;

pub use context::TraceParent;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use std::sync::atomic::{AtomicBool, Ordering};
use tracing_subscriber::Layer;
use tracing_subscriber::registry::LookupSpan;

/// Set once an exporter is installed; read on every hand-over of a trace.
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Whether spans are being exported.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// `make()` when spans are exported, else a disabled span: for spans that
/// exist only for the trace, so an untraced daemon does not build them.
pub fn span(make: impl FnOnce() -> tracing::Span) -> tracing::Span {
    if enabled() {
        make()
    } else {
        tracing::Span::none()
    }
}

/// Whether the environment asks for traces: an OTLP endpoint is set, the
/// SDK is not disabled and the traces exporter is not `none`.
pub fn wanted(env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.trim().is_empty());
    let endpoint = set("OTEL_EXPORTER_OTLP_ENDPOINT") || set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    let disabled = env("OTEL_SDK_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let exporter_none = env("OTEL_TRACES_EXPORTER").is_some_and(|v| v.trim() == "none");
    endpoint && !disabled && !exporter_none
}

/// Flushes and stops the exporter when dropped (at the end of `main`), so
/// the spans of the last requests before a shutdown are not lost.
pub struct Exporting {
    provider: SdkTracerProvider,
}

impl Drop for Exporting {
    fn drop(&mut self) {
        ENABLED.store(false, Ordering::Relaxed);
        let _ = self.provider.shutdown();
    }
}

/// The layer that turns `tracing` spans into exported OpenTelemetry spans,
/// and the guard that flushes them; `None` when traces are not wanted or
/// the exporter cannot be built (then the reason is returned for the log,
/// which is not set up yet).
pub fn layer<S>() -> Result<Option<(impl Layer<S>, Exporting)>, String>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    if !wanted(|name| std::env::var(name).ok()) {
        return Ok(None);
    }
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(|e| format!("cannot build the OTLP exporter: {e}"))?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource())
        .build();
    let tracer = provider.tracer("modd");
    ENABLED.store(true, Ordering::Relaxed);
    let layer = tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_tracked_inactivity(false)
        .with_threads(false)
        .with_location(false);
    Ok(Some((layer, Exporting { provider })))
}

/// The SDK's resource (from `OTEL_SERVICE_NAME` and
/// `OTEL_RESOURCE_ATTRIBUTES`), named `modd` when neither names it, with
/// the binary's version.
fn resource() -> Resource {
    let named = std::env::var("OTEL_SERVICE_NAME").is_ok_and(|v| !v.trim().is_empty())
        || std::env::var("OTEL_RESOURCE_ATTRIBUTES").is_ok_and(|v| {
            v.split(',')
                .any(|kv| kv.trim().starts_with("service.name="))
        });
    let builder = Resource::builder().with_attribute(opentelemetry::KeyValue::new(
        "service.version",
        env!("CARGO_PKG_VERSION"),
    ));
    if named {
        builder.build()
    } else {
        builder.with_service_name("modd").build()
    }
}

#[cfg(test)]
mod tests {
    use super::wanted;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn exports_only_with_an_endpoint_and_not_disabled() {
        assert!(!wanted(env(&[])));
        assert!(!wanted(env(&[("OTEL_EXPORTER_OTLP_ENDPOINT", " ")])));
        assert!(wanted(env(&[(
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "http://127.0.0.1:4318"
        )])));
        assert!(wanted(env(&[(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "http://c/v1/traces"
        )])));
        let on = ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318");
        assert!(!wanted(env(&[on, ("OTEL_SDK_DISABLED", "true")])));
        assert!(!wanted(env(&[on, ("OTEL_TRACES_EXPORTER", "none")])));
        assert!(wanted(env(&[on, ("OTEL_SDK_DISABLED", "false")])));
    }
}
