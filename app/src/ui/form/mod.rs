//! One form's state: its fields, its error set, its banner and the validator both sides share.
//!
//! A [`Field`] is made by its form under the name the validator and the server use
//! (`form.text("title", …)`), and carries that name with its value, its message and its blur
//! check, so the markup, the check and the message slot cannot disagree about a name. The form
//! runs one validator (the model's own, the one the server function runs) on blur, on submit and
//! while messages are on screen; refusals from the server land under the same fields.
mod bound;
#[cfg(test)]
mod tests;

pub use bound::{BoundArea, BoundChecks, BoundChoice, BoundSelect, BoundText, BoundToggle};

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, invalid_text};
use crate::ui::fields::focus_first_error;
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use std::sync::Arc;

type Validator = Arc<dyn Fn() -> FieldErrors + Send + Sync>;
type Reveal = Arc<dyn Fn(&FieldErrors) + Send + Sync>;

/// What the form knows besides its signals: the validator, the fields to watch and the step that
/// uncovers a hidden field before focus moves to it.
#[derive(Default)]
struct Rules {
    validate: Option<Validator>,
    reveal: Option<Reveal>,
    names: Vec<&'static str>,
    watch: Vec<Arc<dyn Fn() + Send + Sync>>,
}

/// The form-level message: a count from the browser's own check, a server refusal (both kept as
/// data and put into words where shown, so they follow a change of language), or a sentence the
/// page says itself.
#[derive(Clone, Debug, PartialEq)]
enum Banner {
    Summary(usize),
    Refused(AppError),
    Said(String),
}

/// The state one form shares across its fields: the messages shown, the banner and the rules.
#[derive(Clone, Copy)]
pub struct Form {
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<Banner>>,
    rules: StoredValue<Rules>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    pub fn new() -> Self {
        Form {
            errors: RwSignal::new(FieldErrors::new()),
            banner: RwSignal::new(None),
            rules: StoredValue::new(Rules::default()),
        }
    }

    /// A field holding `value`, named as the validator and the server name it.
    pub fn field<T: Send + Sync + 'static>(&self, name: &'static str, value: T) -> Field<T> {
        let value = RwSignal::new(value);
        self.rules.update_value(|r| r.watch.push(Arc::new(move || value.track())));
        Field { slot: self.slot(name), value }
    }

    pub fn text(&self, name: &'static str, value: impl Into<String>) -> Field<String> {
        self.field(name, value.into())
    }

    /// An error slot with no value of its own, for a message about several inputs (the region
    /// over province, city and county; the coordinates over latitude and longitude).
    pub fn slot(&self, name: &'static str) -> Slot {
        self.rules.update_value(|r| r.names.push(name));
        Slot { name, form: *self }
    }

    /// Sets the one validator (the model's, shared with the server) and keeps the messages on
    /// screen in step with the values as they are typed: a fixed field's message goes, and a
    /// dependent one (an end "before the start") follows its cause, without waiting for the
    /// blur, where the collapsing message would move the page under the person's finger.
    pub fn checked_by(&self, validate: impl Fn() -> FieldErrors + Send + Sync + 'static) {
        self.rules.update_value(|r| r.validate = Some(Arc::new(validate)));
        let form = *self;
        Effect::new(move |_| {
            let watch = form.rules.with_value(|r| r.watch.clone());
            watch.iter().for_each(|track| track());
            if form.errors.with_untracked(|e| !e.is_empty()) {
                form.recheck(None);
            }
        });
    }

    /// Runs before focus moves to the first error, to uncover it (a folded `<details>`).
    pub fn reveal_with(&self, reveal: impl Fn(&FieldErrors) + Send + Sync + 'static) {
        self.rules.update_value(|r| r.reveal = Some(Arc::new(reveal)));
    }

    /// Every refusal the browser can know about, in form order.
    pub fn validate(&self) -> FieldErrors {
        self.rules.with_value(|r| r.validate.clone()).map(|v| v()).unwrap_or_default()
    }

    /// The names of this form's fields and slots, in the order they were made.
    pub fn names(&self) -> Vec<&'static str> {
        self.rules.with_value(|r| r.names.clone())
    }

    /// Re-evaluates the messages on screen, adding `add`'s own.
    fn recheck(&self, add: Option<&str>) {
        let shown = self.errors.get_untracked();
        let next = merge(&shown, self.validate(), add);
        if next != shown {
            self.errors.set(next);
        }
    }

    /// The check before sending: `true` when the browser finds nothing; otherwise every message
    /// is shown with a count in the banner and focus goes to the first.
    pub fn submit(&self) -> bool {
        let found = self.validate();
        if found.is_empty() {
            self.errors.set(FieldErrors::new());
            self.banner.set(None);
            return true;
        }
        self.banner.set(Some(Banner::Summary(found.0.len())));
        self.show(found);
        false
    }

    /// A refusal from the server: messages about fields under those fields, and the banner.
    pub fn refused(&self, error: &AppError) {
        if let Some(fields) = error.field_errors() {
            self.show(fields.clone());
        }
        self.banner.set(Some(Banner::Refused(error.clone())));
    }

    /// A refusal the page makes itself ("choose a parent first"), with its own sentence.
    pub fn refuse(&self, errors: FieldErrors, message: String) {
        self.banner.set(Some(Banner::Said(message)));
        self.show(errors);
    }

    fn show(&self, errors: FieldErrors) {
        if let Some(reveal) = self.rules.with_value(|r| r.reveal.clone()) {
            reveal(&errors);
        }
        focus_first_error(&errors);
        self.errors.set(errors);
    }

    /// Clears every message, the banner included.
    pub fn clear(&self) {
        self.errors.set(FieldErrors::new());
        self.banner.set(None);
    }

    pub fn clear_banner(&self) {
        self.banner.set(None);
    }

    /// The banner in the current language, for [`crate::ui::errors::FormMessage`].
    pub fn message(&self) -> Signal<Option<String>> {
        let i18n = use_i18n();
        let banner = self.banner;
        Signal::derive(move || {
            banner.with(|b| {
                b.as_ref().map(|b| match b {
                    Banner::Summary(count) => t_string!(i18n, common.error_summary, count = *count).to_string(),
                    Banner::Refused(e) => error_text(i18n, e),
                    Banner::Said(message) => message.clone(),
                })
            })
        })
    }
}

/// Refusals only the server can make (a time already past by its clock, a name or ID number
/// already taken, a mobile with no account, a choice it does not allow): the browser's check
/// cannot confirm them gone, so they stay until the next submit.
fn decided_by_server(invalid: Invalid) -> bool {
    matches!(
        invalid,
        Invalid::InThePast | Invalid::NotInList | Invalid::IdTaken | Invalid::MobileNoAccount | Invalid::OrgNameTaken
    )
}

/// The messages to show next: the fresh check's, for the fields already showing one and for
/// `add`, plus what only the server could say about a field the fresh check passes.
fn merge(shown: &FieldErrors, fresh: FieldErrors, add: Option<&str>) -> FieldErrors {
    let was_shown = |name: &str| shown.0.iter().any(|e| e.field == name);
    let mut next =
        FieldErrors(fresh.0.into_iter().filter(|e| was_shown(&e.field) || add == Some(e.field.as_str())).collect());
    for e in &shown.0 {
        if decided_by_server(e.invalid) && next.get(&e.field).is_none() {
            next.0.push(e.clone());
        }
    }
    next
}

/// A named place for a message in a form.
#[derive(Clone, Copy)]
pub struct Slot {
    name: &'static str,
    form: Form,
}

impl Slot {
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// This slot's message in the current language.
    pub fn error(&self) -> Signal<Option<String>> {
        let i18n = use_i18n();
        let (errors, name) = (self.form.errors, self.name);
        Signal::derive(move || errors.with(|e| e.get(name)).map(|invalid| invalid_text(i18n, invalid)))
    }

    /// Shows this slot's own message (after a choice, which is never half made).
    pub fn check(&self) {
        self.form.recheck(Some(self.name));
    }

    /// The check as one of the slot's inputs is left: its message appears when that input is
    /// filled in; one already shown is re-evaluated either way.
    pub fn left(&self, filled: bool) {
        self.form.recheck(filled.then_some(self.name));
    }

    /// [`Slot::check`] as a callback for a component's `on_change`.
    pub fn on_check(&self) -> Callback<()> {
        let slot = *self;
        Callback::new(move |_| slot.check())
    }
}

/// What counts as "filled in" for the blur check.
pub trait Filled {
    fn filled(&self) -> bool;
}

impl Filled for String {
    fn filled(&self) -> bool {
        !self.trim().is_empty()
    }
}

impl Filled for Vec<String> {
    fn filled(&self) -> bool {
        !self.is_empty()
    }
}

/// One input's value with its name, message and check.
pub struct Field<T: 'static> {
    slot: Slot,
    pub value: RwSignal<T>,
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Field<T> {}

impl<T: 'static> Field<T> {
    pub fn name(&self) -> &'static str {
        self.slot.name
    }

    pub fn error(&self) -> Signal<Option<String>> {
        self.slot.error()
    }

    /// See [`Slot::check`].
    pub fn check(&self) {
        self.slot.check()
    }

    /// See [`Slot::on_check`].
    pub fn on_check(&self) -> Callback<()> {
        self.slot.on_check()
    }
}

impl<T: Filled + Send + Sync + 'static> Field<T> {
    /// The check as the person leaves the field: its own message appears once it is filled in,
    /// so tabbing through an empty form does not paint it red (empty required fields wait for
    /// submit); a message already shown is re-evaluated either way.
    pub fn blurred(&self) {
        self.slot.left(self.value.with_untracked(Filled::filled));
    }

    /// [`Field::blurred`] as a callback for a component's `on_blur`.
    pub fn on_blur(&self) -> Callback<()> {
        let field = *self;
        Callback::new(move |_| field.blurred())
    }
}

impl<T: Clone + Send + Sync + 'static> Field<T> {
    pub fn get(&self) -> T {
        self.value.get_untracked()
    }

    pub fn set(&self, value: T) {
        self.value.set(value)
    }
}

impl Field<String> {
    /// The value as an id, 0 when empty or not a number (the validator then says "required").
    pub fn id(&self) -> i64 {
        self.value.with_untracked(|v| v.trim().parse().unwrap_or(0))
    }
}
