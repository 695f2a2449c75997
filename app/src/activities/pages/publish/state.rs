//! The publish form's state: one [`Field`] per field of [`ActivityInput`], checked by the
//! model's own validator.
use crate::activities::api::ActivityFormContext;
use crate::activities::model::{ActivityInput, PLAN_FIELDS};
use crate::ui::form::{Field, Form, Slot};
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;

/// The organisation and project are kept as the selects' string values. `snapshot` names every
/// field of the input, so a field added to the model does not compile here until the form
/// carries it.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub form: Form,
    pub org_id: Field<String>,
    pub project_id: Field<String>,
    pub title: Field<String>,
    pub category: Field<String>,
    pub content_form: Field<String>,
    pub mode: Field<String>,
    pub service_objects: Field<Vec<String>>,
    pub special_groups: Field<Vec<String>>,
    pub content: Field<String>,
    /// The message about province, city and county together.
    pub region: Slot,
    pub province: Field<String>,
    pub city: Field<String>,
    pub county: Field<String>,
    pub address: Field<String>,
    pub online_link: Field<String>,
    /// The message about latitude and longitude together.
    pub coordinates: Slot,
    pub lat: Field<String>,
    pub lng: Field<String>,
    pub starts_at: Field<String>,
    pub ends_at: Field<String>,
    pub signup_opens_at: Field<String>,
    pub signup_closes_at: Field<String>,
    pub cancel_deadline_at: Field<String>,
    pub capacity: Field<String>,
    pub needs_approval: Field<bool>,
    pub min_age: Field<String>,
    pub max_age: Field<String>,
    pub skills: Field<String>,
    pub qualification: Field<String>,
    pub training_required: Field<bool>,
    pub insurance_required: Field<bool>,
    pub risks: Field<String>,
    pub contact_name: Field<String>,
    pub contact_phone: Field<String>,
    pub plan: [Field<String>; 6],
    pub venue_id: Field<String>,
}

impl Fields {
    pub fn new(input: &ActivityInput) -> Self {
        let form = Form::new();
        let t = |name: &'static str, value: &String| form.text(name, value.clone());
        let i = input;
        let f = Fields {
            form,
            org_id: form.text("org_id", if i.org_id > 0 { i.org_id.to_string() } else { String::new() }),
            project_id: form.text("project_id", i.project_id.map(|p| p.to_string()).unwrap_or_default()),
            venue_id: form.text("venue_id", i.venue_id.map(|p| p.to_string()).unwrap_or_default()),
            title: t("title", &i.title),
            category: t("category", &i.category),
            content_form: t("content_form", &i.content_form),
            mode: t("mode", &i.mode),
            service_objects: form.field("service_objects", i.service_objects.clone()),
            special_groups: form.field("special_groups", i.special_groups.clone()),
            content: t("content", &i.content),
            region: form.slot("region"),
            province: t("province", &i.province),
            city: t("city", &i.city),
            county: t("county", &i.county),
            address: t("address", &i.address),
            online_link: t("online_link", &i.online_link),
            coordinates: form.slot("coordinates"),
            lat: t("lat", &i.lat),
            lng: t("lng", &i.lng),
            starts_at: t("starts_at", &i.starts_at),
            ends_at: t("ends_at", &i.ends_at),
            signup_opens_at: t("signup_opens_at", &i.signup_opens_at),
            signup_closes_at: t("signup_closes_at", &i.signup_closes_at),
            cancel_deadline_at: t("cancel_deadline_at", &i.cancel_deadline_at),
            capacity: t("capacity", &i.capacity),
            needs_approval: form.field("needs_approval", i.needs_approval),
            min_age: t("min_age", &i.min_age),
            max_age: t("max_age", &i.max_age),
            skills: t("skills", &i.skills),
            qualification: t("qualification", &i.qualification),
            training_required: form.field("training_required", i.training_required),
            insurance_required: form.field("insurance_required", i.insurance_required),
            risks: t("risks", &i.risks),
            contact_name: t("contact_name", &i.contact_name),
            contact_phone: t("contact_phone", &i.contact_phone),
            plan: {
                let values = [&i.purpose, &i.process, &i.support, &i.funding, &i.emergency_plan, &i.publicity];
                std::array::from_fn(|k| t(PLAN_FIELDS[k], values[k]))
            },
        };
        form.checked_by(move || browser_errors(&f.snapshot()));
        form.reveal_with(|errors| {
            if has_plan_error(errors) {
                open_plan();
            }
        });
        f
    }

    pub fn snapshot(&self) -> ActivityInput {
        let [purpose, process, support, funding, emergency_plan, publicity] = self.plan.map(|f| f.get());
        ActivityInput {
            org_id: self.org_id.id(),
            project_id: self.project_id.value.with_untracked(|p| p.trim().parse().ok()),
            title: self.title.get(),
            category: self.category.get(),
            content_form: self.content_form.get(),
            mode: self.mode.get(),
            service_objects: self.service_objects.get(),
            special_groups: self.special_groups.get(),
            content: self.content.get(),
            province: self.province.get(),
            city: self.city.get(),
            county: self.county.get(),
            address: self.address.get(),
            online_link: self.online_link.get(),
            lat: self.lat.get(),
            lng: self.lng.get(),
            starts_at: self.starts_at.get(),
            ends_at: self.ends_at.get(),
            signup_opens_at: self.signup_opens_at.get(),
            signup_closes_at: self.signup_closes_at.get(),
            cancel_deadline_at: self.cancel_deadline_at.get(),
            capacity: self.capacity.get(),
            needs_approval: self.needs_approval.get(),
            min_age: self.min_age.get(),
            max_age: self.max_age.get(),
            skills: self.skills.get(),
            qualification: self.qualification.get(),
            training_required: self.training_required.get(),
            insurance_required: self.insurance_required.get(),
            risks: self.risks.get(),
            contact_name: self.contact_name.get(),
            contact_phone: self.contact_phone.get(),
            purpose,
            process,
            support,
            funding,
            emergency_plan,
            publicity,
            venue_id: self.venue_id.value.with_untracked(|p| p.trim().parse().ok()),
        }
    }
}

/// Every refusal the browser can know about, in form order: the organisation (the model leaves
/// it to the server's permission check), then the shared validator's.
fn browser_errors(input: &ActivityInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if input.org_id <= 0 {
        errors.push("org_id", Invalid::Required);
    }
    if let Err(found) = input.validate() {
        errors.0.extend(found.0);
    }
    errors
}

/// New activities start from the URL's organisation and project when the person manages them
/// (a project also implies its organisation), or from their only organisation.
pub(super) fn new_input(
    ctx: &ActivityFormContext,
    preset_org: Option<i64>,
    preset_project: Option<i64>,
) -> ActivityInput {
    let project = preset_project.and_then(|p| ctx.projects.iter().find(|(id, _, _)| *id == p));
    let org = preset_org
        .filter(|o| ctx.orgs.iter().any(|(id, _)| id == o))
        .or_else(|| project.map(|(_, org, _)| *org))
        .or_else(|| (ctx.orgs.len() == 1).then(|| ctx.orgs[0].0))
        .unwrap_or(0);
    ActivityInput {
        org_id: org,
        project_id: project.filter(|(_, o, _)| *o == org).map(|(id, _, _)| *id),
        ..Default::default()
    }
}

/// The plan lives in a `<details>`: it is opened before focus moves to an error inside it.
fn open_plan() {
    #[cfg(not(feature = "ssr"))]
    if let Some(details) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("plan-details"))
    {
        let _ = details.set_attribute("open", "");
    }
}

fn has_plan_error(errors: &FieldErrors) -> bool {
    errors.0.iter().any(|e| PLAN_FIELDS.contains(&e.field.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activities::model::ACTIVITY_FIELDS;

    #[test]
    fn every_name_the_validator_uses_has_a_place_on_the_form() {
        Owner::new().with(|| {
            let names = Fields::new(&ActivityInput::default()).form.names();
            for name in ACTIVITY_FIELDS.iter().chain(&["org_id", "project_id"]) {
                assert!(names.contains(name), "{name} has no field on the publish form");
            }
        });
    }

    #[test]
    fn the_snapshot_gives_back_what_the_form_was_filled_with() {
        Owner::new().with(|| {
            let input = ActivityInput {
                org_id: 7,
                project_id: Some(3),
                title: "观星".into(),
                special_groups: vec!["elderly".into()],
                needs_approval: true,
                lat: "31.5".into(),
                funding: "自筹".into(),
                publicity: "海报".into(),
                ..Default::default()
            };
            assert_eq!(Fields::new(&input).snapshot(), input);
            assert_eq!(Fields::new(&ActivityInput::default()).snapshot(), ActivityInput::default());
        });
    }
}
