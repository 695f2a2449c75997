//! An organisation's registration (F-10): every column of the collective-registration table
//! (Changzhou attachment 1) plus the description CVST 1 §5.1 a) asks for (service scope, content,
//! objects) and what the review of CVST 1 §5.4.2 checks (requirements, member count, contact).
use crate::accounts::mobile::Mobile;
use crate::codes::{c, ChoiceList, SERVICE_CATEGORY};
use crate::orgs::naming::check_name;
use crate::regions::check_region;
use crate::validation::{parse_count, parse_past_date, parse_phone, text, FieldErrors, Invalid};
use crate::volunteers::person_name::PersonName;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 是否在民政部门注册 (a drop-down in the table).
pub static YES_NO: ChoiceList = ChoiceList { name: "yes_no", items: &[c("yes", "是", "Yes"), c("no", "否", "No")] };

/// 主管单位类型: who supervises the organisation.
pub static SUPERVISOR_TYPE: ChoiceList = ChoiceList {
    name: "supervisor_type",
    items: &[
        c("local_cast", "地方科协", "Local association for science and technology"),
        c("national_society", "全国学会", "National society"),
        c("local_society", "地方学会", "Local society"),
        c("university", "高校", "University"),
        c("research_institute", "科研院所", "Research institute"),
        c("enterprise", "企业", "Enterprise"),
        c("government", "政府部门", "Government department"),
        c("other", "其他", "Other"),
    ],
};

/// The registration form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgInput {
    pub name: String,
    /// The managing (parent) organisation; `None` only for a corps.
    pub parent_id: Option<i64>,
    pub contact_name: String,
    pub contact_mobile: String,
    pub civil_registered: String,
    pub supervisor_type: String,
    pub supervisor_name: String,
    pub founded_on: String,
    pub service_categories: Vec<String>,
    pub province: String,
    pub city: String,
    pub county: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_unit: String,
    pub leader_phone: String,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub planned_members: String,
}

/// A registration every rule accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOrg {
    pub name: String,
    pub parent_id: Option<i64>,
    pub contact_name: PersonName,
    pub contact_mobile: Mobile,
    pub civil_registered: bool,
    pub supervisor_type: &'static str,
    pub supervisor_name: String,
    pub founded_on: NaiveDate,
    pub service_categories: Vec<&'static str>,
    pub province: String,
    pub city: String,
    pub county: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_unit: String,
    pub leader_phone: String,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub planned_members: u32,
}

/// Form order, for error lists and focus.
pub const ORG_FIELDS: &[&str] = &[
    "parent_id",
    "name",
    "contact_name",
    "contact_mobile",
    "civil_registered",
    "supervisor_type",
    "supervisor_name",
    "founded_on",
    "service_categories",
    "region",
    "service_scope",
    "service_content",
    "service_objects",
    "service_requirements",
    "planned_members",
    "leader_name",
    "leader_title",
    "leader_unit",
    "leader_phone",
];

pub const MAX_PLANNED_MEMBERS: u32 = 1_000_000;

fn required_text(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, true, max).map(Option::unwrap_or_default)
}

fn optional_text(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, false, max).map(Option::unwrap_or_default)
}

impl OrgInput {
    /// Runs every rule. `level` is the level the organisation will have (its parent's + 1) and
    /// `level_name` that level's configured name.
    pub fn validate(&self, level: u32, level_name: &str, today: NaiveDate) -> Result<ValidOrg, FieldErrors> {
        self.validate_with(level, level_name, today, true)
    }

    /// As [`validate`](Self::validate); `described` says whether the description and member
    /// count are required. The collective-registration table has no such columns, so imported
    /// organisations fill them in later.
    pub fn validate_with(
        &self,
        level: u32,
        level_name: &str,
        today: NaiveDate,
        described: bool,
    ) -> Result<ValidOrg, FieldErrors> {
        let mut e = FieldErrors::new();
        if level > 1 && self.parent_id.is_none() {
            e.push("parent_id", Invalid::Required);
        }
        let name = e.check("name", check_name(&self.name, level, level_name));
        let contact_name = e.check("contact_name", PersonName::parse(&self.contact_name));
        let contact_mobile = e.check("contact_mobile", Mobile::parse(&self.contact_mobile));
        let civil = e.check("civil_registered", YES_NO.get(self.civil_registered.trim()));
        let supervisor_type = e.check("supervisor_type", SUPERVISOR_TYPE.get(self.supervisor_type.trim()));
        let supervisor_name = e.check("supervisor_name", required_text(&self.supervisor_name, 60));
        let founded_on = e.check("founded_on", parse_past_date(&self.founded_on, today));
        let categories = e.check(
            "service_categories",
            crate::volunteers::model::many_of(&SERVICE_CATEGORY, &self.service_categories),
        );
        e.check("region", check_region(&self.province, &self.city, &self.county));
        let described_text =
            |value: &str, max| if described { required_text(value, max) } else { optional_text(value, max) };
        let scope = e.check("service_scope", described_text(&self.service_scope, 500));
        let content = e.check("service_content", described_text(&self.service_content, 1000));
        let objects = e.check("service_objects", described_text(&self.service_objects, 500));
        let requirements = e.check("service_requirements", optional_text(&self.service_requirements, 500));
        let planned = if !described && self.planned_members.trim().is_empty() {
            Some(0)
        } else {
            e.check("planned_members", parse_count(&self.planned_members, 1, MAX_PLANNED_MEMBERS))
        };
        let leader_name = e.check("leader_name", optional_text(&self.leader_name, 30));
        let leader_title = e.check("leader_title", optional_text(&self.leader_title, 30));
        let leader_unit = e.check("leader_unit", optional_text(&self.leader_unit, 100));
        let leader_phone = e.check("leader_phone", parse_phone(&self.leader_phone));
        if !e.is_empty() {
            return Err(e);
        }
        // No error was recorded, so every parser returned a value.
        let missing = || {
            let mut e = FieldErrors::new();
            e.push("name", Invalid::Required);
            e
        };
        Ok(ValidOrg {
            name: name.ok_or_else(missing)?,
            parent_id: self.parent_id,
            contact_name: contact_name.ok_or_else(missing)?,
            contact_mobile: contact_mobile.ok_or_else(missing)?,
            civil_registered: civil.ok_or_else(missing)?.code == "yes",
            supervisor_type: supervisor_type.ok_or_else(missing)?.code,
            supervisor_name: supervisor_name.ok_or_else(missing)?,
            founded_on: founded_on.ok_or_else(missing)?,
            service_categories: categories.ok_or_else(missing)?,
            province: self.province.trim().to_owned(),
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            leader_name: leader_name.ok_or_else(missing)?,
            leader_title: leader_title.ok_or_else(missing)?,
            leader_unit: leader_unit.ok_or_else(missing)?,
            leader_phone: leader_phone.ok_or_else(missing)?.unwrap_or_default(),
            service_scope: scope.ok_or_else(missing)?,
            service_content: content.ok_or_else(missing)?,
            service_objects: objects.ok_or_else(missing)?,
            service_requirements: requirements.ok_or_else(missing)?,
            planned_members: planned.ok_or_else(missing)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> OrgInput {
        OrgInput {
            name: "常州市青少年科普科技志愿服务队".into(),
            parent_id: Some(2),
            contact_name: "张三".into(),
            contact_mobile: "13710986743".into(),
            civil_registered: "no".into(),
            supervisor_type: "local_cast".into(),
            supervisor_name: "常州市科协".into(),
            founded_on: "2019/8/8".into(),
            service_categories: vec!["youth_education".into(), "tech_training".into()],
            province: "32".into(),
            city: "3204".into(),
            county: String::new(),
            leader_name: String::new(),
            leader_title: String::new(),
            leader_unit: String::new(),
            leader_phone: "0519-86619120".into(),
            service_scope: "常州市中小学".into(),
            service_content: "科普讲座与实验课".into(),
            service_objects: "中小学生".into(),
            service_requirements: String::new(),
            planned_members: "30".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_complete_registration_passes() {
        let org = sample().validate(3, "支队", today()).unwrap();
        assert_eq!(org.founded_on, NaiveDate::from_ymd_opt(2019, 8, 8).unwrap());
        assert_eq!(org.service_categories, vec!["tech_training", "youth_education"]);
        assert_eq!(org.planned_members, 30);
        assert!(!org.civil_registered);
    }

    #[test]
    fn every_field_reports_its_own_error() {
        let mut input = sample();
        input.parent_id = None;
        input.name = "全国科普日科技志愿服务队".into();
        input.contact_mobile = "1371098674".into();
        input.founded_on = "2030-01-01".into();
        input.service_categories.clear();
        input.city = "3301".into();
        input.planned_members = "0".into();
        input.leader_phone = "call me".into();
        let errors = input.validate(3, "支队", today()).unwrap_err();
        assert_eq!(errors.get("parent_id"), Some(Invalid::Required));
        assert_eq!(errors.get("name"), Some(Invalid::OrgNameForbiddenWord));
        assert_eq!(errors.get("contact_mobile"), Some(Invalid::MobileFormat));
        assert_eq!(errors.get("founded_on"), Some(Invalid::DateInFuture));
        assert_eq!(errors.get("service_categories"), Some(Invalid::Required));
        assert_eq!(errors.get("region"), Some(Invalid::RegionUnknown));
        assert_eq!(errors.get("planned_members"), Some(Invalid::NumberRange { min: 1, max: MAX_PLANNED_MEMBERS }));
        assert_eq!(errors.get("leader_phone"), Some(Invalid::PhoneFormat));
    }
}
