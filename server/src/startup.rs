//! Assembles the application: state, routes, middleware. Used by `serve` and by every
//! integration test (which binds port 0 and talks real HTTP to it).
use app::accounts::session_store::DbSessionStore;
use app::db::Db;
use app::error::AppError;
use app::orgs::export::{full_roster_csv, full_roster_xlsx, roster_csv, roster_xlsx};
use app::shell::{shell, App};
use app::sms::SmsSender;
use app::state::{AppState, Policy};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{extract::State, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub struct AppParts {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub sms: Arc<dyn SmsSender>,
    pub policy: Policy,
    pub keys: app::keys::Keys,
    pub files_dir: std::path::PathBuf,
    pub secure_cookies: bool,
    pub body_limit: usize,
    /// Validators, caching headers and the anonymous page cache (`crate::pages`).
    pub pages: crate::pages::Settings,
}

/// `GET /healthz`: 200 "ok" when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// A server function posted by a plain form (no JavaScript) answers with a redirect back to the
/// page, but leptos sends it as 302 Found, after which HTTP lets a client repeat the POST at
/// the new address (browsers switch to GET only by long habit). 303 See Other asks for the GET
/// in so many words, so the page is simply loaded again with the outcome.
///
/// Leptos sends the browser back to the `Referer`, adding a refusal as `__path` and `__err`. Once
/// a page shows one refusal, its address holds it, so the refusal before is taken out of the
/// `Referer` first: the address then names only the answer to this post.
async fn see_other_for_form_posts(mut request: Request, next: Next) -> Response {
    let post = request.method() == Method::POST;
    if post {
        let cleaned = request.headers().get(header::REFERER).and_then(|r| r.to_str().ok()).and_then(without_refusal);
        if let Some(value) = cleaned.and_then(|r| HeaderValue::from_str(&r).ok()) {
            request.headers_mut().insert(header::REFERER, value);
        }
    }
    let mut response = next.run(request).await;
    if post && response.status() == StatusCode::FOUND {
        *response.status_mut() = StatusCode::SEE_OTHER;
    }
    response
}

/// `address` without the refusal leptos put in its query (`__path`, `__err`), or `None` when it
/// holds none.
fn without_refusal(address: &str) -> Option<String> {
    let (page, query) = address.split_once('?')?;
    let refusal = |pair: &&str| matches!(pair.split('=').next(), Some("__path" | "__err"));
    if !query.split('&').any(|pair| refusal(&pair)) {
        return None;
    }
    let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !refusal(pair)).collect();
    Some(if kept.is_empty() { page.to_owned() } else { format!("{page}?{}", kept.join("&")) })
}

/// Server functions answer every error with 500 (leptos has no hook between the error and the
/// response). An error response carries the `serverfnerror` header and the `AppError` as JSON,
/// so here, once for all of them, the body is read back and the status set from the one mapping,
/// `AppError::status`, with `Retry-After` when rate-limited. The browser's client decodes the
/// body of any 4xx/5xx alike, so the person still sees the translated message. A form post
/// without JavaScript has become a redirect by now and is left as it is.
async fn server_fn_statuses(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // An error body is a few hundred bytes; anything longer is not ours and stays a 500.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let error = serde_json::from_slice::<AppError>(&bytes).ok();
    let mut response = Response::from_parts(parts, Body::from(bytes));
    if let Some(error) = error {
        error.mark(&mut response);
    }
    response
}

/// Refuses with 403 a request that would change something and that a page of another site
/// started (see `app::http::cross_site` for what counts, and why requests without browser
/// headers pass). Server functions, login and plain form posts all come through here.
async fn refuse_cross_site(public_origin: Arc<str>, request: Request, next: Next) -> Response {
    if app::http::cross_site(request.method(), request.headers(), &public_origin) {
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}

fn static_header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value))
}

/// Every route besides the pages and the server functions (which leptos lists itself:
/// `generate_route_list(App)`, `server_fn_paths()`). `build` mounts exactly these, and the
/// authorisation matrix test (tests/authz_matrix.rs) reads this same list, so a route added
/// here without an entry there fails that test.
pub fn extra_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    let mut routes = vec![
        ("/healthz", get(healthz)),
        (app::regions::TSV_PATH, get(app::regions::serve_tsv)),
        ("/me/export.json", get(app::volunteers::export::export_my_data)),
        ("/orgs/{id}/roster.csv", get(roster_csv).post(full_roster_csv)),
        ("/orgs/{id}/roster.xlsx", get(roster_xlsx).post(full_roster_xlsx)),
        ("/import-templates/{file}", get(app::orgs::export::import_template)),
        ("/activities/{id}/qr.svg", get(app::activities::files::activity_qr)),
        ("/activities/{id}/calendar.ics", get(app::activities::files::activity_ics)),
        ("/me/activities.ics", get(app::activities::files::my_ics)),
        ("/me/certificate.pdf", axum::routing::post(app::records::certificates::api::download_certificate)),
        ("/makeups/{id}/photo", get(app::records::makeup::photo::serve)),
        ("/venues/{id}/photos/{photo_id}", get(app::venues::photos::serve)),
    ];
    routes.extend(app::public_api::routes());
    routes
}

pub fn build(parts: AppParts) -> Router {
    let state = AppState {
        leptos_options: parts.leptos_options,
        db: parts.db.clone(),
        sms: parts.sms,
        policy: Arc::new(parts.policy),
        keys: Arc::new(parts.keys),
        files_dir: Arc::new(parts.files_dir),
        preselections: Default::default(),
        changes: Default::default(),
        caches: Default::default(),
    };
    let public_origin: Arc<str> = app::http::origin_of(&state.policy.public_url).into();
    let pages = Arc::new(crate::pages::Pages::new((*state.keys).clone(), parts.pages, state.changes.clone()));
    let store = DbSessionStore::new(parts.db).with_absolute_lifetime(state.policy.session_absolute_s);
    let sessions = SessionManagerLayer::new(store)
        .with_name("sciserve_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        // A browser reaching the site over https must never send the cookie in clear.
        .with_secure(parts.secure_cookies || public_origin.starts_with("https://"))
        // Every request of a signed-in person moves the idle expiry forward.
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::seconds(
            state.policy.session_idle_s,
        )));

    let routes = generate_route_list(App);
    let context_state = state.clone();
    let router = extra_routes().into_iter().fold(Router::new(), |router, (path, handler)| router.route(path, handler));
    router
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Innermost, so that every handler and body runs behind it (see the module).
        .layer(from_fn(crate::owner_fence::fence))
        .layer(from_fn(server_fn_statuses))
        .layer(from_fn(see_other_for_form_posts))
        .layer(sessions)
        .layer(from_fn(move |request, next| refuse_cross_site(public_origin.clone(), request, next)))
        .layer(RequestBodyLimitLayer::new(parts.body_limit))
        .layer(from_fn(move |request, next| crate::pages::serve(pages.clone(), request, next)))
        .layer(CompressionLayer::new())
        .layer(static_header("x-content-type-options", "nosniff"))
        .layer(static_header("referrer-policy", "strict-origin-when-cross-origin"))
        .layer(static_header("x-frame-options", "DENY"))
        .layer(static_header("permissions-policy", "camera=(self), geolocation=(self), microphone=()"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::shell::CSP_FALLBACK),
        ))
        // Refusals are 4xx (`AppError::status`), so a 5xx is always a fault: logged at warn
        // here, besides the error-level entry with the reference the user sees
        // (`AppError::internal`).
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(tracing::Level::WARN)))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::without_refusal;

    #[test]
    fn a_refusal_is_taken_out_of_the_address_and_nothing_else() {
        let refused = "https://x.test/orgs/1/manage/activities?decline=7&__path=%2Fapi%2Fa&__err=eyJ9&page=2";
        assert_eq!(
            without_refusal(refused).as_deref(),
            Some("https://x.test/orgs/1/manage/activities?decline=7&page=2")
        );
        assert_eq!(
            without_refusal("https://x.test/a?__path=%2Fapi%2Fa&__err=eyJ9").as_deref(),
            Some("https://x.test/a")
        );
        assert_eq!(without_refusal("https://x.test/a?decline=7"), None);
        assert_eq!(without_refusal("https://x.test/a?my__err=1"), None);
        assert_eq!(without_refusal("https://x.test/a"), None);
    }
}
