//! The registration form's state and fields, below the choice of parent.
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::model::{OrgInput, SUPERVISOR_TYPE, YES_NO};
use crate::ui::choices::RegionFieldset;
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundChecks, BoundChoice, BoundText, Field, Form, Slot};
use leptos::prelude::*;

/// One [`Field`] per field of [`OrgInput`] but the parent, which the picker above holds; its
/// message has a slot here all the same.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub form: Form,
    pub parent: Slot,
    pub name: Field<String>,
    pub contact_name: Field<String>,
    pub contact_mobile: Field<String>,
    pub civil_registered: Field<String>,
    pub supervisor_type: Field<String>,
    pub supervisor_name: Field<String>,
    pub founded_on: Field<String>,
    pub service_categories: Field<Vec<String>>,
    /// The message about province, city and county together.
    pub region: Slot,
    pub province: Field<String>,
    pub city: Field<String>,
    pub county: Field<String>,
    pub service_scope: Field<String>,
    pub service_content: Field<String>,
    pub service_objects: Field<String>,
    pub service_requirements: Field<String>,
    pub planned_members: Field<String>,
    pub leader_name: Field<String>,
    pub leader_title: Field<String>,
    pub leader_unit: Field<String>,
    pub leader_phone: Field<String>,
}

impl Fields {
    /// An empty form; the caller sets its validator, which needs the chosen parent.
    pub fn new() -> Self {
        let form = Form::new();
        let t = |name| form.text(name, "");
        Fields {
            form,
            parent: form.slot("parent_id"),
            name: t("name"),
            contact_name: t("contact_name"),
            contact_mobile: t("contact_mobile"),
            civil_registered: t("civil_registered"),
            supervisor_type: t("supervisor_type"),
            supervisor_name: t("supervisor_name"),
            founded_on: t("founded_on"),
            service_categories: form.field("service_categories", Vec::new()),
            region: form.slot("region"),
            province: t("province"),
            city: t("city"),
            county: t("county"),
            service_scope: t("service_scope"),
            service_content: t("service_content"),
            service_objects: t("service_objects"),
            service_requirements: t("service_requirements"),
            planned_members: t("planned_members"),
            leader_name: t("leader_name"),
            leader_title: t("leader_title"),
            leader_unit: t("leader_unit"),
            leader_phone: t("leader_phone"),
        }
    }

    pub fn snapshot(&self, parent_id: Option<i64>) -> OrgInput {
        OrgInput {
            name: self.name.get(),
            parent_id,
            contact_name: self.contact_name.get(),
            contact_mobile: self.contact_mobile.get(),
            civil_registered: self.civil_registered.get(),
            supervisor_type: self.supervisor_type.get(),
            supervisor_name: self.supervisor_name.get(),
            founded_on: self.founded_on.get(),
            service_categories: self.service_categories.get(),
            province: self.province.get(),
            city: self.city.get(),
            county: self.county.get(),
            leader_name: self.leader_name.get(),
            leader_title: self.leader_title.get(),
            leader_unit: self.leader_unit.get(),
            leader_phone: self.leader_phone.get(),
            service_scope: self.service_scope.get(),
            service_content: self.service_content.get(),
            service_objects: self.service_objects.get(),
            service_requirements: self.service_requirements.get(),
            planned_members: self.planned_members.get(),
        }
    }
}

#[component]
pub(super) fn OrgFields(f: Fields, level_name: String, pending: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <h2>{move || t_string!(i18n, org_register.section_basic).to_string()}</h2>
        <BoundText
            field=f.name
            label=text(move || t_string!(i18n, org_register.name).to_string())
            hint=text(move || t_string!(i18n, org_register.name_hint, level = level_name.clone()).to_string())
            maxlength=60
            autocomplete="off"
            required=true
        />
        <BoundText
            field=f.contact_name
            label=text(move || t_string!(i18n, org_register.contact_name).to_string())
            maxlength=30
            autocomplete="name"
            required=true
        />
        <BoundText
            field=f.contact_mobile
            label=text(move || t_string!(i18n, org_register.contact_mobile).to_string())
            hint=text(move || t_string!(i18n, org_register.contact_mobile_hint).to_string())
            input_type="tel"
            inputmode="numeric"
            autocomplete="tel"
            maxlength=20
            required=true
        />
        <BoundChoice
            field=f.civil_registered
            label=text(move || t_string!(i18n, org_register.civil_registered).to_string())
            list=&YES_NO
        />
        <BoundChoice
            field=f.supervisor_type
            label=text(move || t_string!(i18n, org_register.supervisor_type).to_string())
            list=&SUPERVISOR_TYPE
        />
        <BoundText
            field=f.supervisor_name
            label=text(move || t_string!(i18n, org_register.supervisor_name).to_string())
            maxlength=60
            autocomplete="organization"
            required=true
        />
        <BoundText
            field=f.founded_on
            label=text(move || t_string!(i18n, org_register.founded_on).to_string())
            input_type="date"
            required=true
        />

        <h2>{move || t_string!(i18n, org_register.section_service).to_string()}</h2>
        <BoundChecks
            field=f.service_categories
            label=text(move || t_string!(i18n, org_register.service_categories).to_string())
            list=&SERVICE_CATEGORY
        />
        <RegionFieldset
            legend=text(move || t_string!(i18n, org_register.region).to_string())
            hint=text(move || t_string!(i18n, org_register.region_hint).to_string())
            labels=[
                text(move || t_string!(i18n, org_register.province).to_string()),
                text(move || t_string!(i18n, org_register.city).to_string()),
                text(move || t_string!(i18n, org_register.county).to_string()),
            ]
            province=f.province.value
            city=f.city.value
            county=f.county.value
            error=f.region.error()
            on_change=f.region.on_check()
        />
        <BoundArea
            field=f.service_scope
            label=text(move || t_string!(i18n, org_register.service_scope).to_string())
            required=true
            maxlength=500
        />
        <BoundArea
            field=f.service_content
            label=text(move || t_string!(i18n, org_register.service_content).to_string())
            required=true
            maxlength=1000
        />
        <BoundArea
            field=f.service_objects
            label=text(move || t_string!(i18n, org_register.service_objects).to_string())
            required=true
            maxlength=500
        />
        <BoundArea
            field=f.service_requirements
            label=text(move || t_string!(i18n, org_register.service_requirements).to_string())
            maxlength=500
        />
        <BoundText
            field=f.planned_members
            label=text(move || t_string!(i18n, org_register.planned_members).to_string())
            inputmode="numeric"
            maxlength=7
            required=true
        />

        <fieldset class="field leader">
            <legend>{move || t_string!(i18n, org_register.leader_legend).to_string()}</legend>
            <BoundText
                field=f.leader_name
                label=text(move || t_string!(i18n, org_register.leader_name).to_string())
                maxlength=30
            />
            <BoundText
                field=f.leader_title
                label=text(move || t_string!(i18n, org_register.leader_title).to_string())
                maxlength=30
            />
            <BoundText
                field=f.leader_unit
                label=text(move || t_string!(i18n, org_register.leader_unit).to_string())
                maxlength=100
            />
            <BoundText
                field=f.leader_phone
                label=text(move || t_string!(i18n, org_register.leader_phone).to_string())
                input_type="tel"
                maxlength=20
            />
        </fieldset>

        <button type="submit" class="button primary block" disabled=move || pending.get()>
            {move || {
                if pending.get() {
                    t_string!(i18n, org_register.submitting).to_string()
                } else {
                    t_string!(i18n, org_register.submit).to_string()
                }
            }}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orgs::model::ORG_FIELDS;

    #[test]
    fn every_name_the_validator_uses_has_a_place_on_the_form() {
        Owner::new().with(|| {
            let names = Fields::new().form.names();
            for name in ORG_FIELDS {
                assert!(names.contains(name), "{name} has no field on the registration form");
            }
        });
    }
}
