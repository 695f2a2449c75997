//! The invitations on "my organisations" (issue 11 item 1): an organisation that imported a row
//! matching this person asks them to join; they accept or decline. Each answer is a plain form,
//! so it works before the page's script has loaded; a refusal (the membership limit, a profile
//! still to complete) comes back in the page's message slot.
use crate::i18n::*;
use crate::orgs::invitations::{my_invitations, AnswerInvitation, Invitation};
use crate::ui::decision_queue::follow_action;
use crate::ui::format::local_date;
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The open invitations, read again whenever `version` changes; an answer bumps it (an accepted
/// invitation becomes a membership in the list below) and sets the page's message.
#[component]
pub fn Invitations(
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(move || version.get(), |_| async move { my_invitations().await });
    let answer = ServerAction::<AnswerInvitation>::new();
    let accepted = StoredValue::new(true);
    follow_action(answer, RwSignal::new(FieldErrors::new()), banner, done, move || {
        done.set(Some(if accepted.get_value() {
            t_string!(i18n, my_orgs.invitation_accepted).to_string()
        } else {
            t_string!(i18n, my_orgs.invitation_declined).to_string()
        }));
        version.update(|v| *v += 1);
    });
    view! {
        <Transition fallback=|| ()>
            {move || match list.get() {
                Some(Ok(items)) if !items.is_empty() => {
                    // Signed out or failed: the memberships list below says so once.
                    view! {
                        <h2>{move || t_string!(i18n, my_orgs.invitations_heading).to_string()}</h2>
                        <ul class="org-list">
                            {items
                                .into_iter()
                                .map(|invitation| view! { <InvitationCard invitation answer accepted /> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </Transition>
    }
}

#[component]
fn InvitationCard(
    invitation: Invitation,
    answer: ServerAction<AnswerInvitation>,
    accepted: StoredValue<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = invitation.id.to_string();
    let busy = move || answer.pending().get();
    let form = |accept: bool| {
        let id = id.clone();
        let label = move || {
            if accept {
                t_string!(i18n, my_orgs.invitation_accept).to_string()
            } else {
                t_string!(i18n, my_orgs.invitation_decline).to_string()
            }
        };
        view! {
            <ActionForm action=answer attr:class="state-form">
                <input type="hidden" name="invitation_id" value=id />
                <input type="hidden" name="accept" value=accept.to_string() />
                <button
                    type="submit"
                    class=if accept { "button primary" } else { "button" }
                    disabled=busy
                    on:click=move |_| accepted.set_value(accept)
                >
                    {label}
                </button>
            </ActionForm>
        }
    };
    view! {
        <li class="card membership-card invitation-card">
            <h3 class="card-title">
                <a href=format!("/orgs/{}", invitation.org_id)>{invitation.org_name.clone()}</a>
            </h3>
            <p>{move || t_string!(i18n, my_orgs.invitation_text).to_string()}</p>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, my_orgs.invited_at).to_string()}</dt>
                    <dd>{local_date(invitation.created_at)}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, my_orgs.invitation_expires).to_string()}</dt>
                    <dd>{local_date(invitation.expires_at)}</dd>
                </div>
            </dl>
            <div class="actions">{form(true)} {form(false)}</div>
        </li>
    }
}
