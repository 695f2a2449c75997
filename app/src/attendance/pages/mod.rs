//! The check-in pages (F-30, F-35):
//!
//! * `/checkin/{token}` ([`token`]): what a phone's camera app opens from the staff screen's QR
//!   code. One tap checks in (or out); a plain form post, so it works without JavaScript.
//! * `/activities/{id}/checkin` ([`volunteer`]): the volunteer's page: position check-in and
//!   check-out, the in-page scanner where the browser has one, the offline queue.
//! * `/activities/{id}/checkin/screen` ([`screen`]): the rotating QR code staff show.
//! * `/activities/{id}/checkin/staff` ([`staff`]): staff check listed volunteers in and out.
//!
//! The volunteer pages' behaviour in the browser (sending in place, geolocation, the scanner and
//! the offline queue in localStorage) is `public/checkin.js`, plain script that keeps working
//! when the connection drops after the page loaded; `public/checkin-sw.js` keeps a copy of the
//! page so it also opens offline. Their texts come from the page (`data-msg-*`).
pub mod screen;
pub mod staff;
pub mod token;
pub mod volunteer;

use crate::attendance::model::{Attendance, Method};
use crate::i18n::*;
use crate::ui::format::local_time;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

/// The `:id` of the address.
pub(crate) fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())))
}

pub(crate) fn method_label(i18n: I18nContext<Locale>, m: Method) -> String {
    match m {
        Method::Qr => t_string!(i18n, attendance.method_qr),
        Method::Position => t_string!(i18n, attendance.method_position),
        Method::Staff => t_string!(i18n, attendance.method_staff),
        Method::Makeup => t_string!(i18n, attendance.method_makeup),
    }
    .to_string()
}

/// "Checked in at …, checked out at …" for one attendance.
#[component]
pub(crate) fn AttendanceState(attendance: Option<Attendance>) -> impl IntoView {
    let i18n = use_i18n();
    match attendance {
        None => view! {
            <p class="status-line" id="checkin-state" data-state="none">
                {move || t_string!(i18n, attendance.state_none).to_string()}
            </p>
        }
        .into_any(),
        Some(a) => {
            let state = if a.out_at.is_some() { "out" } else { "in" };
            let in_text = local_time(a.in_at);
            let in_method = a.in_method;
            let out = a.out_at.map(|t| (local_time(t), a.out_method.unwrap_or(Method::Qr)));
            let delayed = a.in_delayed || a.out_delayed;
            view! {
                <dl class="facts" id="checkin-state" data-state=state>
                    <dt>{move || t_string!(i18n, attendance.checked_in_at).to_string()}</dt>
                    <dd>{format!("{in_text} · {}", method_label(i18n, in_method))}</dd>
                    <dt>{move || t_string!(i18n, attendance.checked_out_at).to_string()}</dt>
                    <dd>
                        {match out {
                            Some((t, m)) => format!("{t} · {}", method_label(i18n, m)),
                            None => t_string!(i18n, attendance.not_yet).to_string(),
                        }}
                    </dd>
                </dl>
                {delayed
                    .then(|| {
                        view! { <p class="hint">{move || t_string!(i18n, attendance.delayed_note).to_string()}</p> }
                    })}
            }
            .into_any()
        }
    }
}

/// The element `public/checkin.js` works in: the activity and the messages it shows
/// (`data-msg-*`, in the reader's language), then the page's script.
#[component]
pub(crate) fn CheckinRoot(activity_id: i64, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let m = move |k| match k {
        0 => t_string!(i18n, attendance.js_sending).to_string(),
        1 => t_string!(i18n, attendance.js_done_in).to_string(),
        2 => t_string!(i18n, attendance.js_done_out).to_string(),
        3 => t_string!(i18n, attendance.js_already_recorded).to_string(),
        4 => t_string!(i18n, attendance.js_saved_offline).to_string(),
        5 => t_string!(i18n, attendance.js_queued_count).to_string(),
        6 => t_string!(i18n, attendance.js_queue_empty).to_string(),
        7 => t_string!(i18n, attendance.js_queued_refused).to_string(),
        8 => t_string!(i18n, attendance.js_locating).to_string(),
        9 => t_string!(i18n, attendance.js_no_geolocation).to_string(),
        _ => t_string!(i18n, attendance.js_no_camera).to_string(),
    };
    view! {
        <div
            class="card checkin-card"
            data-checkin-root=""
            data-activity=activity_id.to_string()
            data-msg-sending=m(0)
            data-msg-done-in=m(1)
            data-msg-done-out=m(2)
            data-msg-already-recorded=m(3)
            data-msg-saved-offline=m(4)
            data-msg-queued-count=m(5)
            data-msg-queue-empty=m(6)
            data-msg-queued-refused=m(7)
            data-msg-locating=m(8)
            data-msg-no-geolocation=m(9)
            data-msg-no-camera=m(10)
        >
            {children()}
        </div>
        <script src="/checkin.js" defer=true></script>
    }
}
