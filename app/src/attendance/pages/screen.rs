//! `/activities/{id}/checkin/screen`: the rotating check-in QR code staff show on their screen
//! (`?dir=out` for check-out). The code holds the absolute address `/checkin/{token}` and
//! changes every `qr_rotation_s`: with JavaScript the page fetches the next code in place, without
//! it the page reloads itself (a refresh inside `<noscript>`).
use super::id_param;
use crate::attendance::api::current_screen_token;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ScreenPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let out = Memo::new(move |_| query.with(|q| q.get("dir").as_deref() == Some("out")));
    // Bumped when the shown code's window ends: a new source value makes the resource fetch the
    // next code (a bare refetch of an equal answer may not wake the view).
    let tick = RwSignal::new(0u32);
    let code = Resource::new(
        move || (id.get(), out.get(), tick.get()),
        |(id, out, _)| async move {
            match id {
                Some(id) => current_screen_token(id, if out { "out".into() } else { "in".into() }).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // The next code when this one's window ends.
    Effect::new(move |_| {
        if let Some(Ok(t)) = code.get() {
            let wait = std::time::Duration::from_secs(t.refresh_s.clamp(1, 600) as u64);
            set_timeout(move || tick.update(|n| *n = n.wrapping_add(1)), wait);
        }
    });
    let page_title = move || format!("{} · {}", t_string!(i18n, attendance.screen_title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page checkin-screen">
            <h1>
                {move || {
                    if out.get() {
                        t_string!(i18n, attendance.screen_title_out).to_string()
                    } else {
                        t_string!(i18n, attendance.screen_title).to_string()
                    }
                }}
            </h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    let activity = id.get().unwrap_or_default();
                    code.get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => {
                                let next = encode_component(&format!("/activities/{activity}/checkin/screen"));
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
                            Ok(t) => {
                                let refresh = format!("{}", t.refresh_s.clamp(1, 600));
                                let dir = if out.get_untracked() { "out" } else { "in" };
                                view! {
                                    <h2>
                                        <a href=format!("/activities/{activity}")>{t.title.clone()}</a>
                                    </h2>
                                    <div
                                        class="checkin-qr"
                                        role="img"
                                        aria-label=move || t_string!(i18n, attendance.qr_label).to_string()
                                        inner_html=t.svg.clone()
                                    ></div>
                                    <p class="hint">{move || t_string!(i18n, attendance.screen_hint).to_string()}</p>
                                    <p>
                                        <a
                                            id="checkin-url"
                                            href=t.url.clone()
                                            data-token=t.token.clone()
                                            data-direction=dir
                                            class="checkin-url"
                                        >
                                            {move || t_string!(i18n, attendance.screen_link_text).to_string()}
                                        </a>
                                    </p>
                                    // Set as markup, so hydration never walks into it.
                                    <noscript inner_html=format!(
                                        r#"<meta http-equiv="refresh" content="{refresh}">"#,
                                    )></noscript>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <p class="actions">
                <a class="button" href=move || format!("/activities/{}/checkin/screen", id.get().unwrap_or_default())>
                    {move || t_string!(i18n, attendance.screen_in).to_string()}
                </a>
                <a
                    class="button"
                    href=move || format!("/activities/{}/checkin/screen?dir=out", id.get().unwrap_or_default())
                >
                    {move || t_string!(i18n, attendance.screen_out).to_string()}
                </a>
                <a class="button" href=move || format!("/activities/{}/checkin/staff", id.get().unwrap_or_default())>
                    {move || t_string!(i18n, attendance.staff_link).to_string()}
                </a>
            </p>
        </section>
    }
}
