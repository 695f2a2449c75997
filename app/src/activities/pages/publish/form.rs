//! The form itself: its fieldsets, submit and the draft / publish buttons.
use super::basic::BasicSection;
use super::conditions::ConditionsSection;
use super::contact::ContactSection;
use super::plan::PlanSection;
use super::signup::SignupSection;
use super::state::{new_input, Fields};
use super::time_place::TimePlaceSection;
use crate::activities::api::{ActivityFormContext, SaveActivity};
use crate::activities::model::ActivityStatus;
use crate::i18n::*;
use crate::ui::errors::FormMessage;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub(super) fn ActivityForm(
    ctx: ActivityFormContext,
    id: Option<i64>,
    preset_org: Option<i64>,
    preset_project: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let published = ctx.status == Some(ActivityStatus::Published);
    let confirmed = ctx.confirmed;
    let input = ctx.input.clone().unwrap_or_else(|| new_input(&ctx, preset_org, preset_project));
    let has_plan =
        [&input.purpose, &input.process, &input.support, &input.funding, &input.emergency_plan, &input.publicity]
            .iter()
            .any(|v| !v.trim().is_empty());
    let f = Fields::new(&input);
    // An edit keeps its organisation (the server refuses a move); a new one picks from the list.
    let fixed_org = ctx
        .input
        .as_ref()
        .map(|i| ctx.orgs.iter().find(|(o, _)| *o == i.org_id).map(|(_, n)| n.clone()).unwrap_or_default());
    let orgs = ctx.orgs.clone();
    let projects = StoredValue::new(ctx.projects.clone());
    let venues = StoredValue::new(ctx.venues.clone());

    let save = ServerAction::<SaveActivity>::new();
    // Which button submitted: its click runs before the form's submit event. Pressing Enter in a
    // field clicks the first button, "save draft", so a stray Enter never publishes.
    let publish_intent = StoredValue::new(false);

    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/activities/{saved}"), Default::default()),
        Some(Err(e)) => f.form.refused(&e),
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if f.form.submit() {
            save.dispatch(SaveActivity { id, input: f.snapshot(), publish: publish_intent.get_value() });
        }
    };
    let pending = save.pending();
    let button_text =
        move |label: String| if pending.get() { t_string!(i18n, publish.saving).to_string() } else { label };

    view! {
        <p class="lead">
            {move || {
                if published {
                    t_string!(i18n, publish.intro_published).to_string()
                } else {
                    t_string!(i18n, publish.intro_new).to_string()
                }
            }}
        </p>
        <FormMessage error=f.form.message() />
        <form class="form publish-form" novalidate on:submit=on_submit>
            <BasicSection f fixed_org orgs projects venues />
            <TimePlaceSection f />
            <SignupSection f published confirmed />
            <ConditionsSection f />
            <ContactSection f />
            <PlanSection f open=has_plan />
            <div class="publish-actions">
                {if published {
                    view! {
                        <p class="hint" id="publish-note">
                            {move || t_string!(i18n, publish.published_note, confirmed = confirmed).to_string()}
                        </p>
                        <div class="actions">
                            <button
                                type="submit"
                                id="save-changes"
                                class="button primary"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(false)
                            >
                                {move || button_text(t_string!(i18n, publish.save_changes).to_string())}
                            </button>
                            {id
                                .map(|id| {
                                    view! {
                                        <a class="button" href=format!("/activities/{id}")>
                                            {move || t_string!(i18n, publish.view_activity).to_string()}
                                        </a>
                                    }
                                })}
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="hint" id="publish-note">
                            {move || t_string!(i18n, publish.draft_note).to_string()}
                        </p>
                        <div class="actions">
                            <button
                                type="submit"
                                id="save-draft"
                                class="button"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(false)
                            >
                                {move || button_text(t_string!(i18n, publish.save_draft).to_string())}
                            </button>
                            <button
                                type="submit"
                                id="publish"
                                class="button primary"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(true)
                            >
                                {move || button_text(t_string!(i18n, publish.publish).to_string())}
                            </button>
                        </div>
                    }
                        .into_any()
                }}
            </div>
        </form>
    }
}
