//! The review queue pages: `/orgs/{id}/attendance/review` (the console's section for the whole
//! subtree) and `/activities/{id}/review` (one activity). Each open flag shows the person
//! (mobile masked), the activity, the kind and the evidence in words, with a note and two
//! buttons, confirm and dismiss: a plain form, so it works before (or without) the script; the
//! server answers a post without JavaScript with a redirect back, a refusal as `?__err=`.
use super::evidence::{lines, Line};
use super::{activity_review_queue, org_review_queue, Flag, ReviewFlag, ReviewQueue, NOTE_MAX};
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{ManageScope, ManageShell, Section};
use crate::ui::errors::{error_text, invalid_text, FormMessage};
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

pub fn kind_label(i18n: I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "overlap" => t_string!(i18n, review.kind_overlap).to_string(),
        "outside_fence" => t_string!(i18n, review.kind_outside_fence).to_string(),
        "impossible_travel" => t_string!(i18n, review.kind_impossible_travel).to_string(),
        "shared_device" => t_string!(i18n, review.kind_shared_device).to_string(),
        "no_checkout" => t_string!(i18n, review.kind_no_checkout).to_string(),
        "delayed" => t_string!(i18n, review.kind_delayed).to_string(),
        other => other.to_owned(),
    }
}

/// A readable name for the evidence keys the detectors write; others are shown as written.
fn key_label(i18n: I18nContext<Locale>, key: &str) -> String {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    let known = match leaf {
        "distance_m" => t_string!(i18n, review.ev_distance),
        "radius_m" => t_string!(i18n, review.ev_radius),
        "accuracy_m" => t_string!(i18n, review.ev_accuracy),
        "speed_kmh" => t_string!(i18n, review.ev_speed),
        "in_at" => t_string!(i18n, review.ev_in_at),
        "out_at" => t_string!(i18n, review.ev_out_at),
        "people" | "people_count" => t_string!(i18n, review.ev_people),
        "other_activity_id" | "activity_id" => t_string!(i18n, review.ev_activity),
        "other_title" | "title" => t_string!(i18n, review.ev_title),
        _ => return key.to_owned(),
    };
    if leaf == key {
        known.to_string()
    } else {
        format!("{} · {known}", &key[..key.len() - leaf.len() - 1])
    }
}

fn page_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())))
}

/// `/orgs/{id}/attendance/review`
#[component]
pub fn OrgReviewPage() -> impl IntoView {
    let scope = ManageScope::new();
    let data = Resource::new(
        move || scope.key(),
        |id| async move {
            match id {
                Some(id) => org_review_queue(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::AttendanceReview>
            <QueueResult data show_activity=true login=Signal::derive(String::new) />
        </ManageShell>
    }
}

/// `/activities/{id}/review`
#[component]
pub fn ActivityReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = page_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => activity_review_queue(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, review.title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page review-page">
            <h1>{move || t_string!(i18n, review.title).to_string()}</h1>
            <QueueResult
                data
                show_activity=false
                login=Signal::derive(move || format!("/activities/{}/review", id.get().unwrap_or_default()))
            />
        </section>
    }
}

#[component]
fn QueueResult(
    data: Resource<Result<ReviewQueue, AppError>>,
    show_activity: bool,
    /// Where to come back after signing in; empty where the frame sends people to sign in.
    login: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match data.get() {
                Some(Err(AppError::Unauthenticated)) if !login.get().is_empty() => {
                    let next = encode_component(&login.get());
                    view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                }
                Some(Err(AppError::Unauthenticated)) | None => ().into_any(),
                Some(Err(e)) => {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {error_text(i18n, &e)}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(queue)) => view! { <Queue queue show_activity /> }.into_any(),
            }}
        </Transition>
    }
}

#[component]
fn Queue(queue: ReviewQueue, show_activity: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ReviewFlag>::new();
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let success = RwSignal::new(None::<String>);
    // The flag being decided, noted on the button's click.
    let last = StoredValue::new(None::<(i64, bool)>);
    let reviewed = RwSignal::new(Vec::<i64>::new());
    crate::ui::decision_queue::follow_action(action, errors, banner, success, move || {
        if let Some((id, confirmed)) = last.get_value() {
            reviewed.update(|r| r.push(id));
            success.set(Some(if confirmed {
                t_string!(i18n, review.done_confirmed).to_string()
            } else {
                t_string!(i18n, review.done_dismissed).to_string()
            }));
        }
    });
    let flags = StoredValue::new(queue.flags);
    view! {
        <p class="lead">{queue.title.clone()}</p>
        <p class="hint">{move || t_string!(i18n, review.intro).to_string()}</p>
        <div id="review-status" tabindex="-1">
            <FormMessage error=banner success=success />
        </div>
        {move || {
            let open: Vec<Flag> = flags
                .with_value(|all| all.iter().filter(|f| !reviewed.with(|r| r.contains(&f.id))).cloned().collect());
            if open.is_empty() {
                view! { <p class="empty">{move || t_string!(i18n, review.empty).to_string()}</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list review-flags">
                        {open
                            .into_iter()
                            .map(|flag| view! { <FlagCard flag show_activity action errors last /> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn FlagCard(
    flag: Flag,
    show_activity: bool,
    action: ServerAction<ReviewFlag>,
    errors: RwSignal<FieldErrors>,
    last: StoredValue<Option<(i64, bool)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = flag.id;
    let note_id = format!("note-{id}");
    let note_error_id = format!("note-{id}-error");
    let described = note_error_id.clone();
    let label_for = note_id.clone();
    let kind = flag.kind.clone();
    let name = if flag.name.trim().is_empty() { flag.masked_mobile.clone() } else { flag.name.clone() };
    let evidence: Vec<Line> = lines(&flag.evidence);
    let error = move || {
        (last.get_value().map(|(i, _)| i) == Some(id))
            .then(|| errors.with(|e| e.get("note")).map(|invalid| invalid_text(i18n, invalid)))
            .flatten()
    };
    view! {
        <li class="card flag-card">
            <h2 class="card-title">
                {move || kind_label(i18n, &kind)}" · "{name}" "<span class="muted">{flag.masked_mobile.clone()}</span>
            </h2>
            <dl class="facts">
                {show_activity
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, review.activity).to_string()}</dt>
                                <dd>
                                    <a href=format!(
                                        "/activities/{}/review",
                                        flag.activity_id,
                                    )>{flag.activity_title.clone()}</a>
                                    " · "
                                    {local_time(flag.activity_starts_at)}
                                </dd>
                            </div>
                        }
                    })} <div>
                    <dt>{move || t_string!(i18n, review.flagged_at).to_string()}</dt>
                    <dd>{local_time(flag.created_at)}</dd>
                </div>
            </dl>
            <h3 class="evidence-title">{move || t_string!(i18n, review.evidence).to_string()}</h3>
            <dl class="facts evidence">
                {evidence
                    .into_iter()
                    .map(|line| {
                        let key = line.key.clone();
                        view! {
                            <div>
                                <dt>{move || key_label(i18n, &key)}</dt>
                                <dd>{line.value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
            <ActionForm action attr:class="form review-form">
                <input type="hidden" name="flag_id" value=id.to_string() />
                <div class="field" class:field-invalid=move || error().is_some()>
                    <label for=label_for>
                        {move || t_string!(i18n, review.note).to_string()}
                        <span class="req">
                            "*" <span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                        </span>
                    </label>
                    <textarea
                        id=note_id
                        name="note"
                        rows="2"
                        maxlength=NOTE_MAX
                        aria-required="true"
                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                        aria-describedby=described
                    ></textarea>
                    <p class="field-error" id=note_error_id>
                        {error}
                    </p>
                </div>
                <div class="actions">
                    <button
                        type="submit"
                        name="decision"
                        value="confirmed"
                        class="button danger"
                        disabled=move || action.pending().get()
                        on:click=move |_| last.set_value(Some((id, true)))
                    >
                        {move || t_string!(i18n, review.confirm).to_string()}
                    </button>
                    <button
                        type="submit"
                        name="decision"
                        value="dismissed"
                        class="button"
                        disabled=move || action.pending().get()
                        on:click=move |_| last.set_value(Some((id, false)))
                    >
                        {move || t_string!(i18n, review.dismiss).to_string()}
                    </button>
                </div>
            </ActionForm>
        </li>
    }
}
