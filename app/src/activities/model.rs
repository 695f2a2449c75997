//! An activity as the organiser writes it (F-20) and the rules it must meet, shared by the
//! publish form (checked in WASM before sending) and the server function.
use crate::codes::{c, ChoiceList, SERVICE_CATEGORY};
use crate::regions::check_region;
use crate::validation::{parse_count, parse_phone};
use crate::validation::{text, FieldErrors, Invalid};
use crate::volunteers::model::many_of;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// 服务内容和形式 (CVST 3 §5.2 a–e).
pub static CONTENT_FORM: ChoiceList = ChoiceList {
    name: "content_form",
    items: &[
        c("outreach", "理论宣讲、政策解读、文明共建、精神传承", "Outreach: theory, policy, civic life"),
        c("training", "科技培训、科技咨询、农技推广、田间课堂", "Training, consulting, farm extension"),
        c("education", "科技教育、科普讲座、场馆讲解、网络科普", "Science education, lectures, guiding, online"),
        c("health", "健康义诊、心理教育、科技助老、膳食营养", "Health, mental health, elderly care, nutrition"),
        c("safety", "生态环保、防灾减灾、应急救援、赛会活动", "Environment, disaster prevention, rescue, events"),
    ],
};

/// 活动方式 (CVST 3 §5.3).
pub static MODE: ChoiceList = ChoiceList {
    name: "mode",
    items: &[
        c("offline", "线下", "On site"),
        c("online", "线上", "Online"),
        c("hybrid", "线上线下结合", "On site and online"),
    ],
};

/// 服务对象 (CVST 3 §5.1 a–e).
pub static SERVICE_OBJECT: ChoiceList = ChoiceList {
    name: "service_object",
    items: &[
        c("public", "社会公众", "The general public"),
        c("practitioners", "农业从业人员、医疗需求群体等", "Farmers, patients and others with a concrete need"),
        c("professionals", "专业技术人员", "Technical professionals"),
        c("organisations", "其他组织机构或人群", "Other organisations or groups"),
        c("research", "研究对象及环境", "Subjects and environments of research"),
    ],
};

/// Special groups served (CVST 3 §7.2): the organiser must plan for them.
pub static SPECIAL_GROUP: ChoiceList = ChoiceList {
    name: "special_group",
    items: &[
        c("minors", "未成年人", "Minors"),
        c("elderly", "老年人", "Elderly people"),
        c("disabled", "残疾人", "People with disabilities"),
    ],
};

/// One activity lasts at most this long; longer undertakings are projects (F-26) of activities.
pub const MAX_SPAN_DAYS: u32 = 31;
pub const MAX_SPAN_US: i64 = MAX_SPAN_DAYS as i64 * 86_400_000_000;
pub const MAX_CAPACITY: u32 = 100_000;

/// The publish form as typed. Times are the platform's local wall-clock time
/// (`YYYY-MM-DDTHH:MM`, what `<input type="datetime-local">` sends).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub org_id: i64,
    pub project_id: Option<i64>,
    pub title: String,
    pub category: String,
    pub content_form: String,
    pub mode: String,
    pub service_objects: Vec<String>,
    pub special_groups: Vec<String>,
    pub content: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub online_link: String,
    /// Decimal degrees; both or neither.
    pub lat: String,
    pub lng: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Empty: sign-up opens when the activity is published.
    pub signup_opens_at: String,
    /// Empty: sign-up closes when the activity starts.
    pub signup_closes_at: String,
    /// Empty: volunteers may cancel until the activity starts.
    pub cancel_deadline_at: String,
    pub capacity: String,
    pub needs_approval: bool,
    pub min_age: String,
    pub max_age: String,
    pub skills: String,
    pub qualification: String,
    pub training_required: bool,
    pub insurance_required: bool,
    pub risks: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub purpose: String,
    pub process: String,
    pub support: String,
    pub funding: String,
    pub emergency_plan: String,
    pub publicity: String,
    /// The venue it is held at (F-40), one of those the organisation's corps manages.
    #[serde(default)]
    pub venue_id: Option<i64>,
}

/// Every field in form order (the order errors are reported in).
pub const ACTIVITY_FIELDS: &[&str] = &[
    "title",
    "category",
    "content_form",
    "mode",
    "service_objects",
    "special_groups",
    "content",
    "region",
    "address",
    "online_link",
    "coordinates",
    "starts_at",
    "ends_at",
    "signup_opens_at",
    "signup_closes_at",
    "cancel_deadline_at",
    "capacity",
    "min_age",
    "max_age",
    "skills",
    "qualification",
    "risks",
    "contact_name",
    "contact_phone",
    "purpose",
    "process",
    "support",
    "funding",
    "emergency_plan",
    "publicity",
    "venue_id",
];

/// A checked activity, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidActivity {
    pub org_id: i64,
    pub project_id: Option<i64>,
    pub title: String,
    pub category: &'static str,
    pub content_form: &'static str,
    pub mode: &'static str,
    pub service_objects: Vec<&'static str>,
    pub special_groups: Vec<&'static str>,
    pub content: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub online_link: String,
    pub coordinates: Option<(i64, i64)>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub signup_opens_at: Option<i64>,
    pub signup_closes_at: i64,
    pub cancel_deadline_at: i64,
    pub capacity: u32,
    pub needs_approval: bool,
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    pub skills: String,
    pub qualification: String,
    pub training_required: bool,
    pub insurance_required: bool,
    pub risks: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub plan: [String; 6],
    pub venue_id: Option<i64>,
}

/// The names of the plan fields (CVST 3 §6.1.5), in `ValidActivity::plan` order.
pub const PLAN_FIELDS: [&str; 6] = ["purpose", "process", "support", "funding", "emergency_plan", "publicity"];

/// A local wall-clock time in the platform's zone, as microseconds since the epoch (UTC).
pub fn parse_local_datetime(value: &str) -> Result<i64, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Required);
    }
    let normal = value.replacen('T', " ", 1).replace('/', "-");
    let naive = NaiveDateTime::parse_from_str(&normal, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&normal, "%Y-%m-%d %H:%M:%S"))
        .map_err(|_| Invalid::DateTimeFormat)?;
    if !(1900..=9999).contains(&chrono::Datelike::year(&naive)) {
        return Err(Invalid::DateTimeFormat);
    }
    crate::clock::platform_offset()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.timestamp_micros())
        .ok_or(Invalid::DateTimeFormat)
}

/// The form value for a stored instant (`YYYY-MM-DDTHH:MM` in the platform's zone).
pub fn format_local_input(us: i64) -> String {
    crate::clock::local(us).map(|t| t.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// A local date (`YYYY-MM-DD`) as the instant its day starts in the platform's zone.
pub fn local_day_start(date: NaiveDate) -> i64 {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    crate::clock::platform_offset().from_local_datetime(&midnight).single().map(|t| t.timestamp_micros()).unwrap_or(0)
}

fn optional_time(value: &str) -> Result<Option<i64>, Invalid> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_local_datetime(value).map(Some)
    }
}

fn degrees(value: &str, limit: f64) -> Result<i64, Invalid> {
    let number: f64 = value.trim().parse().map_err(|_| Invalid::Coordinates)?;
    if !number.is_finite() || number.abs() > limit {
        return Err(Invalid::Coordinates);
    }
    Ok((number * 1e6).round() as i64)
}

/// Latitude and longitude as microdegrees: both empty is `None`, one alone is an error.
pub fn parse_coordinates(lat: &str, lng: &str) -> Result<Option<(i64, i64)>, Invalid> {
    match (lat.trim().is_empty(), lng.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some((degrees(lat, 90.0)?, degrees(lng, 180.0)?))),
        _ => Err(Invalid::Coordinates),
    }
}

/// An optional web address (an online meeting link).
pub fn parse_link(value: &str) -> Result<String, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().count() > 300 {
        return Err(Invalid::TooLong { max: 300 });
    }
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")).ok_or(Invalid::UrlFormat)?;
    if rest.is_empty() || rest.starts_with('/') || rest.chars().any(char::is_whitespace) {
        return Err(Invalid::UrlFormat);
    }
    Ok(value.to_owned())
}

fn optional_age(value: &str) -> Result<Option<u32>, Invalid> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_count(value, 0, 120).map(Some)
    }
}

fn optional_text(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, false, max).map(Option::unwrap_or_default)
}

fn required_text(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, true, max).map(Option::unwrap_or_default)
}

impl ActivityInput {
    /// Runs every rule that needs no database. Whether the times may lie in the past is the
    /// server's call (publishing needs a future end; editing a running activity does not).
    pub fn validate(&self) -> Result<ValidActivity, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = e.check(
            "title",
            text(&self.title, true, 60).and_then(|t| {
                let t = t.unwrap_or_default();
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
        let groups = e.check(
            "special_groups",
            if self.special_groups.is_empty() { Ok(Vec::new()) } else { many_of(&SPECIAL_GROUP, &self.special_groups) },
        );
        let content = e.check("content", required_text(&self.content, 2000));
        e.check("region", check_region(&self.province, &self.city, &self.county));
        let on_site = matches!(mode, Some("offline" | "hybrid"));
        let address = e.check(
            "address",
            if on_site { required_text(&self.address, 120) } else { optional_text(&self.address, 120) },
        );
        let online_link = e.check("online_link", parse_link(&self.online_link));
        let coordinates = e.check("coordinates", parse_coordinates(&self.lat, &self.lng));
        let starts = e.check("starts_at", parse_local_datetime(&self.starts_at));
        let ends = e.check("ends_at", parse_local_datetime(&self.ends_at));
        if let (Some(s), Some(t)) = (starts, ends) {
            if t <= s {
                e.push("ends_at", Invalid::EndsBeforeStart);
            } else if t - s > MAX_SPAN_US {
                e.push("ends_at", Invalid::SpanTooLong { max_days: MAX_SPAN_DAYS });
            }
        }
        let opens = e.check("signup_opens_at", optional_time(&self.signup_opens_at));
        let closes = e.check("signup_closes_at", optional_time(&self.signup_closes_at));
        let closes_at = closes.flatten().or(starts);
        if let (Some(c), Some(t)) = (closes_at, ends) {
            let opened_before = opens.flatten().is_none_or(|o| o < c);
            if !opened_before || c > t {
                e.push("signup_closes_at", Invalid::SignupWindow);
            }
        }
        let deadline = e.check("cancel_deadline_at", optional_time(&self.cancel_deadline_at));
        let deadline_at = deadline.flatten().or(starts);
        if let (Some(d), Some(s)) = (deadline_at, starts) {
            if d > s {
                e.push("cancel_deadline_at", Invalid::AfterStart);
            }
        }
        let capacity = e.check("capacity", parse_count(&self.capacity, 1, MAX_CAPACITY));
        let min_age = e.check("min_age", optional_age(&self.min_age));
        let max_age = e.check("max_age", optional_age(&self.max_age));
        if let (Some(Some(lo)), Some(Some(hi))) = (min_age, max_age) {
            if lo > hi {
                e.push("max_age", Invalid::AgeRange);
            }
        }
        let skills = e.check("skills", optional_text(&self.skills, 200));
        let qualification = e.check("qualification", optional_text(&self.qualification, 60));
        let risks = e.check("risks", optional_text(&self.risks, 1000));
        let contact_name = e.check("contact_name", required_text(&self.contact_name, 30));
        let contact_phone =
            e.check("contact_phone", parse_phone(&self.contact_phone).and_then(|p| p.ok_or(Invalid::Required)));
        let plan_values =
            [&self.purpose, &self.process, &self.support, &self.funding, &self.emergency_plan, &self.publicity];
        let mut plan: [String; 6] = Default::default();
        for (i, value) in plan_values.iter().enumerate() {
            if let Some(v) = e.check(PLAN_FIELDS[i], optional_text(value, 2000)) {
                plan[i] = v;
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        let missing = || {
            let mut e = FieldErrors::new();
            e.push("title", Invalid::Required);
            e
        };
        let starts_at = starts.ok_or_else(missing)?;
        Ok(ValidActivity {
            org_id: self.org_id,
            project_id: self.project_id,
            title: title.ok_or_else(missing)?,
            category: category.ok_or_else(missing)?,
            content_form: content_form.ok_or_else(missing)?,
            mode: mode.ok_or_else(missing)?,
            service_objects: objects.ok_or_else(missing)?,
            special_groups: groups.ok_or_else(missing)?,
            content: content.ok_or_else(missing)?,
            province: self.province.trim().to_owned(),
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            address: address.ok_or_else(missing)?,
            online_link: online_link.ok_or_else(missing)?,
            coordinates: coordinates.ok_or_else(missing)?,
            starts_at,
            ends_at: ends.ok_or_else(missing)?,
            signup_opens_at: opens.ok_or_else(missing)?,
            signup_closes_at: closes_at.ok_or_else(missing)?,
            cancel_deadline_at: deadline_at.ok_or_else(missing)?,
            capacity: capacity.ok_or_else(missing)?,
            needs_approval: self.needs_approval,
            min_age: min_age.ok_or_else(missing)?,
            max_age: max_age.ok_or_else(missing)?,
            skills: skills.ok_or_else(missing)?,
            qualification: qualification.ok_or_else(missing)?,
            training_required: self.training_required,
            insurance_required: self.insurance_required,
            risks: risks.ok_or_else(missing)?,
            contact_name: contact_name.ok_or_else(missing)?,
            contact_phone: contact_phone.ok_or_else(missing)?,
            plan,
            venue_id: self.venue_id.filter(|v| *v > 0),
        })
    }

    /// A filled-in example (tests, the demo seed and the benchmark start from it).
    pub fn sample(org_id: i64) -> ActivityInput {
        ActivityInput {
            org_id,
            title: "社区科普讲座：家庭安全用电".into(),
            category: "science_lecture".into(),
            content_form: "education".into(),
            mode: "offline".into(),
            service_objects: vec!["public".into()],
            content: "面向社区居民讲解家庭安全用电常识，现场演示漏电保护器的使用。".into(),
            province: "32".into(),
            city: "3204".into(),
            county: "320412".into(),
            address: "常州市武进区湖塘镇社区服务中心二楼".into(),
            lat: "31.7060".into(),
            lng: "119.9420".into(),
            starts_at: "2030-06-01T09:00".into(),
            ends_at: "2030-06-01T11:30".into(),
            capacity: "20".into(),
            contact_name: "王强".into(),
            contact_phone: "13900000003".into(),
            ..Default::default()
        }
    }
}

/// What is stored about an activity's course; the rest of its [`Phase`] comes from the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Draft,
    Published,
    Cancelled,
}

impl ActivityStatus {
    pub fn code(self) -> &'static str {
        match self {
            ActivityStatus::Draft => "draft",
            ActivityStatus::Published => "published",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityStatus> {
        [ActivityStatus::Draft, ActivityStatus::Published, ActivityStatus::Cancelled]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Where an activity stands (F-21): stored for draft and cancelled, otherwise from the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Draft,
    Cancelled,
    /// Published, sign-up not open yet (即将报名).
    NotOpen,
    /// 报名中
    Recruiting,
    /// 报名结束
    SignupClosed,
    /// 活动中
    InProgress,
    /// 活动结束
    Ended,
}

impl Phase {
    pub const FILTERABLE: [Phase; 4] = [Phase::Recruiting, Phase::SignupClosed, Phase::InProgress, Phase::Ended];

    pub fn of(
        status: ActivityStatus,
        signup_opens_at: i64,
        signup_closes_at: i64,
        starts_at: i64,
        ends_at: i64,
        now: i64,
    ) -> Phase {
        match status {
            ActivityStatus::Draft => Phase::Draft,
            ActivityStatus::Cancelled => Phase::Cancelled,
            _ if now >= ends_at => Phase::Ended,
            _ if now >= starts_at => Phase::InProgress,
            _ if now >= signup_closes_at => Phase::SignupClosed,
            _ if now >= signup_opens_at => Phase::Recruiting,
            _ => Phase::NotOpen,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Cancelled => "cancelled",
            Phase::NotOpen => "not_open",
            Phase::Recruiting => "recruiting",
            Phase::SignupClosed => "signup_closed",
            Phase::InProgress => "in_progress",
            Phase::Ended => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Phase> {
        [
            Phase::Draft,
            Phase::Cancelled,
            Phase::NotOpen,
            Phase::Recruiting,
            Phase::SignupClosed,
            Phase::InProgress,
            Phase::Ended,
        ]
        .into_iter()
        .find(|p| p.code() == code)
    }
}

/// What a volunteer's sign-up currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignupStatus {
    /// Waiting for the organiser's approval.
    Pending,
    Confirmed,
    Waitlisted,
    Cancelled,
    Declined,
}

impl SignupStatus {
    pub fn code(self) -> &'static str {
        match self {
            SignupStatus::Pending => "pending",
            SignupStatus::Confirmed => "confirmed",
            SignupStatus::Waitlisted => "waitlisted",
            SignupStatus::Cancelled => "cancelled",
            SignupStatus::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<SignupStatus> {
        [
            SignupStatus::Pending,
            SignupStatus::Confirmed,
            SignupStatus::Waitlisted,
            SignupStatus::Cancelled,
            SignupStatus::Declined,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// A stored status; anything else is a broken row, reported as an internal error.
    #[cfg(feature = "ssr")]
    pub fn stored(code: &str) -> Result<SignupStatus, crate::error::AppError> {
        SignupStatus::from_code(code)
            .ok_or_else(|| crate::error::AppError::internal(format!("unknown sign-up status {code:?}")))
    }

    /// Holds (or waits for) a place: pending, confirmed or waitlisted.
    pub fn is_open(self) -> bool {
        matches!(self, SignupStatus::Pending | SignupStatus::Confirmed | SignupStatus::Waitlisted)
    }
}

/// What a post from an activity's page did. Every action there (sign up, cancel a sign-up,
/// cancel the activity) is a form post the server answers with a redirect to the page, the
/// outcome named in the address (`?done=`), so the page the browser comes back to says what
/// happened, with or without its script. The page shows it only where its own data bears it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    SignedUp,
    SignupCancelled,
    ActivityCancelled,
}

impl Done {
    /// The address parameter that carries it.
    pub const PARAM: &'static str = "done";
    const ALL: [Done; 3] = [Done::SignedUp, Done::SignupCancelled, Done::ActivityCancelled];

    pub fn name(self) -> &'static str {
        match self {
            Done::SignedUp => "signed-up",
            Done::SignupCancelled => "sign-up-cancelled",
            Done::ActivityCancelled => "activity-cancelled",
        }
    }

    pub fn parse(name: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The activity's page after this, scrolled to the status line that says it.
    pub fn page(self, activity: i64) -> String {
        format!("/activities/{activity}?{}={}#activity-status", Done::PARAM, self.name())
    }
}

/// The volunteer's side of signing up: the acknowledgements the activity asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignupInput {
    pub activity_id: i64,
    /// "I have read the risks" (CVST 1 §4.1 d), when the activity discloses risks.
    pub risks_read: bool,
    /// "I have insurance or accept the organiser's" (CVST 4 §5.1.4 b), when required.
    pub insurance_ack: bool,
    /// "I have taken (or will take) the required training", when required.
    pub training_ack: bool,
}

/// The acknowledgements an activity requires, checked in the browser and on the server.
pub fn check_acknowledgements(
    input: &SignupInput,
    has_risks: bool,
    insurance: bool,
    training: bool,
) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if has_risks && !input.risks_read {
        e.push("risks_read", Invalid::MustAccept);
    }
    if insurance && !input.insurance_ack {
        e.push("insurance_ack", Invalid::MustAccept);
    }
    if training && !input.training_ack {
        e.push("training_ack", Invalid::MustAccept);
    }
    e.finish(|| ())
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    on.years_since(birth).unwrap_or(0)
}

/// Whether a volunteer's qualifications text names the required one (case and spacing ignored).
pub fn has_qualification(held: &str, required: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    let required = squash(required);
    required.is_empty() || squash(held).contains(&required)
}

/// Two time ranges overlap (half-open).
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Project details (F-26, CVST 3 §9).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectInput {
    pub org_id: i64,
    pub name: String,
    pub summary: String,
    pub service_objects: Vec<String>,
    pub goals: String,
    pub cycle: String,
    pub guarantees: String,
    pub brand_mark: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProject {
    pub name: String,
    pub summary: String,
    pub service_objects: Vec<&'static str>,
    pub goals: String,
    pub cycle: String,
    pub guarantees: String,
    pub brand_mark: String,
}

impl ProjectInput {
    pub fn validate(&self) -> Result<ValidProject, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = e.check("name", required_text(&self.name, 60));
        let summary = e.check("summary", required_text(&self.summary, 1000));
        let objects = e.check("service_objects", many_of(&SERVICE_OBJECT, &self.service_objects));
        let goals = e.check("goals", required_text(&self.goals, 1000));
        let cycle = e.check("cycle", required_text(&self.cycle, 100));
        let guarantees = e.check("guarantees", optional_text(&self.guarantees, 1000));
        let brand_mark = e.check("brand_mark", optional_text(&self.brand_mark, 60));
        match (name, summary, objects, goals, cycle, guarantees, brand_mark) {
            (
                Some(name),
                Some(summary),
                Some(service_objects),
                Some(goals),
                Some(cycle),
                Some(guarantees),
                Some(brand_mark),
            ) if e.is_empty() => {
                Ok(ValidProject { name, summary, service_objects, goals, cycle, guarantees, brand_mark })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        parse_local_datetime(text).unwrap()
    }

    #[test]
    fn the_sample_is_valid() {
        let valid = ActivityInput::sample(4).validate().unwrap();
        assert_eq!(valid.signup_closes_at, valid.starts_at, "sign-up closes at the start by default");
        assert_eq!(valid.cancel_deadline_at, valid.starts_at);
        assert_eq!(valid.coordinates, Some((31_706_000, 119_942_000)));
    }

    #[test]
    fn local_times_are_shanghai_wall_clock() {
        // 09:00 in Shanghai is 01:00 UTC.
        let us = at("2030-06-01T09:00");
        let utc = chrono::DateTime::<chrono::Utc>::from_timestamp_micros(us).unwrap();
        assert_eq!(utc.format("%Y-%m-%d %H:%M").to_string(), "2030-06-01 01:00");
        assert_eq!(at("2030-06-01 09:00"), us);
        assert_eq!(format_local_input(us), "2030-06-01T09:00");
        assert_eq!(parse_local_datetime("2030-13-01T09:00"), Err(Invalid::DateTimeFormat));
        assert_eq!(parse_local_datetime("soon"), Err(Invalid::DateTimeFormat));
    }

    #[test]
    fn an_activity_may_cross_midnight_but_must_end_after_it_starts() {
        let mut input = ActivityInput::sample(4);
        input.starts_at = "2030-06-01T22:00".into();
        input.ends_at = "2030-06-02T02:00".into();
        let valid = input.validate().unwrap();
        assert_eq!(valid.ends_at - valid.starts_at, 4 * 3_600_000_000);
        input.ends_at = "2030-06-01T21:00".into();
        assert_eq!(input.validate().unwrap_err().get("ends_at"), Some(Invalid::EndsBeforeStart));
        input.ends_at = "2030-07-05T21:00".into();
        assert_eq!(
            input.validate().unwrap_err().get("ends_at"),
            Some(Invalid::SpanTooLong { max_days: MAX_SPAN_DAYS })
        );
    }

    #[test]
    fn sign_up_window_and_cancellation_deadline_are_checked() {
        let mut input = ActivityInput::sample(4);
        input.signup_opens_at = "2030-05-20T09:00".into();
        input.signup_closes_at = "2030-05-10T09:00".into();
        assert_eq!(input.validate().unwrap_err().get("signup_closes_at"), Some(Invalid::SignupWindow));
        input.signup_closes_at = "2030-06-01T12:00".into();
        assert_eq!(input.validate().unwrap_err().get("signup_closes_at"), Some(Invalid::SignupWindow), "after the end");
        input.signup_closes_at = "2030-05-31T18:00".into();
        input.cancel_deadline_at = "2030-06-01T10:00".into();
        assert_eq!(input.validate().unwrap_err().get("cancel_deadline_at"), Some(Invalid::AfterStart));
        input.cancel_deadline_at = "2030-05-31T09:00".into();
        assert!(input.validate().is_ok());
    }

    #[test]
    fn on_site_needs_an_address_and_coordinates_come_in_pairs() {
        let mut input = ActivityInput::sample(4);
        input.address = " ".into();
        input.lng = String::new();
        let errors = input.validate().unwrap_err();
        assert_eq!(errors.get("address"), Some(Invalid::Required));
        assert_eq!(errors.get("coordinates"), Some(Invalid::Coordinates));
        input.mode = "online".into();
        input.lat = String::new();
        input.online_link = "meeting.example.com".into();
        assert_eq!(input.validate().unwrap_err().get("online_link"), Some(Invalid::UrlFormat));
        input.online_link = "https://meeting.example.com/j/123".into();
        assert!(input.validate().is_ok());
    }

    #[test]
    fn every_reported_field_is_a_form_field() {
        let input = ActivityInput { min_age: "30".into(), max_age: "20".into(), ..Default::default() };
        let errors = input.validate().unwrap_err();
        for e in &errors.0 {
            assert!(ACTIVITY_FIELDS.contains(&e.field.as_str()), "{} is not in ACTIVITY_FIELDS", e.field);
        }
        assert_eq!(errors.get("max_age"), Some(Invalid::AgeRange));
        assert_eq!(errors.get("capacity"), Some(Invalid::Required));
    }

    #[test]
    fn phase_follows_the_clock() {
        let (open, close, start, end) = (10, 20, 30, 40);
        let phase = |now| Phase::of(ActivityStatus::Published, open, close, start, end, now);
        assert_eq!(phase(5), Phase::NotOpen);
        assert_eq!(phase(10), Phase::Recruiting);
        assert_eq!(phase(20), Phase::SignupClosed);
        assert_eq!(phase(30), Phase::InProgress);
        assert_eq!(phase(40), Phase::Ended);
        assert_eq!(Phase::of(ActivityStatus::Cancelled, open, close, start, end, 15), Phase::Cancelled);
        assert_eq!(Phase::of(ActivityStatus::Draft, open, close, start, end, 15), Phase::Draft);
        for p in Phase::FILTERABLE {
            assert_eq!(Phase::from_code(p.code()), Some(p));
        }
    }

    #[test]
    fn activity_statuses_are_stored_and_sent_as_their_codes() {
        for s in [ActivityStatus::Draft, ActivityStatus::Published, ActivityStatus::Cancelled] {
            assert_eq!(ActivityStatus::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
        assert_eq!(ActivityStatus::from_code("ended"), None);
    }

    #[test]
    fn conditions_helpers() {
        let birth = NaiveDate::from_ymd_opt(2008, 6, 2).unwrap();
        assert_eq!(age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()), 17);
        assert_eq!(age_on(birth, NaiveDate::from_ymd_opt(2026, 6, 2).unwrap()), 18);
        assert!(has_qualification("执业医师 心理咨询师", "心理 咨询师"));
        assert!(!has_qualification("", "执业医师"));
        assert!(has_qualification("", ""));
        assert!(overlaps((0, 10), (9, 20)));
        assert!(!overlaps((0, 10), (10, 20)));
        let input = SignupInput { activity_id: 1, risks_read: true, ..Default::default() };
        assert!(check_acknowledgements(&input, true, false, false).is_ok());
        assert_eq!(
            check_acknowledgements(&input, true, true, false).unwrap_err().get("insurance_ack"),
            Some(Invalid::MustAccept)
        );
    }

    #[test]
    fn each_outcome_reads_back_from_the_address_it_names() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.name()), Some(done));
        }
        assert_eq!(Done::SignedUp.page(7), "/activities/7?done=signed-up#activity-status");
        assert_eq!(Done::parse("signed_up"), None);
    }

    #[test]
    fn a_project_needs_its_cvst_fields() {
        let errors = ProjectInput::default().validate().unwrap_err();
        for field in ["name", "summary", "service_objects", "goals", "cycle"] {
            assert_eq!(errors.get(field), Some(Invalid::Required), "{field}");
        }
    }
}
