//! Keeps one request's reactive owner from becoming the parent of another's.
//!
//! Leptos keeps "the current owner" in a thread-local. `leptos_axum` starts every page render
//! with `Owner::new_root`, which *sets* that thread-local and never clears it, and every owner
//! made afterwards on the same worker thread with `Owner::new()` (static files, server
//! functions) becomes a child of whatever is left there while that page is still alive. Two
//! faults followed from it, both seen under load and in the browser tests:
//!
//! - the static-file handler looked up `ResponseOptions` through its parent and took the
//!   *page's* headers (`extend_response` moves them out): the WASM file left with the page's
//!   Content-Security-Policy and the page with none, so its scripts were blocked and it never
//!   hydrated;
//! - when the page finished, dropping its root cleaned up its "children", disposing the signals
//!   of a request that had nothing to do with it ("reactive value already disposed").
//!
//! The fence clears the thread-local around every poll of a request's handler and of its body,
//! so an owner set during one poll never outlives it. Leptos passes owners explicitly
//! (`owner.with`, `ScopedFuture`) from one poll to the next, as it must: the runtime may move a
//! task to another thread between polls.
//!
//! A request its client gives up on (a phone losing its signal, a reload, a load generator
//! stopping) is not torn down mid-render either: what is left of its handler and body runs to
//! the end in a task of its own, for at most [`ABANDONED_LIMIT`]. Torn down, a page's owners
//! went while a `<Suspense>`'s effect, a task leptos spawns apart from the request, was still
//! walking the page's views; it found no contexts there and panicked ("I18n context is
//! missing", now and then as a timed load run ended). The work is what answering would have
//! cost, and a half-done server function no longer stops at whichever `.await` it had reached.
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::Owner;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// How long the rest of an abandoned request may run before it is dropped after all.
pub const ABANDONED_LIMIT: Duration = Duration::from_secs(10);

/// The middleware: runs the rest of the stack, and later streams its body, behind the fence.
pub async fn fence(request: Request, next: Next) -> Response {
    let response = Fenced::new(next.run(request), true).await;
    response.map(|body| Body::new(FencedBody { body, finish_if_dropped: true }))
}

/// Runs what is left of an abandoned request, then drains its body, within the limit.
fn finish_abandoned(rest: impl Future<Output = ()> + Send + 'static) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let _ = tokio::time::timeout(ABANDONED_LIMIT, rest).await;
        });
    }
}

/// Reads a body to its end, behind the fence, and throws it away.
async fn drain(body: Body) {
    let mut body = FencedBody { body, finish_if_dropped: false };
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        if frame.is_err() {
            break;
        }
    }
}

/// Forgets the thread's current owner, if one is still alive.
fn clear_current_owner() {
    if let Some(owner) = Owner::current() {
        owner.unset();
    }
}

/// The handler's future; `None` once it has answered.
struct Fenced {
    handler: Option<Pin<Box<dyn Future<Output = Response> + Send>>>,
    finish_if_dropped: bool,
}

impl Fenced {
    fn new(handler: impl Future<Output = Response> + Send + 'static, finish_if_dropped: bool) -> Self {
        Fenced { handler: Some(Box::pin(handler)), finish_if_dropped }
    }
}

impl Future for Fenced {
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let Some(handler) = self.handler.as_mut() else {
            return Poll::Pending; // polled after it answered: cannot happen in a server
        };
        clear_current_owner();
        let polled = handler.as_mut().poll(cx);
        clear_current_owner();
        if polled.is_ready() {
            self.handler = None;
        }
        polled
    }
}

impl Drop for Fenced {
    fn drop(&mut self) {
        if let (Some(handler), true) = (self.handler.take(), self.finish_if_dropped) {
            finish_abandoned(async move {
                let response = Fenced { handler: Some(handler), finish_if_dropped: false }.await;
                drain(response.into_body()).await;
            });
        }
    }
}

struct FencedBody {
    body: Body,
    finish_if_dropped: bool,
}

impl HttpBody for FencedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        clear_current_owner();
        let polled = Pin::new(&mut self.body).poll_frame(cx);
        clear_current_owner();
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            self.finish_if_dropped = false;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

impl Drop for FencedBody {
    fn drop(&mut self) {
        if self.finish_if_dropped && !self.body.is_end_stream() {
            let body = std::mem::replace(&mut self.body, Body::empty());
            finish_abandoned(drain(body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fence;
    use axum::body::Body;
    use axum::http::Request;
    use axum::middleware::from_fn;
    use axum::routing::get;
    use axum::Router;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;
    use tower::ServiceExt;

    fn flag() -> Arc<AtomicBool> {
        Arc::new(AtomicBool::new(false))
    }

    /// Waits up to a second for `done`.
    async fn finished(done: &AtomicBool) -> bool {
        for _ in 0..100 {
            if done.load(Ordering::SeqCst) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }

    #[tokio::test]
    async fn a_handler_its_client_gave_up_on_still_runs_to_the_end() {
        let done = flag();
        let app = Router::new()
            .route(
                "/slow",
                get({
                    let done = done.clone();
                    move || async move {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        done.store(true, Ordering::SeqCst);
                        "ok"
                    }
                }),
            )
            .layer(from_fn(fence));
        let request = Request::get("/slow").body(Body::empty()).unwrap();
        let given_up = tokio::time::timeout(Duration::from_millis(10), app.oneshot(request)).await;
        assert!(given_up.is_err(), "the client gave up before the answer");
        assert!(!done.load(Ordering::SeqCst));
        assert!(finished(&done).await, "the rest of the handler ran after the client left");
    }

    #[tokio::test]
    async fn a_body_its_client_stopped_reading_is_still_produced_to_the_end() {
        let done = flag();
        let app = Router::new()
            .route(
                "/stream",
                get({
                    let done = done.clone();
                    move || async move {
                        let chunks = futures::stream::unfold(0, move |n| {
                            let done = done.clone();
                            async move {
                                match n {
                                    0..3 => {
                                        tokio::time::sleep(Duration::from_millis(20)).await;
                                        Some((Ok::<_, std::io::Error>(format!("chunk {n}\n")), n + 1))
                                    }
                                    _ => {
                                        done.store(true, Ordering::SeqCst);
                                        None
                                    }
                                }
                            }
                        });
                        Body::from_stream(chunks)
                    }
                }),
            )
            .layer(from_fn(fence));
        let response = app.oneshot(Request::get("/stream").body(Body::empty()).unwrap()).await.unwrap();
        let mut body = response.into_body().into_data_stream();
        let first = futures::StreamExt::next(&mut body).await.expect("a first chunk").unwrap();
        assert_eq!(&first[..], b"chunk 0\n");
        drop(body);
        assert!(!done.load(Ordering::SeqCst));
        assert!(finished(&done).await, "the rest of the body was produced after the client left");
    }
}
