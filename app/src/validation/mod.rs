//! The vocabulary of validation shared by browser and server.
//!
//! Validators return an [`Invalid`] code, never a sentence: the sentence is looked up in the
//! locale files (`errors.*`), so the same failure reads the same under the form field (checked
//! in WASM before any request) and when the server function refuses a request that bypassed the
//! browser — in whichever language the person chose.
mod keyword;

pub use keyword::{keyword_from_address, Keyword, MAX_KEYWORD_CHARS, MAX_KEYWORD_TERMS};

use crate::wire::{coded, coded_enum, CodedMap};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

coded_enum! {
    /// Why one field's value was refused.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    #[serde(tag = "code", rename_all = "snake_case")]
    pub enum Invalid {
        /// The field is required and was empty.
        Required = "required",
        /// Longer than `max` characters (Unicode scalar values, so 汉字 count as one).
        TooLong { max } = "too_long",
        /// Shorter than `min` characters.
        TooShort { min } = "too_short",
        /// A search keyword of more than `max` words (see [`Keyword`]).
        TooManyTerms { max } = "too_many_terms",
        /// Not an 11-digit mainland mobile number starting 13–19.
        MobileFormat = "mobile_format",
        /// Not a 6-digit SMS code.
        SmsCodeFormat = "sms_code_format",
        /// Not 18 characters of digits with an optional final X.
        IdFormat = "id_format",
        /// The GB 11643 check character does not match.
        IdChecksum = "id_checksum",
        /// The birth date inside the ID number is not a real date, or lies in the future.
        IdBirthDate = "id_birth_date",
        /// Younger than the minimum age (18) on the day of checking.
        IdTooYoung { min_age } = "id_too_young",
        /// The gender chosen does not match the ID number's sequence digit.
        IdGenderMismatch = "id_gender_mismatch",
        /// The ID number is already on another account (one person, one account).
        IdTaken = "id_taken",
        /// No account uses this mobile number: its holder has never signed in with an SMS code, and
        /// nobody else may create their account for them.
        MobileNoAccount = "mobile_no_account",
        /// Not a GB/T 2260 code at the expected level, or the county is not inside the city.
        RegionUnknown = "region_unknown",
        /// Not one of the closed list's values.
        NotInList = "not_in_list",
        /// A password shorter than 8 characters or without both letters and digits.
        PasswordWeak = "password_weak",
        /// A name with characters other than Chinese, letters, the middle dot or spaces.
        NameChars = "name_chars",
        /// An organisation name outside the accepted forms of CVST 1 §5.2.
        OrgNamePattern = "org_name_pattern",
        /// A corps (top level) must be named …总队.
        OrgNameCorpsSuffix = "org_name_corps_suffix",
        /// 总队 is reserved for corps, which only a platform admin creates.
        OrgNameCorpsReserved = "org_name_corps_reserved",
        /// A project, place or field name containing 中国, 全国, 中华, 国家, 国际, 世界 or 全球.
        OrgNameForbiddenWord = "org_name_forbidden_word",
        /// Another organisation already has this name.
        OrgNameTaken = "org_name_taken",
        /// Not a date written YYYY-MM-DD (or YYYY/M/D).
        DateFormat = "date_format",
        /// A date after today where only past dates make sense.
        DateInFuture = "date_in_future",
        /// A whole number outside `min..=max` (or not a number).
        NumberRange { min, max } = "number_range",
        /// Not a telephone number (digits, optionally with an area code and hyphen, 7–20 characters).
        PhoneFormat = "phone_format",
        /// Not a date and time written YYYY-MM-DD HH:MM (or the browser's YYYY-MM-DDTHH:MM).
        DateTimeFormat = "date_time_format",
        /// An end that is not after its start.
        EndsBeforeStart = "ends_before_start",
        /// An activity longer than `max_days`; longer undertakings are projects of several activities.
        SpanTooLong { max_days } = "span_too_long",
        /// Sign-up must close after it opens and no later than the activity ends.
        SignupWindow = "signup_window",
        /// A cancellation deadline after the activity starts.
        AfterStart = "after_start",
        /// A time that has already passed where only a future one makes sense.
        InThePast = "in_the_past",
        /// A minimum age above the maximum.
        AgeRange = "age_range",
        /// Latitude and longitude must both be given, within -90..90 and -180..180.
        Coordinates = "coordinates",
        /// Not a web address starting http:// or https://.
        UrlFormat = "url_format",
        /// A box that must be ticked (risks read, insurance acknowledged …).
        MustAccept = "must_accept",
        /// An uploaded file over `max_mb` MiB.
        FileTooLarge { max_mb } = "file_too_large",
        /// A sheet with more than `max` rows (blank rows between data rows count too).
        SheetTooManyRows { max } = "sheet_too_many_rows",
        /// A sheet wider than `max` columns.
        SheetTooManyColumns { max } = "sheet_too_many_columns",
        /// A file that unpacks to more than `max_mb` MiB (a compressed workbook is a zip).
        FileExpandsTooMuch { max_mb } = "file_expands_too_much",
        /// The lower bound of a range is above its upper bound (hours from … to …).
        RangeOrder = "range_order",
        /// A file whose first bytes are none of the accepted types (a make-up photo: JPEG, PNG, WebP).
        FileType = "file_type",
        /// A claimed span outside the activity's schedule (a make-up request).
        MakeupOutsideSchedule = "makeup_outside_schedule",
    }
}

/// One refused field: the form field's name and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub invalid: Invalid,
}

// Read by hand (crate::wire): the derived decoders of a tagged, flattened enum were the largest
// part of the browser modules' error handling.
impl<'de> Deserialize<'de> for Invalid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        coded(&CodedMap::deserialize(deserializer)?, Invalid::from_code)
    }
}

impl<'de> Deserialize<'de> for FieldError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = CodedMap::deserialize(deserializer)?;
        let invalid = coded(&map, Invalid::from_code)?;
        let field = map.field.ok_or_else(|| serde::de::Error::missing_field("field"))?;
        Ok(FieldError { field, invalid })
    }
}

/// All the refused fields of one form, in form order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: &str, invalid: Invalid) {
        self.0.push(FieldError { field: field.to_owned(), invalid });
    }

    /// Runs a parser, keeping the value when it passes and recording the failure otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.push(field, invalid);
                None
            }
        }
    }

    pub fn get(&self, field: &str) -> Option<Invalid> {
        self.0.iter().find(|e| e.field == field).map(|e| e.invalid)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was refused.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

/// Trims and checks a free-text field's length in characters.
pub fn text(value: &str, required: bool, max: u32) -> Result<Option<String>, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return if required { Err(Invalid::Required) } else { Ok(None) };
    }
    if value.chars().count() > max as usize {
        return Err(Invalid::TooLong { max });
    }
    Ok(Some(value.to_owned()))
}

/// A date as people write it in forms and spreadsheets: 2019-08-08, 2019/8/8 or 2019.8.8.
pub fn parse_date(value: &str) -> Result<NaiveDate, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Required);
    }
    let parts: Vec<&str> = value.split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(Invalid::DateFormat);
    };
    let number = |s: &str| s.trim().parse::<u32>().map_err(|_| Invalid::DateFormat);
    let year = number(y)? as i32;
    if !(1900..=9999).contains(&year) {
        return Err(Invalid::DateFormat);
    }
    NaiveDate::from_ymd_opt(year, number(m)?, number(d)?).ok_or(Invalid::DateFormat)
}

/// A past (or today's) date.
pub fn parse_past_date(value: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let date = parse_date(value)?;
    if date > today {
        return Err(Invalid::DateInFuture);
    }
    Ok(date)
}

/// A whole number in `min..=max`.
pub fn parse_count(value: &str, min: u32, max: u32) -> Result<u32, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Required);
    }
    value.parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or(Invalid::NumberRange { min, max })
}

/// The most hours a filter or a correction names: a lifetime of service, and then some.
pub const MAX_HOURS: u32 = 100_000;

/// An optional number of hours (`12`, `2.5`, `0.25`) as whole minutes, e.g. the bounds of an
/// hours filter; empty is `None`. At most two decimals, `0..=MAX_HOURS`.
pub fn parse_hours(value: &str) -> Result<Option<i64>, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let out_of_range = Invalid::NumberRange { min: 0, max: MAX_HOURS };
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 6 || fraction.len() > 2 || !digits(whole) || !digits(fraction) {
        return Err(out_of_range);
    }
    let hundredths = whole.parse::<i64>().map_err(|_| out_of_range)? * 100
        + format!("{fraction:0<2}").parse::<i64>().map_err(|_| out_of_range)?;
    if hundredths > i64::from(MAX_HOURS) * 100 {
        return Err(out_of_range);
    }
    // Rounded to the nearest minute: 0.01 h is 0.6 min.
    Ok(Some((hundredths * 60 + 50) / 100))
}

/// An optional phone: a mobile, or a landline like 0519-86619120 / 86619120.
pub fn parse_phone(value: &str) -> Result<Option<String>, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let shape_ok = value.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        && !value.starts_with('-')
        && (7..=20).contains(&digits);
    if shape_ok {
        Ok(Some(value.to_owned()))
    } else {
        Err(Invalid::PhoneFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_not_bytes() {
        assert_eq!(text("张三丰", true, 3), Ok(Some("张三丰".into())));
        assert_eq!(text("张三丰四", true, 3), Err(Invalid::TooLong { max: 3 }));
        assert_eq!(text("   ", true, 3), Err(Invalid::Required));
        assert_eq!(text("   ", false, 3), Ok(None));
    }

    #[test]
    fn hours_are_read_as_whole_minutes() {
        assert_eq!(parse_hours(""), Ok(None));
        assert_eq!(parse_hours(" 12 "), Ok(Some(720)));
        assert_eq!(parse_hours("2.5"), Ok(Some(150)));
        assert_eq!(parse_hours("0.25"), Ok(Some(15)));
        assert_eq!(parse_hours("0.01"), Ok(Some(1)));
        assert_eq!(parse_hours("100000"), Ok(Some(6_000_000)));
        let range = Err(Invalid::NumberRange { min: 0, max: MAX_HOURS });
        for bad in ["-1", "1.234", "abc", ".5", "1e3", "100000.01", "9999999", "1,5"] {
            assert_eq!(parse_hours(bad), range, "{bad}");
        }
    }

    #[test]
    fn field_errors_serialise_with_a_code() {
        let mut errs = FieldErrors::new();
        errs.push("id_number", Invalid::IdTooYoung { min_age: 18 });
        let json = serde_json::to_string(&errs).unwrap();
        assert_eq!(json, r#"[{"field":"id_number","code":"id_too_young","min_age":18}]"#);
        assert_eq!(serde_json::from_str::<FieldErrors>(&json).unwrap(), errs);
    }

    #[test]
    fn dates_accept_spreadsheet_spellings() {
        let d = NaiveDate::from_ymd_opt(2019, 8, 8).unwrap();
        for s in ["2019-08-08", "2019/8/8", "2019.8.8"] {
            assert_eq!(parse_date(s), Ok(d), "{s}");
        }
        assert_eq!(parse_date("2019-02-30"), Err(Invalid::DateFormat));
        assert_eq!(parse_date("8/8/2019"), Err(Invalid::DateFormat));
    }
}
