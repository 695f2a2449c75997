//! Account closures waiting to be completed, oldest first. Completing one cannot be undone, so
//! it takes a second, explicit confirmation that says what will happen.
use super::{card_list, person_facts, ConfirmedButton, PlatformShell, Section};
use crate::i18n::*;
use crate::platform::api::{list_closures, CompleteClosure};
use crate::platform::model::ClosureRow;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::ui::format::local_time;
use leptos::prelude::*;

#[component]
pub fn ClosuresPage() -> impl IntoView {
    let i18n = use_i18n();
    let complete = ServerAction::<CompleteClosure>::new();
    let list = Resource::new(move || complete.version().get(), |_| list_closures());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| match complete.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            done.set(Some(t_string!(i18n, platform.closures.done).to_string()));
        }
        Some(Err(e)) => {
            done.set(None);
            banner.set(Some(error_text(i18n, &e)));
        }
        None => {}
    });
    view! {
        <PlatformShell section=Section::Closures>
            <p class="lead">{move || t_string!(i18n, platform.closures.intro).to_string()}</p>
            <div id="platform-status" tabindex="-1">
                <FormMessage error=banner success=done />
            </div>
            {card_list(
                list,
                "closure-list",
                Some(Signal::derive(move || t_string!(i18n, platform.closures.empty).to_string())),
                move |row| view! { <ClosureCard row complete /> },
            )}
        </PlatformShell>
    }
}

#[component]
fn ClosureCard(row: ClosureRow, complete: ServerAction<CompleteClosure>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = if row.name.is_empty() { row.volunteer_no.clone() } else { row.name.clone() };
    let question = {
        let shown = shown.clone();
        text(move || t_string!(i18n, platform.closures.confirm_text, name = shown.clone()).to_string())
    };
    let target = row.volunteer_no.clone();
    let on_confirm = Callback::new(move |_| {
        complete.dispatch(CompleteClosure { volunteer_no: target.clone() });
    });
    view! {
        <li class="card">
            <p class="card-title">{shown}</p>
            <dl class="facts">
                {person_facts(i18n, row.volunteer_no, row.mobile_masked)} <div>
                    <dt>{move || t_string!(i18n, platform.closures.requested_at).to_string()}</dt>
                    <dd>{local_time(row.requested_at)}</dd>
                </div>
            </dl>
            <ConfirmedButton
                label=text(move || t_string!(i18n, platform.closures.complete).to_string())
                question
                confirm_label=text(move || t_string!(i18n, platform.closures.confirm).to_string())
                pending=complete.pending()
                on_confirm
            />
        </li>
    }
}
