//! Registering an organisation (F-10, F-11): under a parent given in the URL (`?parent=ID`) or
//! chosen here by searching the directory. The form runs the server's own validator
//! ([`OrgInput::validate`]) on submit and field by field on blur, so the naming rules and every
//! other check speak before any request; what only the server knows (a taken name) comes back
//! under the same fields. The admin mobile must be the registrant's own or be confirmed by its
//! holder ([`crate::orgs::register`]); [`registrations`] is where that happens.
mod fields;
pub mod registrations;

/// Where registrations that wait for their admin are listed and answered.
pub const REGISTRATIONS: &str = "/orgs/registrations";

use crate::accounts::auth::use_auth;
use crate::clock;
use crate::i18n::*;
use crate::orgs::api::{load_form_context, OrgFormContext};
use crate::orgs::pages::directory::OrgPicker;
use crate::orgs::register::{RegisterOrg, Registered};
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use crate::validation::{FieldErrors, Invalid};
use fields::{Fields, OrgFields};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn RegisterOrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let parent = Memo::new(move |_| query.with(|q| q.get("parent").and_then(|p| p.trim().parse::<i64>().ok())));
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, org_register.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            // The session is read inside the Transition, so the server's render and hydration wait
            // for the same answer.
            {move || match auth.state().map(|user| user.map(|u| u.is_platform_admin)) {
                Some(None) => {
                    let next = match parent.get() {
                        Some(p) => format!("/orgs/new?parent={p}"),
                        None => "/orgs/new".to_string(),
                    };
                    view! { <Redirect path=format!("/login?next={}", encode_component(&next)) /> }.into_any()
                }
                Some(Some(platform_admin)) => {
                    view! { <RegistrationForm initial_parent=parent.get() platform_admin /> }.into_any()
                }
                None => ().into_any(),
            }}
        </Transition>
    }
}

#[component]
fn RegistrationForm(initial_parent: Option<i64>, platform_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let picked = RwSignal::new(None::<(i64, String)>);
    let corps = RwSignal::new(false);
    // `None`: no parent chosen yet; `Some(None)`: a corps (no parent); `Some(Some(id))`.
    let parent = Memo::new(move |_| match initial_parent {
        Some(p) => Some(Some(p)),
        None if corps.get() => Some(None),
        None => picked.get().map(|(id, _)| Some(id)),
    });
    let context = Resource::new(
        move || parent.get(),
        |parent| async move {
            match parent {
                Some(p) => load_form_context(p).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let current_context = move || context.get_untracked().and_then(|r| r.ok()).flatten();
    let fields = Fields::new();
    // The one validator, with the level the organisation will have under the chosen parent.
    fields.form.checked_by(move || {
        let Some(ctx) = current_context() else {
            let mut e = FieldErrors::new();
            e.push(fields.parent.name(), Invalid::Required);
            return e;
        };
        fields
            .snapshot(parent.get_untracked().flatten())
            .validate(ctx.level, &ctx.level_name, clock::today())
            .err()
            .unwrap_or_default()
    });
    let form = fields.form;
    let save = ServerAction::<RegisterOrg>::new();

    Effect::new(move |_| match save.value().get() {
        Some(Ok(Registered::Created { org_id })) => navigate(&format!("/orgs/{org_id}"), Default::default()),
        // The list there shows it waiting, with the masked number and the deadline.
        Some(Ok(Registered::AwaitingAdmin { .. })) => navigate(REGISTRATIONS, Default::default()),
        Some(Err(e)) => form.refused(&e),
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if current_context().is_none() {
            form.refuse(form.validate(), t_string!(i18n, org_register.choose_parent_first).to_string());
        } else if form.submit() {
            save.dispatch(RegisterOrg { input: fields.snapshot(parent.get_untracked().flatten()) });
        }
    };

    let parent_error = fields.parent.error();
    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, org_register.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, org_register.intro).to_string()}</p>
            <p>
                <a href=REGISTRATIONS>{move || t_string!(i18n, org_register.registrations_link).to_string()}</a>
            </p>
            <FormMessage error=form.message() />
            <form class="form" novalidate on:submit=on_submit>
                <h2>{move || t_string!(i18n, org_register.parent_legend).to_string()}</h2>
                {initial_parent
                    .is_none()
                    .then(|| {
                        view! {
                            {platform_admin
                                .then(|| {
                                    view! {
                                        <div class="field">
                                            <label class="check" for="f-corps">
                                                <input
                                                    type="checkbox"
                                                    id="f-corps"
                                                    prop:checked=move || corps.get()
                                                    on:change=move |ev| corps.set(event_target_checked(&ev))
                                                />
                                                <span>
                                                    {move || t_string!(i18n, org_register.no_parent).to_string()}
                                                </span>
                                            </label>
                                        </div>
                                    }
                                })}
                            <Show when=move || !corps.get()>
                                <OrgPicker
                                    name=fields.parent.name().to_string()
                                    legend=text(move || t_string!(i18n, org_register.parent_legend).to_string())
                                    search_label=text(move || t_string!(i18n, org_register.parent_search).to_string())
                                    selected=picked
                                    error=parent_error
                                />
                            </Show>
                        }
                    })}
                <Transition fallback=move || {
                    view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
                }>
                    {move || {
                        context
                            .get()
                            .map(|result| match result {
                                Ok(None) => {
                                    view! {
                                        <p class="banner banner-info">
                                            {move || t_string!(i18n, org_register.choose_parent_first).to_string()}
                                        </p>
                                    }
                                        .into_any()
                                }
                                Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                                Ok(Some(ctx)) => {
                                    view! {
                                        <ContextInfo ctx=ctx.clone() has_picker=initial_parent.is_none() parent_error />
                                        {ctx
                                            .parent_open
                                            .then(|| {
                                                view! {
                                                    <OrgFields
                                                        f=fields
                                                        level_name=ctx.level_name.clone()
                                                        pending=Signal::derive(move || save.pending().get())
                                                    />
                                                }
                                            })}
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </form>
        </section>
    }
}

/// Where the organisation will sit and what happens on submit.
#[component]
fn ContextInfo(ctx: OrgFormContext, has_picker: bool, parent_error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let parent_name = ctx.parent.as_ref().map(|(_, name)| name.clone());
    let direct = ctx.approves_directly;
    view! {
        <div class="card org-context" id=(!has_picker).then_some("f-parent_id") tabindex=(!has_picker).then_some("-1")>
            <dl class="facts">
                {parent_name
                    .map(|name| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, org_register.parent_chosen).to_string()}</dt>
                                <dd>{name}</dd>
                            </div>
                        }
                    })} <div>
                    <dt>{move || t_string!(i18n, org_register.level_info).to_string()}</dt>
                    <dd id="new-level">{ctx.level_name.clone()}</dd>
                </div>
            </dl>
            {if !ctx.parent_open {
                view! {
                    <p class="banner banner-warning">
                        {move || t_string!(i18n, org_register.parent_closed).to_string()}
                    </p>
                }
                    .into_any()
            } else if direct {
                view! {
                    <p class="banner banner-success">
                        {move || t_string!(i18n, org_register.approves_directly).to_string()}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="banner banner-info">{move || t_string!(i18n, org_register.goes_to_review).to_string()}</p>
                }
                    .into_any()
            }}
            {(!has_picker).then(|| view! { <p class="field-error">{move || parent_error.get()}</p> })}
        </div>
    }
}
