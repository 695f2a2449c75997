//! Choosing an organisation by searching the directory (a parent to register under, an
//! organisation to move to).
use crate::i18n::*;
use crate::orgs::api::list_orgs;
use crate::orgs::views::{OrgQuery, OrgSummary};
use crate::ui::errors::error_text;
use leptos::prelude::*;

/// A search box over the directory with the results as radio buttons; for choosing a parent
/// organisation or the organisation to move to. Not a form of its own (it sits inside forms):
/// Enter in the search box searches instead of submitting the surrounding form.
#[component]
pub(crate) fn OrgPicker(
    /// The id stem: the fieldset is `f-{name}` (so a field error can focus it).
    name: String,
    legend: Signal<String>,
    search_label: Signal<String>,
    selected: RwSignal<Option<(i64, String)>>,
    #[prop(optional)] exclude: Option<i64>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let keyword = RwSignal::new(String::new());
    let search = Action::new(move |q: &String| {
        let query = OrgQuery { q: q.clone(), ..Default::default() };
        async move { list_orgs(query).await }
    });
    let run = move || {
        let q = keyword.get_untracked();
        search.dispatch(q.trim().to_owned());
    };
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let input_id = format!("{name}-search");
    let label_for = input_id.clone();
    let hint_id = format!("{name}-search-hint");
    let error_id = format!("f-{name}-error");
    let described_by = error_id.clone();
    let radio_name = format!("{name}-choice");
    view! {
        <fieldset
            class="field org-picker"
            id=format!("f-{name}")
            tabindex="-1"
            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
            aria-describedby=described_by
        >
            <legend>{move || legend.get()}</legend>
            <label for=label_for>{move || search_label.get()}</label>
            <p class="hint" id=hint_id.clone()>
                {move || t_string!(i18n, org_register.parent_search_hint).to_string()}
            </p>
            <div class="picker-row">
                <input
                    id=input_id
                    type="search"
                    maxlength=crate::validation::MAX_KEYWORD_CHARS
                    aria-describedby=hint_id
                    prop:value=move || keyword.get()
                    on:input=move |ev| keyword.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            run();
                        }
                    }
                />
                <button type="button" class="button" on:click=move |_| run() disabled=move || search.pending().get()>
                    {move || {
                        if search.pending().get() {
                            t_string!(i18n, org_register.searching).to_string()
                        } else {
                            t_string!(i18n, org_register.search).to_string()
                        }
                    }}
                </button>
            </div>
            <div aria-live="polite">
                {move || {
                    search
                        .value()
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(page) => {
                                let items: Vec<OrgSummary> = page
                                    .items
                                    .into_iter()
                                    .filter(|o| Some(o.id) != exclude)
                                    .collect();
                                if items.is_empty() {
                                    return view! {
                                        <p class="empty">
                                            {move || t_string!(i18n, org_register.no_results).to_string()}
                                        </p>
                                    }
                                        .into_any();
                                }
                                let radio_name = radio_name.clone();
                                view! {
                                    <div
                                        class="picker-results"
                                        role="radiogroup"
                                        aria-label=move || t_string!(i18n, org_register.results_legend).to_string()
                                    >
                                        {items
                                            .into_iter()
                                            .map(|org| {
                                                let id = org.id;
                                                let chosen_name = org.name.clone();
                                                let radio_id = format!("{radio_name}-{id}");
                                                let label_for = radio_id.clone();
                                                view! {
                                                    <label class="check picker-option" for=label_for>
                                                        <input
                                                            type="radio"
                                                            id=radio_id
                                                            name=radio_name.clone()
                                                            value=id.to_string()
                                                            prop:checked=move || {
                                                                selected.with(|s| s.as_ref().map(|(i, _)| *i) == Some(id))
                                                            }
                                                            on:change=move |_| {
                                                                selected.set(Some((id, chosen_name.clone())))
                                                            }
                                                        />
                                                        <span>
                                                            {org.name.clone()}
                                                            <span class="picker-meta">
                                                                {format!(" · {} · {}", org.level_name, org.region)}
                                                            </span>
                                                        </span>
                                                    </label>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
            <p class="field-error" id=error_id>
                {move || error.get()}
            </p>
        </fieldset>
    }
}
