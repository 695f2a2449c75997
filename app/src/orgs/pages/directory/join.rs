//! Joining an organisation from its page.
use crate::error::{AppError, Refusal};
use crate::i18n::*;
use crate::orgs::membership::ApplyToJoin;
use crate::orgs::views::{MembershipStatus, OrgViewer};
use crate::ui::errors::error_text;
use crate::ui::light::IslandSpec;
use leptos::form::ActionForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The join panel's island (organisation pages are light pages).
#[derive(Clone, Serialize, Deserialize)]
pub struct JoinProps {
    pub org_id: i64,
    pub approved: bool,
    pub viewer: OrgViewer,
}

impl IslandSpec for JoinProps {
    const NAME: &'static str = "join";

    fn view(self) -> AnyView {
        view! { <JoinPanel org_id=self.org_id approved=self.approved viewer=self.viewer /> }.into_any()
    }
}

/// What the viewer can do about joining: log in, see their status, or apply.
#[component]
fn JoinPanel(org_id: i64, approved: bool, viewer: OrgViewer) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyToJoin>::new();
    let status = move || match apply.value().get() {
        Some(Ok(_)) => Some(MembershipStatus::Pending),
        _ => viewer.membership,
    };
    let status_text = move |s: MembershipStatus| match s {
        MembershipStatus::Active => t_string!(i18n, orgs.state_active).to_string(),
        _ => t_string!(i18n, orgs.state_pending).to_string(),
    };
    let signed_in = viewer.signed_in;
    view! {
        <div class="join-panel" aria-live="polite">
            {move || {
                if !signed_in {
                    if !approved {
                        return ().into_any();
                    }
                    return view! {
                        <a class="button primary" href=format!("/login?next=/orgs/{org_id}")>
                            {move || t_string!(i18n, orgs.login_to_join).to_string()}
                        </a>
                    }
                        .into_any();
                }
                if let Some(s) = status() {
                    let just_applied = matches!(apply.value().get(), Some(Ok(_)));
                    return view! {
                        {just_applied
                            .then(|| {
                                view! {
                                    <p class="banner banner-success">
                                        {move || t_string!(i18n, orgs.applied).to_string()}
                                    </p>
                                }
                            })}
                        <p class="status-line">
                            <span class=format!(
                                "badge badge-{}",
                                s.code(),
                            )>{move || t_string!(i18n, orgs.member_status, status = status_text(s)).to_string()}</span>
                        </p>
                        <a href="/me/orgs">{move || t_string!(i18n, orgs.my_orgs_link).to_string()}</a>
                    }
                        .into_any();
                }
                if !approved {
                    return view! { <p class="hint">{move || t_string!(i18n, orgs.not_open).to_string()}</p> }
                        .into_any();
                }
                view! {
                    <ActionForm action=apply>
                        <input type="hidden" name="org_id" value=org_id.to_string() />
                        <button type="submit" class="button primary" disabled=move || apply.pending().get()>
                            {move || {
                                if apply.pending().get() {
                                    t_string!(i18n, orgs.applying).to_string()
                                } else {
                                    t_string!(i18n, orgs.apply).to_string()
                                }
                            }}
                        </button>
                    </ActionForm>
                    {move || {
                        apply
                            .value()
                            .get()
                            .and_then(Result::err)
                            .map(|e| {
                                let incomplete = matches!(e, AppError::Refused(Refusal::ProfileIncomplete));
                                view! {
                                    <div class="banner banner-error" role="alert">
                                        <p>{error_text(i18n, &e)}</p>
                                        {incomplete
                                            .then(|| {
                                                view! {
                                                    <a href="/me/profile">
                                                        {move || t_string!(i18n, orgs.complete_profile).to_string()}
                                                    </a>
                                                }
                                            })}
                                    </div>
                                }
                            })
                    }}
                }
                    .into_any()
            }}
        </div>
    }
}
