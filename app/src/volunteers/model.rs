//! The real-name profile (F-03): every column of the volunteer collective-registration table
//! (Changzhou attachment 2) plus skills and qualifications.
use crate::codes::{
    ChoiceList, EDUCATION, ETHNICITY, FOUR_HEADS, OCCUPATION, POLITICAL_STATUS, SERVICE_CATEGORY, SERVICE_FIELD, TITLE,
};
use crate::regions;
use crate::validation::{text, FieldErrors, Invalid};
use crate::volunteers::gender::Gender;
use crate::volunteers::id_number::{check_id_for_person, IdNumber};
use crate::volunteers::person_name::PersonName;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The profile form as typed: plain strings and codes, exactly what the browser sends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub real_name: String,
    pub gender: String,
    pub id_number: String,
    pub political_status: String,
    pub ethnicity: String,
    pub work_unit: String,
    pub title: String,
    pub education: String,
    pub occupation: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub service_categories: Vec<String>,
    pub service_fields: Vec<String>,
    pub four_heads: String,
    pub skills: String,
    pub qualifications: String,
}

/// A profile every rule accepted; only this type reaches the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProfile {
    pub real_name: PersonName,
    pub gender: Gender,
    pub id_number: IdNumber,
    pub political_status: &'static str,
    pub ethnicity: &'static str,
    pub work_unit: Option<String>,
    pub title: &'static str,
    pub education: &'static str,
    pub occupation: &'static str,
    pub province: String,
    pub city: String,
    pub county: String,
    pub service_categories: Vec<&'static str>,
    pub service_fields: Vec<&'static str>,
    pub four_heads: &'static str,
    pub skills: Option<String>,
    pub qualifications: Option<String>,
}

/// The form's fields in display order; error lists and focus follow this order.
pub const PROFILE_FIELDS: &[&str] = &[
    "real_name",
    "gender",
    "id_number",
    "political_status",
    "ethnicity",
    "work_unit",
    "title",
    "education",
    "occupation",
    "region",
    "service_categories",
    "service_fields",
    "four_heads",
    "skills",
    "qualifications",
];

pub fn one_of(list: &'static ChoiceList, code: &str) -> Result<&'static str, Invalid> {
    if code.trim().is_empty() {
        return Err(Invalid::Required);
    }
    list.get(code.trim()).map(|c| c.code)
}

pub fn many_of(list: &'static ChoiceList, codes: &[String]) -> Result<Vec<&'static str>, Invalid> {
    if codes.is_empty() {
        return Err(Invalid::Required);
    }
    let mut picked: Vec<&'static str> = Vec::with_capacity(codes.len());
    for code in codes {
        let code = list.get(code.trim())?.code;
        if !picked.contains(&code) {
            picked.push(code);
        }
    }
    // Stored in the list's own order, so the same choice always reads the same.
    picked.sort_by_key(|c| list.items.iter().position(|i| i.code == *c));
    Ok(picked)
}

impl ProfileInput {
    /// Runs every rule; `today` is the platform date the age is checked against.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidProfile, FieldErrors> {
        let mut e = FieldErrors::new();
        let real_name = e.check("real_name", PersonName::parse(&self.real_name));
        let gender = e.check("gender", Gender::parse(&self.gender));
        let id_number = match gender {
            Some(g) => e.check("id_number", check_id_for_person(&self.id_number, Some(g), today)),
            None => e.check("id_number", check_id_for_person(&self.id_number, None, today)),
        };
        let political_status = e.check("political_status", one_of(&POLITICAL_STATUS, &self.political_status));
        let ethnicity = e.check("ethnicity", one_of(&ETHNICITY, &self.ethnicity));
        let work_unit = e.check("work_unit", text(&self.work_unit, false, 100));
        let title = e.check("title", one_of(&TITLE, &self.title));
        let education = e.check("education", one_of(&EDUCATION, &self.education));
        let occupation = e.check("occupation", one_of(&OCCUPATION, &self.occupation));
        let region = e.check("region", regions::check(self.province.trim(), self.city.trim(), self.county.trim()));
        let service_categories = e.check("service_categories", many_of(&SERVICE_CATEGORY, &self.service_categories));
        let service_fields = e.check("service_fields", many_of(&SERVICE_FIELD, &self.service_fields));
        let four_heads = e.check("four_heads", one_of(&FOUR_HEADS, &self.four_heads));
        let skills = e.check("skills", text(&self.skills, false, 500));
        let qualifications = e.check("qualifications", text(&self.qualifications, false, 500));
        // Every parser passed exactly when no error was recorded.
        let (
            Some(real_name),
            Some(gender),
            Some(id_number),
            Some(political_status),
            Some(ethnicity),
            Some(work_unit),
            Some(title),
            Some(education),
            Some(occupation),
            Some(()),
            Some(service_categories),
            Some(service_fields),
            Some(four_heads),
            Some(skills),
            Some(qualifications),
        ) = (
            real_name,
            gender,
            id_number,
            political_status,
            ethnicity,
            work_unit,
            title,
            education,
            occupation,
            region,
            service_categories,
            service_fields,
            four_heads,
            skills,
            qualifications,
        )
        else {
            return Err(e);
        };
        Ok(ValidProfile {
            real_name,
            gender,
            id_number,
            political_status,
            ethnicity,
            work_unit,
            title,
            education,
            occupation,
            province: self.province.trim().to_owned(),
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            service_categories,
            service_fields,
            four_heads,
            skills,
            qualifications,
        })
    }

    /// The message for one field only, for checking as the person leaves it.
    pub fn field_error(&self, field: &str, today: NaiveDate) -> Option<Invalid> {
        self.validate(today).err().and_then(|errors| errors.get(field))
    }
}

/// The profile as others may see it: identifiers masked (F-05, F-06).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerCard {
    pub volunteer_no: String,
    pub real_name: Option<String>,
    pub gender: Option<String>,
    pub mobile: String,
    pub id_number: Option<String>,
    pub region: Option<String>,
    pub service_categories: Vec<String>,
    pub skills: Option<String>,
    /// True when `mobile` and `id_number` are shown in full (owner, or an audited staff read).
    pub unmasked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> ProfileInput {
        ProfileInput {
            real_name: "张三".into(),
            gender: "male".into(),
            id_number: "11010519491231002X".into(),
            political_status: "13".into(),
            ethnicity: "01".into(),
            work_unit: "常州市科协".into(),
            title: TITLE.items[1].code.into(),
            education: EDUCATION.items[2].code.into(),
            occupation: OCCUPATION.items[2].code.into(),
            province: "32".into(),
            city: "3204".into(),
            county: "320412".into(),
            service_categories: vec![SERVICE_CATEGORY.items[0].code.into()],
            service_fields: vec![SERVICE_FIELD.items[0].code.into()],
            four_heads: "none".into(),
            skills: "".into(),
            qualifications: "".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_sample_profile_passes() {
        // 11010519491231002X is a woman's number (sequence digit 2 is even).
        let mut p = sample();
        p.gender = "female".into();
        let valid = p.validate(today()).expect("valid");
        assert_eq!(valid.id_number.as_str(), "11010519491231002X");
    }

    #[test]
    fn every_failing_field_is_reported_in_order() {
        let mut p = sample();
        p.real_name = "".into();
        p.id_number = "110105194912310021".into();
        p.county = "110105".into();
        p.service_categories.clear();
        let errors = p.validate(today()).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["real_name", "id_number", "region", "service_categories"]);
        assert_eq!(errors.get("real_name"), Some(Invalid::Required));
        assert_eq!(errors.get("id_number"), Some(Invalid::IdChecksum));
    }

    #[test]
    fn gender_must_match_the_id_number() {
        let p = sample(); // male chosen, female number
        assert_eq!(p.field_error("id_number", today()), Some(Invalid::IdGenderMismatch));
    }

    #[test]
    fn unknown_codes_are_refused() {
        let mut p = sample();
        p.gender = "female".into();
        p.ethnicity = "99".into();
        p.service_fields = vec!["nonsense".into()];
        let errors = p.validate(today()).unwrap_err();
        assert_eq!(errors.get("ethnicity"), Some(Invalid::NotInList));
        assert_eq!(errors.get("service_fields"), Some(Invalid::NotInList));
    }
}
