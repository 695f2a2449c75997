//! `/checkin/{token}`: the address in the staff screen's QR code. Signed out, the login page
//! comes back here; then one tap checks in or out. The button is a plain form post (the server
//! answers with a redirect back here, where the new state shows), and `public/checkin.js`
//! sends it in place, or keeps it when the connection is gone.
use super::{AttendanceState, CheckinRoot};
use crate::attendance::api::{token_context, CheckInOut};
use crate::attendance::model::{CheckinContext, Direction};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TokenCheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let context = Resource::new(move || token.get(), token_context);
    // A refusal that came back to the post without JavaScript (`?__err=`).
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
                                let next = encode_component(&format!("/checkin/{}", token.get_untracked()));
                                view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                    <p>
                                        <a href="/me/activities">
                                            {move || t_string!(i18n, attendance.my_activities).to_string()}
                                        </a>
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(ctx) => {
                                let refusal = action.value().get_untracked().and_then(Result::err);
                                view! { <TokenForm ctx token=token.get_untracked() refusal /> }.into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn TokenForm(ctx: CheckinContext, token: String, refusal: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let direction = ctx.direction.unwrap_or(Direction::In);
    let id = ctx.activity_id;
    let open = match (&ctx.attendance, direction) {
        (None, Direction::In) => true,
        (Some(a), Direction::Out) => a.out_at.is_none(),
        _ => false,
    };
    let button = move || match direction {
        Direction::In => t_string!(i18n, attendance.check_in_now).to_string(),
        Direction::Out => t_string!(i18n, attendance.check_out_now).to_string(),
    };
    let time = format!("{} – {}", local_time(ctx.starts_at), local_time(ctx.ends_at));
    // The same tap twice is one scan: the server acknowledges the second one.
    let client_id = token.replace('.', "_");
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
            {if !ctx.confirmed {
                view! {
                    <p class="banner banner-error" role="alert">
                        {move || t_string!(i18n, attendance.refused_not_signed_up).to_string()}
                    </p>
                }
                    .into_any()
            } else if open {
                view! {
                    <form id="token-form" method="post" action="/api/attendance/check">
                        <input type="hidden" name="input[token]" value=token.clone() />
                        <input type="hidden" name="input[client_id]" value=client_id />
                        <button type="submit" class="button button-primary button-large">
                            {button}
                        </button>
                    </form>
                    <p class="hint" id="queue-status" aria-live="polite"></p>
                }
                    .into_any()
            } else {
                ().into_any()
            }}
            <p>
                <a href=format!("/activities/{id}/checkin") rel="external">
                    {move || t_string!(i18n, attendance.open_checkin_page).to_string()}
                </a>
            </p>
        </CheckinRoot>
    }
}
