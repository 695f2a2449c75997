//! `/activities/{id}/checkin/staff`: staff of the activity's organisation subtree check its
//! confirmed volunteers in and out (online activities, people without a smartphone). Phones are
//! masked. Each button is a plain form post, so the list works without JavaScript.
use super::{id_param, method_label};
use crate::attendance::api::{load_staff_sheet, StaffMark};
use crate::attendance::model::{StaffRow, StaffSheet};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn StaffCheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let action = ServerAction::<StaffMark>::new();
    let sheet = Resource::new(
        move || (id.get(), action.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_staff_sheet(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, attendance.staff_title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page checkin-staff">
            <h1>{move || t_string!(i18n, attendance.staff_title).to_string()}</h1>
            {move || {
                action
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                    })
            }}
            {move || {
                action
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|r| {
                        let when = local_time(r.at);
                        view! {
                            <p class="banner banner-success" role="status">
                                {move || t_string!(i18n, attendance.staff_done, time = when.clone()).to_string()}
                            </p>
                        }
                    })
            }}
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    sheet
                        .get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => {
                                let next = encode_component(
                                    &format!("/activities/{}/checkin/staff", id.get_untracked().unwrap_or_default()),
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
                            Ok(sheet) => view! { <Sheet sheet action /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Sheet(sheet: StaffSheet, action: ServerAction<StaffMark>) -> impl IntoView {
    let i18n = use_i18n();
    let id = sheet.activity_id;
    let time = format!("{} – {}", local_time(sheet.starts_at), local_time(sheet.ends_at));
    let total = sheet.rows.len();
    let present = sheet.rows.iter().filter(|r| r.in_at.is_some()).count();
    let empty = sheet.rows.is_empty();
    view! {
        <h2>
            <a href=format!("/activities/{id}")>{sheet.title.clone()}</a>
        </h2>
        <p class="muted">{time}</p>
        <p class="status-line">
            {move || t_string!(i18n, attendance.staff_counts, present = present, total = total).to_string()}
        </p>
        <p class="actions">
            <a class="button" href=format!("/activities/{id}/checkin/screen") rel="external">
                {move || t_string!(i18n, attendance.screen_link).to_string()}
            </a>
        </p>
        {empty.then(|| view! { <p>{move || t_string!(i18n, attendance.staff_empty).to_string()}</p> })}
        <ul class="card-list staff-checkin-list">
            {sheet.rows.into_iter().map(|row| view! { <Row activity_id=id row action /> }).collect_view()}
        </ul>
    }
}

#[component]
fn Row(activity_id: i64, row: StaffRow, action: ServerAction<StaffMark>) -> impl IntoView {
    let i18n = use_i18n();
    let state = match (row.in_at, row.out_at) {
        (None, _) => t_string!(i18n, attendance.state_none).to_string(),
        (Some(t), None) => format!(
            "{} {} · {}",
            t_string!(i18n, attendance.checked_in_at),
            local_time(t),
            method_label(i18n, row.in_method.unwrap_or(crate::attendance::model::Method::Staff))
        ),
        (Some(_), Some(t)) => format!(
            "{} {} · {}",
            t_string!(i18n, attendance.checked_out_at),
            local_time(t),
            method_label(i18n, row.out_method.unwrap_or(crate::attendance::model::Method::Staff))
        ),
    };
    let next = match (row.in_at, row.out_at) {
        (None, _) => Some(("in", t_string!(i18n, attendance.staff_check_in).to_string())),
        (Some(_), None) => Some(("out", t_string!(i18n, attendance.staff_check_out).to_string())),
        _ => None,
    };
    let name = if row.name.is_empty() { row.volunteer_no.clone() } else { row.name.clone() };
    let label = format!("{name} {}", row.masked_mobile);
    let no = row.volunteer_no.clone();
    view! {
        <li class="card staff-checkin-row" data-volunteer=row.volunteer_no.clone()>
            <p>
                <strong>{name.clone()}</strong>
                " "
                <span class="muted">{row.masked_mobile.clone()}</span>
            </p>
            <p class="status-line">{state}</p>
            {next
                .map(|(dir, text)| {
                    let aria = format!("{text}：{label}");
                    view! {
                        <ActionForm action>
                            <input type="hidden" name="activity_id" value=activity_id.to_string() />
                            <input type="hidden" name="volunteer_no" value=no />
                            <input type="hidden" name="direction" value=dir />
                            <button type="submit" class="button" aria-label=aria>
                                {text}
                            </button>
                        </ActionForm>
                    }
                })}
        </li>
    }
}
