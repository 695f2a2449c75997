//! `/activities/{id}/checkin`: the volunteer's check-in page. Position check-in and check-out,
//! the in-page QR scanner (shown only where the browser has BarcodeDetector) and the offline
//! queue are `public/checkin.js`; this page renders the state and the buttons, which stay
//! hidden until the script shows them. Without JavaScript the page says to scan the code with
//! the phone's camera, which opens `/checkin/{token}`.
use super::{id_param, AttendanceState, CheckinRoot};
use crate::attendance::api::{load_checkin, CheckInOut};
use crate::attendance::model::CheckinContext;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn VolunteerCheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let context = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_checkin(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let action = ServerAction::<CheckInOut>::new();
    let page_title = move || format!("{} · {}", t_string!(i18n, attendance.title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page checkin-page">
            <h1>{move || t_string!(i18n, attendance.title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    context
                        .get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => {
                                let next = encode_component(
                                    &format!("/activities/{}/checkin", id.get_untracked().unwrap_or_default()),
                                );
                                view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(ctx) => {
                                let refusal = action.value().get_untracked().and_then(Result::err);
                                view! { <Panel ctx refusal /> }.into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Panel(ctx: CheckinContext, refusal: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let id = ctx.activity_id;
    let time = format!("{} – {}", local_time(ctx.starts_at), local_time(ctx.ends_at));
    let checked_in = ctx.attendance.is_some();
    let checked_out = ctx.attendance.as_ref().is_some_and(|a| a.out_at.is_some());
    let radius = ctx.radius_m;
    view! {
        <CheckinRoot activity_id=id>
            <h2>
                <a href=format!("/activities/{id}")>{ctx.title.clone()}</a>
            </h2>
            <p class="muted">{time}</p>
            {refusal
                .map(|e| {
                    view! {
                        <p class="banner banner-error" role="alert" id="checkin-refusal">
                            {error_text(i18n, &e)}
                        </p>
                    }
                })}
            <p id="checkin-status" role="status" aria-live="polite" hidden=true></p>
            <AttendanceState attendance=ctx.attendance.clone() />
            {if ctx.confirmed {
                view! {
                    <div class="actions checkin-actions">
                        {(ctx.has_position && !checked_out)
                            .then(|| {
                                let (dir, label) = if checked_in {
                                    ("out", t_string!(i18n, attendance.position_out).to_string())
                                } else {
                                    ("in", t_string!(i18n, attendance.position_in).to_string())
                                };
                                view! {
                                    <button
                                        type="button"
                                        class="button button-primary button-large"
                                        id="position-button"
                                        data-position-direction=dir
                                        hidden=true
                                    >
                                        {label}
                                    </button>
                                }
                            })}
                        {(!checked_out)
                            .then(|| {
                                view! {
                                    <button type="button" class="button button-large" id="scan-button" hidden=true>
                                        {move || t_string!(i18n, attendance.scan_button).to_string()}
                                    </button>
                                }
                            })}
                    </div>
                    {ctx
                        .has_position
                        .then(|| {
                            view! {
                                <p class="hint">
                                    {move || t_string!(i18n, attendance.position_hint, radius = radius).to_string()}
                                </p>
                            }
                        })}
                    <p class="hint">{move || t_string!(i18n, attendance.camera_hint).to_string()}</p>
                    <div id="scanner" class="scanner" hidden=true>
                        <video
                            id="scanner-video"
                            muted=true
                            playsinline=true
                            aria-label=move || { t_string!(i18n, attendance.scanner_label).to_string() }
                        ></video>
                        <button type="button" class="button" id="scanner-close">
                            {move || t_string!(i18n, attendance.scanner_close).to_string()}
                        </button>
                    </div>
                    <h3>{move || t_string!(i18n, attendance.queue_title).to_string()}</h3>
                    // checkin.js may run before hydration (which waits for the page's code group),
                    // so it never writes what this view declares: hydration walks the text nodes and
                    // may set the declared attributes again. It hides the fallback, writes the count
                    // into a span of its own and keeps it in data-queued, which is its own too.
                    <p id="queue-status" aria-live="polite">
                        <span data-queue-fallback="">
                            {move || t_string!(i18n, attendance.queue_needs_js).to_string()}
                        </span>
                    </p>
                    <p class="hint">{move || t_string!(i18n, attendance.makeup_hint).to_string()}</p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="banner banner-error" role="alert">
                        {move || t_string!(i18n, attendance.refused_not_signed_up).to_string()}
                    </p>
                }
                    .into_any()
            }}
            {ctx
                .can_manage
                .then(|| {
                    view! {
                        <p class="actions">
                            <a class="button" href=format!("/activities/{id}/checkin/screen") rel="external">
                                {move || t_string!(i18n, attendance.screen_link).to_string()}
                            </a>
                            <a class="button" href=format!("/activities/{id}/checkin/staff")>
                                {move || t_string!(i18n, attendance.staff_link).to_string()}
                            </a>
                        </p>
                    }
                })}
        </CheckinRoot>
    }
}
