//! The volunteer's own memberships (F-14): invitations to answer (see `invitations.rs`), then current ones, with what can be done about
//! each (withdraw an application, leave, ask to move to another organisation), then the history
//! with the reasons organisations gave. Withdrawing and leaving are plain forms (leaving asks for
//! confirmation with `?leave={id}` in the address), so they work before the page's script has
//! loaded; moving to another organisation searches the directory and needs the script.
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::membership::{my_memberships, LeaveOrg, RequestTransfer};
use crate::orgs::pages::directory::OrgPicker;
use crate::orgs::pages::invitations::Invitations;
use crate::orgs::views::{MembershipStatus, MyMembership};
use crate::ui::decision_queue::{follow_action, open_from_address, state_params, ReasonForm, StateButton};
use crate::ui::errors::LoginRequired;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::ui::format::local_date;
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

pub(crate) fn membership_status_text(i18n: I18nContext<Locale>, status: MembershipStatus) -> String {
    match status {
        MembershipStatus::Pending => t_string!(i18n, my_orgs.status_pending).to_string(),
        MembershipStatus::Active => t_string!(i18n, my_orgs.status_active).to_string(),
        MembershipStatus::Declined => t_string!(i18n, my_orgs.status_declined).to_string(),
        MembershipStatus::Withdrawn => t_string!(i18n, my_orgs.status_withdrawn).to_string(),
        MembershipStatus::Left => t_string!(i18n, my_orgs.status_left).to_string(),
        MembershipStatus::Removed => t_string!(i18n, my_orgs.status_removed).to_string(),
        MembershipStatus::Transferred => t_string!(i18n, my_orgs.status_transferred).to_string(),
    }
}

#[component]
pub fn MyOrgsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Bumped after each change, to read the list again. The list depends on nothing else: a
    // signed-out visitor gets `Unauthenticated` and the login link.
    let version = RwSignal::new(0u32);
    let list = Resource::new(move || version.get(), |_| async move { my_memberships().await.map(Some) });
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let ctx = Ctx {
        version,
        banner,
        done,
        leave: ServerAction::<LeaveOrg>::new(),
        leaving: open_from_address(LEAVE),
        leave_errors: RwSignal::new(FieldErrors::new()),
        ended: StoredValue::new(None),
    };
    follow_action(ctx.leave, ctx.leave_errors, banner, done, move || {
        done.set(Some(if ctx.ended.get_value() == Some(MembershipStatus::Pending) {
            t_string!(i18n, my_orgs.withdrawn).to_string()
        } else {
            t_string!(i18n, my_orgs.left).to_string()
        }));
        version.update(|v| *v += 1);
        ctx.leaving.set(None);
    });
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, my_orgs.title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, my_orgs.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, my_orgs.intro).to_string()}</p>
            <FormMessage error=banner success=done />
            <Invitations version banner done />
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match list.get() {
                    Some(Err(AppError::Unauthenticated)) => view! { <LoginRequired next="/me/orgs" /> }.into_any(),
                    Some(Err(e)) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                    Some(Ok(Some(items))) => view! { <Memberships items ctx /> }.into_any(),
                    _ => ().into_any(),
                }}
            </Transition>
            <p class="actions">
                <a class="button" href="/orgs">
                    {move || t_string!(i18n, my_orgs.find_more).to_string()}
                </a>
            </p>
        </section>
    }
}

/// The address parameter naming the membership whose "leave" confirmation is open.
const LEAVE: &str = "leave";

/// What a card needs from the page: the list to refresh, the page's message slots, and leaving
/// (one action for the page: a refusal that comes back in the address names the server
/// function only).
#[derive(Clone, Copy)]
struct Ctx {
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
    leave: ServerAction<LeaveOrg>,
    /// The membership whose confirmation is open (`?leave={id}`).
    leaving: RwSignal<Option<i64>>,
    leave_errors: RwSignal<FieldErrors>,
    /// The status of the membership being ended, noted on the click (withdrawn or left?).
    ended: StoredValue<Option<MembershipStatus>>,
}

#[component]
fn Memberships(items: Vec<MyMembership>, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty">{move || t_string!(i18n, my_orgs.empty).to_string()}</p> }.into_any();
    }
    // The server lists newest first; current ones (pending or active) go on top.
    let (current, past): (Vec<_>, Vec<_>) = items.into_iter().partition(|m| m.status.is_open());
    view! {
        {(!current.is_empty())
            .then(|| {
                view! {
                    <h2>{move || t_string!(i18n, my_orgs.current_heading).to_string()}</h2>
                    <ul class="org-list">
                        {current.into_iter().map(|m| view! { <MembershipCard m ctx /> }).collect_view()}
                    </ul>
                }
            })}
        {(!past.is_empty())
            .then(|| {
                view! {
                    <h2>{move || t_string!(i18n, my_orgs.past_heading).to_string()}</h2>
                    <ul class="org-list">
                        {past.into_iter().map(|m| view! { <MembershipCard m ctx /> }).collect_view()}
                    </ul>
                }
            })}
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Transfer,
}

#[component]
fn MembershipCard(m: MyMembership, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let id = m.id;
    let status = m.status;
    let org_name = m.org_name.clone();
    let leave = ctx.leave;
    let transfer = ServerAction::<RequestTransfer>::new();
    let panel = RwSignal::new(Panel::None);
    let target = RwSignal::new(None::<(i64, String)>);
    let pick_error = RwSignal::new(None::<String>);

    Effect::new(move |_| match transfer.value().get() {
        Some(Ok(_)) => {
            ctx.banner.set(None);
            ctx.done.set(Some(t_string!(i18n, my_orgs.transferred).to_string()));
            ctx.version.update(|v| *v += 1);
        }
        Some(Err(e)) => {
            ctx.done.set(None);
            ctx.banner.set(Some(error_text(i18n, &e)));
        }
        None => {}
    });

    let joined_shown = matches!(
        status,
        MembershipStatus::Active | MembershipStatus::Left | MembershipStatus::Removed | MembershipStatus::Transferred
    );
    let reason_text = m.reason.trim().to_string();
    let reason_view = (!reason_text.is_empty())
        .then(|| {
            let heading = move || match status {
                MembershipStatus::Declined => Some(t_string!(i18n, my_orgs.reason_declined).to_string()),
                MembershipStatus::Removed => Some(t_string!(i18n, my_orgs.reason_removed).to_string()),
                MembershipStatus::Left | MembershipStatus::Withdrawn => {
                    Some(t_string!(i18n, my_orgs.reason_left).to_string())
                }
                MembershipStatus::Transferred => Some(t_string!(i18n, my_orgs.transferred_to).to_string()),
                _ => None,
            };
            heading().map(|_| {
                view! {
                    <div class="reason">
                        <h4>{move || heading().unwrap_or_default()}</h4>
                        <p class="prewrap">{reason_text.clone()}</p>
                    </div>
                }
            })
        })
        .flatten();
    let confirm_org = StoredValue::new(org_name.clone());
    let address = use_query_map();
    let busy = move || leave.pending().get() || transfer.pending().get();

    view! {
        <li class="card membership-card">
            <h3 class="card-title">
                <a href=format!("/orgs/{}", m.org_id)>{org_name.clone()}</a>
            </h3>
            <p class="status-line">
                <span class="status-label">{move || t_string!(i18n, my_orgs.status_label).to_string()}</span>
                <span class=format!(
                    "badge badge-{}",
                    status.code(),
                )>{move || membership_status_text(i18n, status)}</span>
            </p>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, my_orgs.requested_at).to_string()}</dt>
                    <dd>{local_date(m.requested_at)}</dd>
                </div>
                {m
                    .joined_at
                    .filter(|_| joined_shown)
                    .map(|at| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, my_orgs.joined_at).to_string()}</dt>
                                <dd>{local_date(at)}</dd>
                            </div>
                        }
                    })}
                {m
                    .ended_at
                    .filter(|_| !status.is_open())
                    .map(|at| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, my_orgs.ended_at).to_string()}</dt>
                                <dd>{local_date(at)}</dd>
                            </div>
                        }
                    })}
                {m
                    .transfer_from_org
                    .clone()
                    .filter(|_| status == MembershipStatus::Pending)
                    .map(|from| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, my_orgs.transfer_from).to_string()}</dt>
                                <dd>{from}</dd>
                            </div>
                        }
                    })}
            </dl>
            {reason_view}
            {match status {
                MembershipStatus::Pending => {
                    view! {
                        <div class="actions">
                            <ActionForm action=leave attr:class="state-form">
                                <input type="hidden" name="membership_id" value=id.to_string() />
                                <input type="hidden" name="reason" value="" />
                                <button
                                    type="submit"
                                    class="button"
                                    disabled=busy
                                    on:click=move |_| ctx.ended.set_value(Some(status))
                                >
                                    {move || t_string!(i18n, my_orgs.withdraw).to_string()}
                                </button>
                            </ActionForm>
                        </div>
                    }
                        .into_any()
                }
                MembershipStatus::Active => {
                    view! {
                        <Show when=move || panel.get() == Panel::None && ctx.leaving.get() != Some(id) fallback=|| ()>
                            <div class="actions">
                                <button type="button" class="button" on:click=move |_| panel.set(Panel::Transfer)>
                                    {move || t_string!(i18n, my_orgs.transfer).to_string()}
                                </button>
                                <StateButton
                                    params=address.with(|q| state_params(q, LEAVE, Some(id.to_string())))
                                    label=text(move || t_string!(i18n, my_orgs.leave).to_string())
                                    on_press=Callback::new(move |_| ctx.leaving.set(Some(id)))
                                    class="button danger"
                                />
                            </div>
                        </Show>
                        <Show when=move || ctx.leaving.get() == Some(id) fallback=|| ()>
                            <ReasonForm
                                action=leave
                                fields=vec![("membership_id", id.to_string())]
                                prompt=text(move || {
                                    t_string!(i18n, my_orgs.leave_confirm, org = confirm_org.get_value()).to_string()
                                })
                                reason_label=text(move || t_string!(i18n, my_orgs.leave_reason).to_string())
                                confirm_label=text(move || t_string!(i18n, my_orgs.leave_confirm_button).to_string())
                                cancel_label=text(move || t_string!(i18n, my_orgs.cancel).to_string())
                                cancel=address.with(|q| state_params(q, LEAVE, None))
                                on_cancel=Callback::new(move |_| ctx.leaving.set(None))
                                errors=ctx.leave_errors
                                required=false
                                on_confirm=Callback::new(move |_| ctx.ended.set_value(Some(status)))
                            />
                        </Show>
                        <Show when=move || panel.get() == Panel::Transfer fallback=|| ()>
                            <div
                                class="confirm transfer-panel"
                                role="group"
                                aria-label=move || t_string!(i18n, my_orgs.transfer).to_string()
                            >
                                <OrgPicker
                                    name=format!("transfer-{id}")
                                    legend=text(move || t_string!(i18n, my_orgs.transfer).to_string())
                                    search_label=text(move || t_string!(i18n, my_orgs.transfer_search).to_string())
                                    selected=target
                                    exclude=m.org_id
                                    error=Signal::derive(move || pick_error.get())
                                />
                                <button
                                    type="button"
                                    class="button primary"
                                    disabled=busy
                                    on:click=move |_| match target.get_untracked() {
                                        Some((to, _)) => {
                                            pick_error.set(None);
                                            transfer
                                                .dispatch(RequestTransfer {
                                                    membership_id: id,
                                                    to_org_id: to,
                                                });
                                        }
                                        None => pick_error.set(Some(t_string!(i18n, my_orgs.transfer_pick).to_string())),
                                    }
                                >
                                    {move || t_string!(i18n, my_orgs.transfer_submit).to_string()}
                                </button>
                                <button type="button" class="button" on:click=move |_| panel.set(Panel::None)>
                                    {move || t_string!(i18n, my_orgs.cancel).to_string()}
                                </button>
                            </div>
                        </Show>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </li>
    }
}
