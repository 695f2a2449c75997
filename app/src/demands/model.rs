//! A service demand as the poster writes it (F-42, CVST 3 §6.1.1.2) and the rules it must meet,
//! shared by the form (checked in WASM before sending) and the server function.
use crate::accounts::mobile::Mobile;
use crate::activities::model::{
    format_local_input, parse_coordinates, parse_local_datetime, ActivityInput, CONTENT_FORM, MAX_SPAN_DAYS,
    MAX_SPAN_US, MODE, SERVICE_OBJECT,
};
use crate::codes::{c, ChoiceList, SERVICE_CATEGORY};
use crate::regions::check_region;
use crate::validation::{parse_count, text, FieldErrors, Invalid};
use crate::volunteers::model::many_of;
use serde::{Deserialize, Serialize};

/// Who asks (CVST 3 §5.1 d: communities, schools, villages, companies and other organisations).
pub static POSTER_KIND: ChoiceList = ChoiceList {
    name: "poster_kind",
    items: &[
        c("community", "社区", "Community"),
        c("school", "学校", "School"),
        c("village", "村（农村）", "Village"),
        c("company", "企业", "Company"),
        c("other", "其他机构", "Other organisation"),
    ],
};

pub const MAX_VOLUNTEERS: u32 = 1000;

/// The demand form as typed. Times are the platform's local wall-clock time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DemandInput {
    /// The managing organisation chosen by the poster; empty: routed by region.
    pub org_id: String,
    pub poster_kind: String,
    pub poster_unit: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub title: String,
    pub category: String,
    pub content_form: String,
    pub mode: String,
    pub service_objects: Vec<String>,
    pub content: String,
    pub volunteers_needed: String,
    pub expertise: String,
    pub qualification: String,
    pub starts_at: String,
    pub ends_at: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub lat: String,
    pub lng: String,
}

/// Every field in form order (the order errors are reported in).
pub const DEMAND_FIELDS: &[&str] = &[
    "org_id",
    "poster_kind",
    "poster_unit",
    "contact_name",
    "contact_phone",
    "title",
    "category",
    "content_form",
    "mode",
    "service_objects",
    "content",
    "volunteers_needed",
    "expertise",
    "qualification",
    "starts_at",
    "ends_at",
    "region",
    "address",
    "coordinates",
];

/// A checked demand, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidDemand {
    pub org_id: Option<i64>,
    pub poster_kind: &'static str,
    pub poster_unit: String,
    pub contact_name: String,
    /// A mainland mobile number: the SMS code goes there.
    pub contact_phone: String,
    pub title: String,
    pub category: &'static str,
    pub content_form: &'static str,
    pub mode: &'static str,
    pub service_objects: Vec<&'static str>,
    pub content: String,
    pub volunteers_needed: u32,
    pub expertise: String,
    pub qualification: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub coordinates: Option<(i64, i64)>,
}

fn required(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, true, max).map(Option::unwrap_or_default)
}

fn optional(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, false, max).map(Option::unwrap_or_default)
}

impl DemandInput {
    /// Every rule that needs no database. Whether the time lies in the future is the server's
    /// call (it knows the clock).
    pub fn validate(&self) -> Result<ValidDemand, FieldErrors> {
        let mut e = FieldErrors::new();
        let org_id = e.check(
            "org_id",
            match self.org_id.trim() {
                "" => Ok(None),
                v => v.parse::<i64>().ok().filter(|id| *id > 0).map(Some).ok_or(Invalid::NotInList),
            },
        );
        let poster_kind = e.check("poster_kind", POSTER_KIND.get(self.poster_kind.trim()).map(|c| c.code));
        let poster_unit = e.check("poster_unit", required(&self.poster_unit, 60));
        let contact_name = e.check("contact_name", required(&self.contact_name, 30));
        let contact_phone = e.check("contact_phone", Mobile::parse(&self.contact_phone).map(|m| m.as_str().to_owned()));
        let title = e.check(
            "title",
            required(&self.title, 60).and_then(|t| {
                if t.chars().count() < 2 {
                    Err(Invalid::TooShort { min: 2 })
                } else {
                    Ok(t)
                }
            }),
        );
        let category = e.check("category", SERVICE_CATEGORY.get(self.category.trim()).map(|c| c.code));
        let content_form = e.check("content_form", CONTENT_FORM.get(self.content_form.trim()).map(|c| c.code));
        let mode = e.check("mode", MODE.get(self.mode.trim()).map(|c| c.code));
        let objects = e.check("service_objects", many_of(&SERVICE_OBJECT, &self.service_objects));
        let content = e.check("content", required(&self.content, 2000));
        let needed = e.check("volunteers_needed", parse_count(&self.volunteers_needed, 1, MAX_VOLUNTEERS));
        let expertise = e.check("expertise", optional(&self.expertise, 200));
        let qualification = e.check("qualification", optional(&self.qualification, 60));
        let starts = e.check("starts_at", parse_local_datetime(&self.starts_at));
        let ends = e.check("ends_at", parse_local_datetime(&self.ends_at));
        if let (Some(s), Some(t)) = (starts, ends) {
            if t <= s {
                e.push("ends_at", Invalid::EndsBeforeStart);
            } else if t - s > MAX_SPAN_US {
                e.push("ends_at", Invalid::SpanTooLong { max_days: MAX_SPAN_DAYS });
            }
        }
        e.check("region", check_region(&self.province, &self.city, &self.county));
        let on_site = matches!(mode, Some("offline" | "hybrid"));
        let address =
            e.check("address", if on_site { required(&self.address, 120) } else { optional(&self.address, 120) });
        let coordinates = e.check("coordinates", parse_coordinates(&self.lat, &self.lng));
        let (
            Some(org_id),
            Some(poster_kind),
            Some(poster_unit),
            Some(contact_name),
            Some(contact_phone),
            Some(title),
            Some(category),
            Some(content_form),
            Some(mode),
            Some(service_objects),
            Some(content),
            Some(volunteers_needed),
            Some(expertise),
            Some(qualification),
            Some(starts_at),
            Some(ends_at),
            Some(address),
            Some(coordinates),
        ) = (
            org_id,
            poster_kind,
            poster_unit,
            contact_name,
            contact_phone,
            title,
            category,
            content_form,
            mode,
            objects,
            content,
            needed,
            expertise,
            qualification,
            starts,
            ends,
            address,
            coordinates,
        )
        else {
            return Err(e);
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ValidDemand {
            org_id,
            poster_kind,
            poster_unit,
            contact_name,
            contact_phone,
            title,
            category,
            content_form,
            mode,
            service_objects,
            content,
            volunteers_needed,
            expertise,
            qualification,
            starts_at,
            ends_at,
            province: self.province.trim().to_owned(),
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            address,
            coordinates,
        })
    }

    /// A filled-in example (tests, the demo and the benchmark start from it).
    pub fn sample() -> DemandInput {
        DemandInput {
            poster_kind: "community".into(),
            poster_unit: "湖塘镇星河社区居委会".into(),
            contact_name: "刘敏".into(),
            contact_phone: "13700000001".into(),
            title: "社区老年人防诈骗与急救知识讲座".into(),
            category: "science_lecture".into(),
            content_form: "health".into(),
            mode: "offline".into(),
            service_objects: vec!["public".into()],
            content: "为社区约60位老人讲解常见电信诈骗手法，并演示心肺复苏。".into(),
            volunteers_needed: "3".into(),
            expertise: "急救 科普讲解".into(),
            qualification: "急救证".into(),
            starts_at: "2030-06-10T09:00".into(),
            ends_at: "2030-06-10T11:00".into(),
            province: "32".into(),
            city: "3204".into(),
            county: "320412".into(),
            address: "常州市武进区湖塘镇星河社区活动室".into(),
            ..Default::default()
        }
    }
}

/// Where a demand stands. `Review` is "submitted, under review": the code was entered and the
/// managing organisation has it in its queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandStatus {
    /// Posted, the contact phone not yet proved by its code: nobody but the poster sees it.
    Unverified,
    Review,
    Published,
    Rejected,
    /// A draft activity was made from it.
    Accepted,
    Closed,
}

impl DemandStatus {
    pub fn code(self) -> &'static str {
        match self {
            DemandStatus::Unverified => "unverified",
            DemandStatus::Review => "review",
            DemandStatus::Published => "published",
            DemandStatus::Rejected => "rejected",
            DemandStatus::Accepted => "accepted",
            DemandStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<DemandStatus> {
        Some(match code {
            "unverified" => DemandStatus::Unverified,
            "review" => DemandStatus::Review,
            "published" => DemandStatus::Published,
            "rejected" => DemandStatus::Rejected,
            "accepted" => DemandStatus::Accepted,
            "closed" => DemandStatus::Closed,
            _ => return None,
        })
    }

    /// Seen by the public (list and page).
    pub fn is_public(self) -> bool {
        matches!(self, DemandStatus::Published | DemandStatus::Accepted | DemandStatus::Closed)
    }
}

/// A stored demand as the pages show it. `contact_phone` is masked unless the viewer manages
/// the demand's organisation or holds its follow link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandView {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub status: DemandStatus,
    pub poster_kind: String,
    pub poster_unit: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub title: String,
    pub category: String,
    pub content_form: String,
    pub mode: String,
    pub service_objects: Vec<String>,
    pub content: String,
    pub volunteers_needed: u32,
    pub expertise: String,
    pub qualification: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    pub reject_reason: String,
    pub activity_id: Option<i64>,
    pub recruit_sent_at: Option<i64>,
    pub created_at: i64,
    /// The viewer manages the demand's organisation (review, match, accept).
    pub can_manage: bool,
}

impl DemandView {
    /// The publish form prefilled from the demand: the draft activity staff accept it into.
    pub fn activity_input(&self) -> ActivityInput {
        let lat = self.lat_e6.map(|v| format!("{:.6}", v as f64 / 1e6)).unwrap_or_default();
        let lng = self.lng_e6.map(|v| format!("{:.6}", v as f64 / 1e6)).unwrap_or_default();
        ActivityInput {
            org_id: self.org_id,
            title: self.title.clone(),
            category: self.category.clone(),
            content_form: self.content_form.clone(),
            mode: self.mode.clone(),
            service_objects: self.service_objects.clone(),
            content: format!("{}\n（来自服务需求 #{}：{}）", self.content, self.id, self.poster_unit),
            province: self.province.clone(),
            city: self.city.clone(),
            county: self.county.clone(),
            address: self.address.clone(),
            lat,
            lng,
            starts_at: format_local_input(self.starts_at),
            ends_at: format_local_input(self.ends_at),
            capacity: self.volunteers_needed.to_string(),
            skills: self.expertise.clone(),
            qualification: self.qualification.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            ..Default::default()
        }
    }
}

/// A row of the public list and of the review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemandSummary {
    pub id: i64,
    pub title: String,
    pub poster_unit: String,
    pub org_name: String,
    pub status: DemandStatus,
    pub category: String,
    pub volunteers_needed: u32,
    pub starts_at: i64,
    pub county: String,
    pub city: String,
}

/// What the poster gets back after posting: the private follow link's token (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    pub token: String,
    pub contact_masked: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_valid() {
        let v = DemandInput::sample().validate().expect("valid");
        assert_eq!(v.volunteers_needed, 3);
        assert_eq!(v.org_id, None);
    }

    #[test]
    fn a_bad_phone_and_reversed_times_are_refused() {
        let input = DemandInput {
            contact_phone: "0519-1234".into(),
            ends_at: "2030-06-10T08:00".into(),
            volunteers_needed: "0".into(),
            ..DemandInput::sample()
        };
        let e = input.validate().expect_err("refused");
        assert!(e.get("contact_phone").is_some());
        assert_eq!(e.get("ends_at"), Some(Invalid::EndsBeforeStart));
        assert!(e.get("volunteers_needed").is_some());
    }

    #[test]
    fn on_site_needs_an_address() {
        let input = DemandInput { address: " ".into(), ..DemandInput::sample() };
        assert_eq!(input.validate().expect_err("refused").get("address"), Some(Invalid::Required));
        let online = DemandInput { address: String::new(), mode: "online".into(), ..DemandInput::sample() };
        assert!(online.validate().is_ok());
    }
}
