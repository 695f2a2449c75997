//! The organisation's admins and staff. Admins over the organisation add people who have an
//! account, by mobile number or volunteer number (a number nobody signed in with is refused under
//! the field), change their role, and take roles away — never the last admin's.
use super::nav::{focus_later, ManageScope, ManageShell, Section};
use crate::accounts::mobile::Mobile;
use crate::accounts::model::OrgRole;
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::membership::{staff_list, RemoveStaff, SetStaffRole};
use crate::orgs::views::StaffMember;
use crate::ui::choices::SelectField;
use crate::ui::errors::show_error;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, text, TextField};
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

fn role_text(i18n: I18nContext<Locale>, role: OrgRole) -> String {
    match role {
        OrgRole::Admin => t_string!(i18n, manage.staff.role_admin).to_string(),
        OrgRole::Staff => t_string!(i18n, manage.staff.role_staff).to_string(),
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let scope = ManageScope::new();
    let version = RwSignal::new(0u32);
    let list = Resource::new(
        move || (scope.key(), version.get()),
        |(key, _)| async move {
            match key {
                Some(id) => staff_list(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Staff>
            <Staff scope list version />
        </ManageShell>
    }
}

type List = Resource<Result<Option<Vec<StaffMember>>, AppError>>;

#[component]
fn Staff(scope: ManageScope, list: List, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let remove = ServerAction::<RemoveStaff>::new();
    let can_admin = Signal::derive(move || scope.can_admin());
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            done.set(Some(t_string!(i18n, manage.staff.removed).to_string()));
            version.update(|v| *v += 1);
            focus_later("manage-status");
        }
        Some(Err(e)) => {
            done.set(None);
            banner.set(Some(error_text(i18n, &e)));
            focus_later("manage-status");
        }
        None => {}
    });
    let on_remove = Callback::new(move |volunteer_no: String| {
        banner.set(None);
        done.set(None);
        remove.dispatch(RemoveStaff { org_id: scope.id(), volunteer_no });
    });
    view! {
        <p class="lead">{move || t_string!(i18n, manage.staff.intro).to_string()}</p>
        <div id="manage-status" tabindex="-1">
            <FormMessage error=banner success=done />
        </div>
        <h2>{move || t_string!(i18n, manage.staff.list).to_string()}</h2>
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match list.get() {
                Some(Ok(Some(people))) => {
                    if people.is_empty() {
                        view! { <p class="empty">{move || t_string!(i18n, manage.staff.empty).to_string()}</p> }
                            .into_any()
                    } else {
                        view! {
                            <ul class="card-list">
                                {people
                                    .into_iter()
                                    .map(|person| {
                                        view! { <StaffRow person can_admin on_remove pending=remove.pending() /> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
                Some(Err(e)) => {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {error_text(i18n, &e)}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </Transition>
        <Show
            when=move || can_admin.get()
            fallback=move || {
                view! { <p class="hint">{move || t_string!(i18n, manage.staff.admin_only).to_string()}</p> }
            }
        >
            <AddStaff scope version />
        </Show>
    }
}

#[component]
fn StaffRow(
    person: StaffMember,
    can_admin: Signal<bool>,
    on_remove: Callback<String>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let role = person.role;
    let no = person.user_volunteer_no.clone();
    let name = if person.real_name.trim().is_empty() { None } else { Some(person.real_name.clone()) };
    let shown = StoredValue::new(name.clone().unwrap_or_else(|| no.clone()));
    let target = StoredValue::new(no.clone());
    view! {
        <li class="card staff-card">
            <p class="card-title">
                {match name {
                    Some(n) => view! { <span>{n}</span> }.into_any(),
                    None => {
                        view! { <span>{move || t_string!(i18n, manage.staff.no_name).to_string()}</span> }.into_any()
                    }
                }} " " <span class="tag role-tag">{move || role_text(i18n, role)}</span>
            </p>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, manage.volunteer_no).to_string()}</dt>
                    <dd>{no.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.mobile).to_string()}</dt>
                    <dd>{person.mobile_masked.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.staff.role).to_string()}</dt>
                    <dd>{move || role_text(i18n, role)}</dd>
                </div>
            </dl>
            <Show when=move || can_admin.get()>
                <Show
                    when=move || confirming.get()
                    fallback=move || {
                        view! {
                            <button type="button" class="button danger" on:click=move |_| confirming.set(true)>
                                {move || t_string!(i18n, manage.staff.remove).to_string()}
                            </button>
                        }
                    }
                >
                    {
                        view! {
                            <div class="confirm" role="group">
                                <p>
                                    {move || {
                                        t_string!(i18n, manage.staff.remove_confirm_text, name = shown.get_value())
                                            .to_string()
                                    }}
                                </p>
                                <div class="actions">
                                    <button
                                        type="button"
                                        class="button danger"
                                        disabled=move || pending.get()
                                        on:click=move |_| {
                                            confirming.set(false);
                                            on_remove.run(target.get_value());
                                        }
                                    >
                                        {move || t_string!(i18n, manage.staff.remove_confirm).to_string()}
                                    </button>
                                    <button type="button" class="button" on:click=move |_| confirming.set(false)>
                                        {move || t_string!(i18n, manage.cancel).to_string()}
                                    </button>
                                </div>
                            </div>
                        }
                    }
                </Show>
            </Show>
        </li>
    }
}

/// Gives someone a role here (or changes the role of someone already listed).
#[component]
fn AddStaff(scope: ManageScope, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let who = RwSignal::new(String::new());
    let role = RwSignal::new(OrgRole::Staff.code().to_string());
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let save = ServerAction::<SetStaffRole>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            errors.set(FieldErrors::new());
            done.set(Some(t_string!(i18n, manage.staff.saved).to_string()));
            who.set(String::new());
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => {
            done.set(None);
            show_error(i18n, &e, errors, banner);
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        banner.set(None);
        let value = who.get_untracked().trim().to_owned();
        let mut e = FieldErrors::new();
        if value.is_empty() {
            e.push("who", Invalid::Required);
        } else if !value.to_ascii_uppercase().starts_with("KJ") {
            e.check("who", Mobile::parse(&value));
        }
        if OrgRole::from_code(&role.get_untracked()).is_none() {
            e.push("role", Invalid::Required);
        }
        if !e.is_empty() {
            focus_first_error(&e);
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        let value = if value.to_ascii_uppercase().starts_with("KJ") { value.to_ascii_uppercase() } else { value };
        save.dispatch(SetStaffRole { org_id: scope.id(), who: value, role: role.get_untracked() });
    };
    let roles = Signal::derive(move || {
        vec![
            (OrgRole::Staff.code().to_string(), role_text(i18n, OrgRole::Staff)),
            (OrgRole::Admin.code().to_string(), role_text(i18n, OrgRole::Admin)),
        ]
    });
    view! {
        <h2>{move || t_string!(i18n, manage.staff.add).to_string()}</h2>
        <FormMessage error=banner success=done />
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                name="who"
                label=text(move || t_string!(i18n, manage.staff.who).to_string())
                hint=text(move || t_string!(i18n, manage.staff.who_hint).to_string())
                value=who
                error=error_of(errors, "who")
                autocomplete="off"
                maxlength=20
                required=true
            />
            <SelectField
                name="role"
                label=text(move || t_string!(i18n, manage.staff.role).to_string())
                value=role
                error=error_of(errors, "role")
                options=roles
                required=true
            />
            <p class="hint">{move || t_string!(i18n, manage.staff.roles_note).to_string()}</p>
            <button type="submit" class="button primary block" disabled=move || save.pending().get()>
                {move || t_string!(i18n, manage.staff.add_submit).to_string()}
            </button>
        </form>
    }
}
