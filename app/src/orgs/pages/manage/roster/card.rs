//! One person on the roster: who, where, what they do, their classification, and removal.
use super::{status_text, Removal, CLASS_MAX, REMOVE};
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::membership::ClassifyMember;
use crate::orgs::pages::manage::widgets::{date_text, refusal_field, ChoiceTags};
use crate::orgs::views::{MembershipStatus, RosterRow};
use crate::ui::decision_queue::{state_params, ReasonForm, StateButton};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// One person on the roster: who, where, what they do, their classification (editable) and,
/// for active members, removal with a reason.
#[component]
pub(super) fn RosterCard(row: RosterRow, removal: Removal) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.membership_id;
    let classify = ServerAction::<ClassifyMember>::new();
    let class = RwSignal::new(row.class.clone());
    let class_message = RwSignal::new(None::<Result<String, String>>);
    let name = if row.real_name.trim().is_empty() { row.volunteer_no.clone() } else { row.real_name.clone() };
    Effect::new(move |_| match classify.value().get() {
        Some(Ok(())) => class_message.set(Some(Ok(t_string!(i18n, manage.roster.class_saved).to_string()))),
        Some(Err(e)) => {
            class_message.set(Some(Err(match e.field_errors().and_then(|f| refusal_field(i18n, f, "class")) {
                Some(message) => message,
                None => error_text(i18n, &e),
            })))
        }
        None => {}
    });
    let save_class = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        class_message.set(None);
        match crate::validation::text(&class.get_untracked(), false, CLASS_MAX) {
            Ok(value) => {
                classify.dispatch(ClassifyMember { membership_id: id, class: value.unwrap_or_default() });
            }
            Err(invalid) => class_message.set(Some(Err(crate::ui::errors::invalid_text(i18n, invalid)))),
        }
    };
    let no = row.volunteer_no.clone();
    let status = row.status;
    let class_id = format!("class-{id}");
    let class_msg_id = format!("class-{id}-message");
    let reason = row.reason.clone();
    view! {
        <li class="card roster-card">
            <h2 class="card-title">
                <a href=format!("/volunteers/{no}")>{name.clone()}</a>
            </h2>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, manage.volunteer_no).to_string()}</dt>
                    <dd>{no.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.mobile).to_string()}</dt>
                    <dd class="mobile">{row.mobile_masked.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.org).to_string()}</dt>
                    <dd>{row.org_name.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.region).to_string()}</dt>
                    <dd>{row.region.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.categories).to_string()}</dt>
                    <dd>
                        <ChoiceTags list=&SERVICE_CATEGORY codes=row.service_categories.clone() />
                    </dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.hours).to_string()}</dt>
                    <dd class="hours">{crate::ui::format::hours(row.hours_minutes)}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.joined_at).to_string()}</dt>
                    <dd>{row.joined_at.map(date_text).unwrap_or_default()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.status).to_string()}</dt>
                    <dd>
                        {move || status_text(i18n, status)}
                        {(!reason.trim().is_empty() && status != MembershipStatus::Active)
                            .then(|| {
                                let reason = reason.clone();
                                view! {
                                    <span class="status-reason">
                                        {move || {
                                            t_string!(i18n, manage.roster.reason, reason = reason.clone()).to_string()
                                        }}
                                    </span>
                                }
                            })}
                    </dd>
                </div>
            </dl>
            <form class="inline-form" novalidate on:submit=save_class>
                <label for=class_id.clone()>{move || t_string!(i18n, manage.roster.class).to_string()}</label>
                <div class="inline-row">
                    <input
                        id=class_id
                        name="class"
                        type="text"
                        maxlength=CLASS_MAX
                        autocomplete="off"
                        aria-describedby=class_msg_id.clone()
                        aria-invalid=move || if matches!(class_message.get(), Some(Err(_))) { "true" } else { "false" }
                        value=row.class.clone()
                        prop:value=move || class.get()
                        on:input=move |ev| {
                            class.set(event_target_value(&ev));
                            class_message.set(None);
                        }
                    />
                    <button type="submit" class="button" disabled=move || classify.pending().get()>
                        {move || t_string!(i18n, manage.roster.class_save).to_string()}
                    </button>
                </div>
                <p id=class_msg_id class="inline-message" role="status">
                    {move || match class_message.get() {
                        Some(Ok(m)) => view! { <span class="ok-text">"✓ "{m}</span> }.into_any(),
                        Some(Err(m)) => view! { <span class="field-error">{m}</span> }.into_any(),
                        None => ().into_any(),
                    }}
                </p>
            </form>
            {(status == MembershipStatus::Active).then(|| view! { <RemoveControl removal id name=name.clone() /> })}
        </li>
    }
}

/// "Remove" for an active member: a button that opens the reason form (`?remove={id}`, the
/// other filters kept), or the form itself.
#[component]
fn RemoveControl(removal: Removal, id: i64, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let address = use_query_map();
    let name = StoredValue::new(name);
    let control = move || {
        if removal.open.get() == Some(id) {
            view! {
                <ReasonForm
                    action=removal.action
                    fields=vec![("membership_id", id.to_string())]
                    prompt=text(move || t_string!(i18n, manage.roster.remove_prompt).to_string())
                    reason_label=text(move || t_string!(i18n, manage.roster.remove_reason).to_string())
                    confirm_label=text(move || t_string!(i18n, manage.roster.remove_confirm).to_string())
                    cancel_label=text(move || t_string!(i18n, manage.cancel).to_string())
                    cancel=address.with(|q| state_params(q, REMOVE, None))
                    on_cancel=Callback::new(move |_| removal.open.set(None))
                    errors=removal.errors
                    on_confirm=Callback::new(move |_| removal.last.set_value(Some((id, name.get_value()))))
                />
            }
            .into_any()
        } else {
            view! {
                <StateButton
                    params=address.with(|q| state_params(q, REMOVE, Some(id.to_string())))
                    label=text(move || t_string!(i18n, manage.roster.remove).to_string())
                    on_press=Callback::new(move |_| {
                        removal.errors.set(Default::default());
                        removal.open.set(Some(id));
                    })
                    class="button danger"
                />
            }
            .into_any()
        }
    };
    view! { <div class="remove-control">{control}</div> }
}
