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
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use leptos::prelude::Owner;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The middleware: runs the rest of the stack, and later streams its body, behind the fence.
pub async fn fence(request: Request, next: Next) -> Response {
    let response = Fenced(Box::pin(next.run(request))).await;
    response.map(|body| Body::new(FencedBody(body)))
}

/// Forgets the thread's current owner, if one is still alive.
fn clear_current_owner() {
    if let Some(owner) = Owner::current() {
        owner.unset();
    }
}

struct Fenced<F>(Pin<Box<F>>);

impl<F: Future> Future for Fenced<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        clear_current_owner();
        let polled = self.0.as_mut().poll(cx);
        clear_current_owner();
        polled
    }
}

struct FencedBody(Body);

impl HttpBody for FencedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        clear_current_owner();
        let polled = Pin::new(&mut self.0).poll_frame(cx);
        clear_current_owner();
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.0.size_hint()
    }
}
