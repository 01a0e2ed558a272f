//! Middleware as plain tower services: work done before and after the
//! inner service, or a deadline on it, without cloning the inner service
//! on every request. axum's `from_fn` clones the whole stack inside it per
//! call (each boxed route included) and boxes its future; on the global
//! layers that every request crosses, that was a few percent of intake's
//! CPU. Middleware that must await (the rate limit, key notices) stays on
//! `from_fn`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use crate::http::error::ApiError;

/// Synchronous work around a request: `before` may change the request and
/// hands a token to `after`, which may change the response.
pub trait Hook: Clone + Send + Sync + 'static {
    type Token: Send + 'static;
    fn before(&self, req: &mut Request) -> Self::Token;
    fn after(&self, token: Self::Token, res: &mut Response);
}

/// The layer of [`Around`].
#[derive(Clone)]
pub struct AroundLayer<H>(pub H);

impl<S, H: Clone> Layer<S> for AroundLayer<H> {
    type Service = Around<S, H>;
    fn layer(&self, inner: S) -> Self::Service {
        Around {
            inner,
            hook: self.0.clone(),
        }
    }
}

/// Runs `H` around the inner service.
#[derive(Clone)]
pub struct Around<S, H> {
    inner: S,
    hook: H,
}

impl<S, H> Service<Request> for Around<S, H>
where
    S: Service<Request>,
    S::Response: IntoResponse,
    H: Hook,
{
    type Response = Response;
    type Error = S::Error;
    type Future = AroundFuture<S::Future, H>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let token = self.hook.before(&mut req);
        AroundFuture {
            inner: self.inner.call(req),
            hook: self.hook.clone(),
            token: Some(token),
        }
    }
}

pin_project! {
    /// The inner service's future, then `after` on its response.
    pub struct AroundFuture<F, H: Hook> {
        #[pin]
        inner: F,
        hook: H,
        token: Option<H::Token>,
    }
}

impl<F, R, E, H> Future for AroundFuture<F, H>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
    H: Hook,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut res = ready!(this.inner.poll(cx))?.into_response();
        if let Some(token) = this.token.take() {
            this.hook.after(token, &mut res);
        }
        Poll::Ready(Ok(res))
    }
}

/// The layer of [`Deadline`].
#[derive(Clone, Copy)]
pub struct DeadlineLayer(pub Duration);

impl<S> Layer<S> for DeadlineLayer {
    type Service = Deadline<S>;
    fn layer(&self, inner: S) -> Self::Service {
        Deadline {
            inner,
            after: self.0,
        }
    }
}

/// Answers the JSON 408 when the inner service takes longer than `after`.
#[derive(Clone)]
pub struct Deadline<S> {
    inner: S,
    after: Duration,
}

impl<S> Service<Request> for Deadline<S>
where
    S: Service<Request>,
    S::Response: IntoResponse,
{
    type Response = Response;
    type Error = S::Error;
    type Future = DeadlineFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        DeadlineFuture {
            inner: tokio::time::timeout(self.after, self.inner.call(req)),
        }
    }
}

pin_project! {
    /// The inner future under a timer.
    pub struct DeadlineFuture<F> {
        #[pin]
        inner: tokio::time::Timeout<F>,
    }
}

impl<F, R, E> Future for DeadlineFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Ready(match ready!(self.project().inner.poll(cx)) {
            Ok(answer) => answer.map(IntoResponse::into_response),
            Err(_) => Ok(ApiError::Timeout.into_response()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::StatusCode;
    use std::convert::Infallible;
    use tower::{ServiceExt, service_fn};

    /// Tags the request on the way in and copies the tag to the response.
    #[derive(Clone)]
    struct Tag;

    impl Hook for Tag {
        type Token = String;
        fn before(&self, req: &mut Request) -> String {
            req.headers_mut()
                .insert("x-in", "1".parse().unwrap_or_else(|_| unreachable!()));
            req.uri().path().to_owned()
        }
        fn after(&self, path: String, res: &mut Response) {
            if let Ok(v) = path.parse() {
                res.headers_mut().insert("x-path", v);
            }
        }
    }

    async fn echo(req: Request) -> Result<Response, Infallible> {
        let seen = req.headers().contains_key("x-in");
        Ok((StatusCode::OK, if seen { "seen" } else { "unseen" }).into_response())
    }

    #[tokio::test]
    async fn the_hook_runs_before_and_after_with_its_token() {
        let svc = AroundLayer(Tag).layer(service_fn(echo));
        let req = Request::builder().uri("/x/y").body(Body::empty());
        let res = svc.oneshot(req.unwrap_or_default()).await;
        let res = res.unwrap_or_else(|e| match e {});
        assert_eq!(res.headers()["x-path"], "/x/y");
        let body = axum::body::to_bytes(res.into_body(), 64).await;
        assert_eq!(body.ok().as_deref(), Some(&b"seen"[..]));
    }

    #[tokio::test]
    async fn a_late_answer_is_the_json_408() {
        let slow = service_fn(|_: Request| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok::<_, Infallible>(StatusCode::OK.into_response())
        });
        let svc = DeadlineLayer(Duration::from_millis(50)).layer(slow);
        let res = svc.oneshot(Request::default()).await;
        let res = res.unwrap_or_else(|e| match e {});
        assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
        let body = axum::body::to_bytes(res.into_body(), 1024).await;
        let body = String::from_utf8(body.map(|b| b.to_vec()).unwrap_or_default());
        assert!(body.unwrap_or_default().contains("\"error\""));

        let quick = DeadlineLayer(Duration::from_secs(1)).layer(service_fn(echo));
        let res = quick.oneshot(Request::default()).await;
        assert_eq!(res.map(|r| r.status()).ok(), Some(StatusCode::OK));
    }
}
