//! A queue of pending items that staff decide on: approve at once, or decline with a reason the
//! other side is shown. Registrations, join applications and activity sign-ups are all this.
//!
//! Every step is a plain form, so it works before the WASM has arrived (or without JavaScript):
//! approving posts the server function; "decline" is a GET to this page with `?decline={id}`,
//! which renders that item's reason form (page state in the address, drawn by the server); the
//! reason form posts the server function, and "cancel" is a GET back without the parameter.
//! leptos_axum answers such a post with a redirect back to the page; a refusal comes back as
//! `?__err=` and is this queue's action's value from the start, so the server's page shows it.
//! With JavaScript the same forms run in place: "decline" and "cancel" open and close the reason
//! form without a request (router navigation to the same page panicked in the WASM), the reason
//! is checked before anything is sent, the decided item leaves the list, and focus moves to the
//! status line that says so.
//!
//! The server function takes the item's id under `id_field`, `approve: bool` and `reason`, and
//! uses the default (form-encoded) input, e.g.
//!
//! ```ignore
//! #[server(endpoint = "orgs/decide-application")]
//! pub async fn decide_application(membership_id: i64, approve: bool, reason: String) -> Result<(), AppError>
//!
//! // inside the page's <Transition>, once the pending items are loaded:
//! <DecisionQueue
//!     items
//!     key=|a: &Application| a.id
//!     id_field="membership_id"
//!     action=ServerAction::<DecideApplication>::new()   // one per page: `?__err=` names it
//!     card=application_card                             // fn(Application) -> AnyView: title and facts
//!     card_class="card application-card"
//!     texts=QueueTexts { approve: .., decline: .., prompt: .., reason: .., confirm: .., cancel: .., empty: .. }
//!     done=|i18n, a, approved| ...                      // "已同意 李芳 加入。"
//!     status_id="manage-status"
//!     on_decided=Callback::new(|id| ..)                  // optional: refresh counts elsewhere
//! />
//! ```
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{invalid_text, show_error, FormMessage};
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::server_fn::{client::Client, codec::PostUrl, request::ClientReq, Http, ServerFn};
use leptos_i18n::I18nContext;
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;

/// Maximum length of a decision reason (what the servers accept).
pub const REASON_MAX: u32 = 200;

/// The address parameter that names the item whose decline form is open.
const DECLINE: &str = "decline";

/// The page's query parameters with `key` set to `value` (or removed), leaving out a previous
/// post's error (`__err`, `__path`), as pairs for hidden inputs.
pub fn state_params(query: &ParamsMap, key: &str, value: Option<String>) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = query
        .into_iter()
        .filter(|(k, _)| {
            let k: &str = k;
            k != key && k != "__err" && k != "__path"
        })
        .map(|(k, v)| (k.to_string(), v.to_owned()))
        .collect();
    if let Some(value) = value {
        params.push((key.to_owned(), value));
    }
    params
}

/// Follows a form's action: a refusal goes through `show_error` to `errors` (under the fields) and
/// `banner`, clearing `success`; a success clears both and runs `on_ok`. A refusal that came back
/// to a post without JavaScript (`?__err=`) is the action's value from the start, so it is shown
/// at once, and the server's page has it too.
pub fn follow_action<S>(
    action: ServerAction<S>,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
    success: RwSignal<Option<String>>,
    on_ok: impl Fn() + 'static,
) where
    S: ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    if let Some(Err(e)) = action.value().get_untracked() {
        show_error(i18n, &e, errors, banner);
    }
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            errors.set(FieldErrors::new());
            banner.set(None);
            on_ok();
        }
        Some(Err(e)) => {
            success.set(None);
            show_error(i18n, &e, errors, banner);
        }
        None => {}
    });
}

/// A button that changes page state kept in the address (which confirmation is open): without
/// JavaScript a GET form to this page carrying the other parameters; with it, `on_press` changes
/// the same state in place (no navigation, so nothing reloads or scrolls).
#[component]
pub fn StateButton(
    params: Vec<(String, String)>,
    label: Signal<String>,
    on_press: Callback<()>,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let press = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_press.run(());
    };
    view! {
        <form class="state-form" method="get" action=path on:submit=press>
            {params
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <button type="submit" class=class>
                {move || label.get()}
            </button>
        </form>
    }
}

/// Which item's confirmation is open: the address's `key` when the page is drawn, then changed
/// in place by the buttons.
pub fn open_from_address(key: &'static str) -> RwSignal<Option<i64>> {
    let query = use_query_map();
    RwSignal::new(query.with_untracked(|q| q.get(key).and_then(|v| v.parse::<i64>().ok())))
}

/// The reason step of a refusal: a prompt, the reason field (`f-reason`, so a refusal's field
/// error lands there and takes focus), the confirming button and "cancel". Posts `fields` and
/// `reason` to `action`. With JavaScript a missing or too long reason is refused before anything
/// is sent; `on_confirm` runs just before a post that passes.
#[component]
pub fn ReasonForm<S, P>(
    action: ServerAction<S>,
    /// Hidden fields posted with the reason (the item's id, `approve=false`).
    fields: Vec<(&'static str, String)>,
    prompt: Signal<String>,
    reason_label: Signal<String>,
    confirm_label: Signal<String>,
    cancel_label: Signal<String>,
    /// The page's parameters without the open confirmation, for "cancel".
    cancel: Vec<(String, String)>,
    on_cancel: Callback<()>,
    /// Field errors of the post (only `reason` is shown here).
    errors: RwSignal<FieldErrors>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] on_confirm: Option<Callback<()>>,
) -> impl IntoView
where
    S: DeserializeOwned + ServerFn<Protocol = Http<PostUrl, P>> + Clone + Send + Sync + 'static,
    <<S::Client as Client<S::Error>>::Request as ClientReq<S::Error>>::FormData: From<web_sys::FormData>,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
    <S as ServerFn>::Client: Client<<S as ServerFn>::Error>,
    P: 'static,
{
    let i18n = use_i18n();
    let area = NodeRef::<leptos::html::Textarea>::new();
    // Opened in place (with JavaScript): the reason is what to fill in next.
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
        }
    });
    let error = move || errors.with(|e| e.get("reason")).map(|invalid| invalid_text(i18n, invalid));
    let check = move |ev: leptos::ev::MouseEvent| {
        let value = area.get_untracked().map(|el| el.value()).unwrap_or_default();
        match crate::validation::text(&value, required, REASON_MAX) {
            Ok(_) => {
                errors.set(FieldErrors::new());
                if let Some(cb) = on_confirm {
                    cb.run(());
                }
            }
            Err(invalid) => {
                ev.prevent_default();
                let mut found = FieldErrors::new();
                found.push("reason", invalid);
                errors.set(found);
                if let Some(el) = area.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };
    let form_id = format!("reason-form-{}", fields.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join("-"));
    view! {
        <div class="confirm reason-confirm" role="group" aria-labelledby="reason-prompt">
            <ActionForm action attr:id=form_id.clone()>
                {fields
                    .into_iter()
                    .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                    .collect_view()}
                <p id="reason-prompt" class="reason-prompt">
                    {move || prompt.get()}
                </p>
                <div class="field" class:field-invalid=move || error().is_some()>
                    <label for="f-reason">
                        {move || reason_label.get()}
                        {required
                            .then(|| {
                                view! {
                                    <span class="req">
                                        "*"
                                        <span class="sr-only">
                                            {move || t_string!(i18n, a11y.required).to_string()}
                                        </span>
                                    </span>
                                }
                            })}
                    </label>
                    <textarea
                        id="f-reason"
                        name="reason"
                        rows="3"
                        maxlength=REASON_MAX
                        autofocus=true
                        aria-required=required.then_some("true")
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        aria-describedby="f-reason-error"
                        node_ref=area
                    ></textarea>
                    <p class="field-error" id="f-reason-error">
                        {error}
                    </p>
                </div>
            </ActionForm>
            <div class="actions">
                <button
                    type="submit"
                    form=form_id
                    class="button danger"
                    disabled=move || action.pending().get()
                    on:click=check
                >
                    {move || confirm_label.get()}
                </button>
                <StateButton params=cancel label=cancel_label on_press=on_cancel />
            </div>
        </div>
    }
}

/// The words of one queue.
#[derive(Clone, Copy)]
pub struct QueueTexts {
    pub approve: Signal<String>,
    pub decline: Signal<String>,
    /// Above the reason field: what declining does.
    pub prompt: Signal<String>,
    pub reason: Signal<String>,
    pub confirm: Signal<String>,
    pub cancel: Signal<String>,
    /// When nothing (or nothing more) is waiting.
    pub empty: Signal<String>,
}

/// The queue: a status line, then one card per pending item with its decision. See the module
/// documentation for the server function it expects and an example.
#[component]
pub fn DecisionQueue<T, S, P>(
    items: Vec<T>,
    key: fn(&T) -> i64,
    /// The server function's argument naming the item, e.g. `membership_id`.
    id_field: &'static str,
    /// One per page: a refusal that comes back in the address names the server function only.
    action: ServerAction<S>,
    /// The item's title and facts, inside its card.
    card: fn(T) -> AnyView,
    card_class: &'static str,
    texts: QueueTexts,
    /// The sentence after a decision (shown with JavaScript): the item, and whether approved.
    done: fn(I18nContext<Locale>, &T, bool) -> String,
    /// The status line's id (it takes focus after a decision).
    status_id: &'static str,
    #[prop(optional)] on_decided: Option<Callback<i64>>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, P>, Output = (), Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    // Spelled with `AppError` rather than `S::Error`: rustc does not normalise the projection
    // inside these bounds.
    <S as ServerFn>::Client: Client<AppError>,
    <<S as ServerFn>::Client as Client<AppError>>::Request: ClientReq<AppError>,
    <<<S as ServerFn>::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData: From<web_sys::FormData>,
    P: 'static,
{
    let i18n = use_i18n();
    let query = use_query_map();
    let open = open_from_address(DECLINE);
    let items = StoredValue::new(items);
    let decided = RwSignal::new(Vec::<i64>::new());
    // The decision being posted, noted on the button's click (the form only carries strings).
    let last = StoredValue::new(None::<(i64, bool)>);
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let success = RwSignal::new(None::<String>);
    let status = NodeRef::<leptos::html::Div>::new();

    follow_action(action, errors, banner, success, move || {
        let Some((id, approved)) = last.get_value() else { return };
        decided.update(|d| d.push(id));
        success.set(items.with_value(|all| all.iter().find(|t| key(t) == id).map(|t| done(i18n, t, approved))));
        if let Some(cb) = on_decided {
            cb.run(id);
        }
        if open.get_untracked() == Some(id) {
            open.set(None);
        }
        request_animation_frame(move || {
            if let Some(el) = status.get_untracked() {
                let _ = el.focus();
            }
        });
    });

    let card_view = move |item: T| {
        let id = key(&item);
        let body = card(item);
        let decline = move || {
            let params = query.with(|q| state_params(q, DECLINE, Some(id.to_string())));
            if open.get() == Some(id) {
                view! {
                    <ReasonForm
                        action
                        fields=vec![(id_field, id.to_string()), ("approve", "false".to_owned())]
                        prompt=texts.prompt
                        reason_label=texts.reason
                        confirm_label=texts.confirm
                        cancel_label=texts.cancel
                        cancel=query.with(|q| state_params(q, DECLINE, None))
                        on_cancel=Callback::new(move |_| open.set(None))
                        errors
                        on_confirm=Callback::new(move |_| last.set_value(Some((id, false))))
                    />
                }
                .into_any()
            } else {
                view! {
                    <StateButton
                        params
                        label=texts.decline
                        on_press=Callback::new(move |_| open.set(Some(id)))
                        class="button danger"
                    />
                }
                .into_any()
            }
        };
        view! {
            <li class=card_class>
                {body} <div class="decision">
                    <ActionForm action attr:class="state-form">
                        <input type="hidden" name=id_field value=id.to_string() />
                        <input type="hidden" name="approve" value="true" />
                        <input type="hidden" name="reason" value="" />
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || action.pending().get()
                            on:click=move |_| last.set_value(Some((id, true)))
                        >
                            {move || texts.approve.get()}
                        </button>
                    </ActionForm>
                    {decline}
                </div>
            </li>
        }
    };

    view! {
        <div id=status_id tabindex="-1" node_ref=status>
            <FormMessage error=banner success=success />
        </div>
        {move || {
            let waiting: Vec<T> = items
                .with_value(|all| all.iter().filter(|t| !decided.with(|d| d.contains(&key(t)))).cloned().collect());
            if waiting.is_empty() {
                view! { <p class="empty">{move || texts.empty.get()}</p> }.into_any()
            } else {
                view! { <ul class="card-list">{waiting.into_iter().map(&card_view).collect_view()}</ul> }.into_any()
            }
        }}
    }
}
