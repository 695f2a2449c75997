//! The 18-character resident identity number (GB 11643-1999) and what the profile derives from
//! it: birth date, age and gender (F-03, F-04; the age ≥ 18 rule comes from the Gansu notice).
//!
//! Layout: 6-digit region code of first registration, 8-digit birth date YYYYMMDD, 3-digit
//! sequence (odd for men, even for women), 1 check character (ISO 7064 MOD 11-2, 0–9 or X).
//! The region part is deliberately not checked against today's division codes: a number keeps the
//! code of the county where it was issued, which may since have been renamed or merged away.
use crate::validation::Invalid;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

pub use crate::volunteers::gender::Gender;

/// The youngest age at which someone may register as an S&T volunteer.
pub const MIN_AGE: u32 = 18;

/// ISO 7064 MOD 11-2 weights for the first 17 digits (2^(18-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each weighted-sum remainder 0..=10.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// The check character for 17 ASCII digits; `None` if `digits` is anything else.
pub fn check_char(digits: &str) -> Option<char> {
    let b = digits.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(char::from(CHECK_CHARS[(sum % 11) as usize]))
}

/// A well-formed resident ID number: 18 characters, correct check character (upper-case X),
/// and a real birth date from 1900 on. Whether the date is in the past and the holder adult is
/// a matter of the day of checking: see [`check_id_for_person`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    value: String,
    birth_date: NaiveDate,
}

impl IdNumber {
    pub fn parse(raw: &str) -> Result<IdNumber, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        let b = raw.as_bytes();
        // Byte checks suffice: any non-ASCII character fails them, so slicing below is safe.
        let well_formed = b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x');
        if !well_formed {
            return Err(Invalid::IdFormat);
        }
        let value = raw.to_ascii_uppercase();
        // The checksum is tested before the date: a single mistyped digit always breaks the
        // checksum (the weights are non-zero mod 11), so "check the number" is the right
        // message for a typo even when the typo also lands in the date.
        if check_char(&value[..17]) != Some(char::from(value.as_bytes()[17])) {
            return Err(Invalid::IdChecksum);
        }
        let birth_date = parse_birth_date(&value[6..14]).ok_or(Invalid::IdBirthDate)?;
        Ok(IdNumber { value, birth_date })
    }

    /// The 18 characters, with an upper-case X.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn into_inner(self) -> String {
        self.value
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// From the 17th character: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.value.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// The 6-digit region code of first registration.
    pub fn region_prefix(&self) -> &str {
        &self.value[..6]
    }

    /// Completed years on `today` (0 if `today` is before the birth date).
    ///
    /// The birthday counts from its own date; someone born on 29 February becomes a year older
    /// on 1 March in common years (not yet on 28 February).
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        age_on(self.birth_date, today)
    }

    /// "1101**********002X": first 4 and last 4 characters, for everyone but the holder and
    /// entitled staff (F-05).
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.value[..4], "*".repeat(10), &self.value[14..])
    }
}

fn parse_birth_date(yyyymmdd: &str) -> Option<NaiveDate> {
    let year: i32 = yyyymmdd.get(..4)?.parse().ok()?;
    let month: u32 = yyyymmdd.get(4..6)?.parse().ok()?;
    let day: u32 = yyyymmdd.get(6..8)?.parse().ok()?;
    if year < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if today < birth {
        return 0;
    }
    let years = today.year() - birth.year();
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    let years = if before_birthday { years - 1 } else { years };
    u32::try_from(years).unwrap_or(0)
}

/// Parses an ID number and checks it for the person registering: the birth date is not after
/// `today`, the holder is at least [`MIN_AGE`], and, when a gender was chosen, it matches the
/// number's. `today` is passed in (the platform clock) so the same check gives the same answer in
/// the browser and on the server, and tests can pin the day.
pub fn check_id_for_person(raw: &str, gender: Option<Gender>, today: NaiveDate) -> Result<IdNumber, Invalid> {
    let id = IdNumber::parse(raw)?;
    if id.birth_date > today {
        return Err(Invalid::IdBirthDate);
    }
    if id.age_on(today) < MIN_AGE {
        return Err(Invalid::IdTooYoung { min_age: MIN_AGE });
    }
    if let Some(g) = gender {
        if g != id.gender() {
            return Err(Invalid::IdGenderMismatch);
        }
    }
    Ok(id)
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

/// Masked, so a stray `{:?}` in a log line does not leak the number (F-05).
impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

/// A plain string on the wire, checked (and the birth date derived) on the way in.
impl<'de> Deserialize<'de> for IdNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        IdNumber::parse(&raw).map_err(|e| serde::de::Error::custom(format!("invalid ID number: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Months;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Builds a valid number from its parts.
    fn make(region: &str, birth: NaiveDate, seq: u32) -> String {
        let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let check = check_char(&body).unwrap();
        format!("{body}{check}")
    }

    #[test]
    fn the_published_sample_is_valid() {
        // 11010519491231002X: Beijing Chaoyang, born 1949-12-31, sequence 002 (female).
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), date(1949, 12, 31));
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.region_prefix(), "110105");
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(id.masked().len(), 18);
        assert_eq!(format!("{id:?}"), "IdNumber(1101**********002X)");
        assert_eq!(id.to_string(), "11010519491231002X");
    }

    #[test]
    fn known_numbers_computed_by_hand() {
        // 44052418800101001?: sum = 4·7+4·9+0·10+5·5+2·8+4·4+1·2+8·1+8·6+0·3+0·7+1·9+0·10+1·5
        //   +0·8+0·4+1·2 = 28+36+25+16+16+2+8+48+9+5+2 = 195; 195 mod 11 = 8 → '4'.
        assert_eq!(check_char("44052418800101001"), Some('4'));
        let id = IdNumber::parse("440524188001010014");
        assert_eq!(id, Err(Invalid::IdBirthDate)); // 1880 is before 1900
                                                   // 320412199003070017: sum = 3·7+2·9+0·10+4·5+1·8+2·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5
                                                   //   +0·8+0·4+1·2 = 21+18+20+8+8+2+9+54+27+35+2 = 204; 204 mod 11 = 6 → '6'.
        assert_eq!(check_char("32041219900307001"), Some('6'));
        let id = IdNumber::parse("320412199003070016").unwrap();
        assert_eq!(id.gender(), Gender::Male);
        assert_eq!(id.birth_date(), date(1990, 3, 7));
        // Lower-case x is normalised.
        let id = IdNumber::parse(" 11010519491231002x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn format_errors() {
        assert_eq!(IdNumber::parse(""), Err(Invalid::Required));
        assert_eq!(IdNumber::parse("   "), Err(Invalid::Required));
        for raw in [
            "11010519491231002",   // 17
            "11010519491231002X1", // 19
            "1101051949123100XX",
            "X10105194912310020",
            "11010519491231002Y",
            "110105 19491231002X",
            "１１０１０５１９４９１２３１００２X", // full-width digits
            "11010519491231002Ⅹ",                  // Roman numeral ten
        ] {
            assert_eq!(IdNumber::parse(raw), Err(Invalid::IdFormat), "{raw}");
        }
    }

    #[test]
    fn checksum_and_date_errors() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(Invalid::IdChecksum));
        assert_eq!(IdNumber::parse("110105194912310020"), Err(Invalid::IdChecksum));
        // Valid checksums around impossible dates.
        assert_eq!(
            IdNumber::parse(&format!("32041219900230001{}", check_char("32041219900230001").unwrap())),
            Err(Invalid::IdBirthDate)
        );
        assert_eq!(
            IdNumber::parse(&format!("32041219901301001{}", check_char("32041219901301001").unwrap())),
            Err(Invalid::IdBirthDate)
        );
        assert_eq!(
            IdNumber::parse(&format!("32041219900000001{}", check_char("32041219900000001").unwrap())),
            Err(Invalid::IdBirthDate)
        );
        assert_eq!(
            IdNumber::parse(&format!("32041218991231001{}", check_char("32041218991231001").unwrap())),
            Err(Invalid::IdBirthDate)
        );
        assert!(IdNumber::parse(&make("320412", date(1900, 1, 1), 1)).is_ok());
        assert!(IdNumber::parse(&make("320412", date(2000, 2, 29), 1)).is_ok());
    }

    #[test]
    fn person_checks() {
        let today = date(2026, 11, 23);
        let sample = "11010519491231002X";
        assert!(check_id_for_person(sample, None, today).is_ok());
        assert!(check_id_for_person(sample, Some(Gender::Female), today).is_ok());
        assert_eq!(check_id_for_person(sample, Some(Gender::Male), today), Err(Invalid::IdGenderMismatch));
        assert_eq!(check_id_for_person("", None, today), Err(Invalid::Required));
        let future = make("320412", date(2027, 1, 1), 11);
        assert_eq!(check_id_for_person(&future, None, today), Err(Invalid::IdBirthDate));
        let child = make("320412", date(2010, 5, 5), 11);
        assert_eq!(check_id_for_person(&child, None, today), Err(Invalid::IdTooYoung { min_age: 18 }));
        // Age is checked before gender: the younger-than-18 message is the one that matters.
        assert_eq!(check_id_for_person(&child, Some(Gender::Female), today), Err(Invalid::IdTooYoung { min_age: 18 }));
    }

    #[test]
    fn ages_around_birthdays() {
        let id = IdNumber::parse(&make("320412", date(2000, 6, 15), 1)).unwrap();
        assert_eq!(id.age_on(date(2018, 6, 14)), 17);
        assert_eq!(id.age_on(date(2018, 6, 15)), 18);
        assert_eq!(id.age_on(date(2018, 6, 16)), 18);
        assert_eq!(id.age_on(date(1999, 1, 1)), 0);
        assert_eq!(id.age_on(date(2000, 6, 15)), 0);
        let leap = IdNumber::parse(&make("320412", date(2004, 2, 29), 2)).unwrap();
        assert_eq!(leap.age_on(date(2022, 2, 28)), 17);
        assert_eq!(leap.age_on(date(2022, 3, 1)), 18);
        assert_eq!(leap.age_on(date(2024, 2, 28)), 19);
        assert_eq!(leap.age_on(date(2024, 2, 29)), 20);
        assert_eq!(
            check_id_for_person(leap.as_str(), None, date(2022, 2, 28)),
            Err(Invalid::IdTooYoung { min_age: 18 })
        );
        assert!(check_id_for_person(leap.as_str(), None, date(2022, 3, 1)).is_ok());
    }

    #[test]
    fn serde_is_a_checked_string() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""11010519491231002X""#);
        assert_eq!(serde_json::from_str::<IdNumber>(r#""11010519491231002x""#).unwrap(), id);
        assert!(serde_json::from_str::<IdNumber>(r#""110105194912310021""#).is_err());
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 1900-01-01 ..= 2099-12-31, as day numbers from the Common Era.
        (693_596i32..=766_644).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap())
    }

    fn parts() -> impl Strategy<Value = (String, NaiveDate, u32)> {
        ("[1-8][0-9]{5}", any_date(), 0u32..1000)
    }

    proptest! {
        #[test]
        fn built_numbers_parse_and_report_their_parts((region, birth, seq) in parts(), lower in any::<bool>()) {
            let raw = make(&region, birth, seq);
            let typed = if lower { raw.to_ascii_lowercase() } else { raw.clone() };
            let id = IdNumber::parse(&typed).expect("valid number refused");
            prop_assert_eq!(id.as_str(), raw.as_str());
            prop_assert_eq!(id.birth_date(), birth);
            prop_assert_eq!(id.gender(), if seq % 2 == 1 { Gender::Male } else { Gender::Female });
            prop_assert_eq!(id.region_prefix(), region.as_str());
            let masked = id.masked();
            prop_assert_eq!(masked.len(), 18);
            prop_assert_eq!(&masked[..4], &raw[..4]);
            prop_assert_eq!(&masked[14..], &raw[14..]);
            prop_assert!(masked[4..14].bytes().all(|b| b == b'*'));
        }

        #[test]
        fn one_changed_digit_is_always_refused(
            (region, birth, seq) in parts(),
            pos in 0usize..17,
            delta in 1u8..10,
        ) {
            let raw = make(&region, birth, seq);
            let mut bytes = raw.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            let result = IdNumber::parse(&changed);
            prop_assert!(result.is_err());
            // Checksum comes first and a single substitution always breaks it.
            prop_assert_eq!(result, Err(Invalid::IdChecksum));
        }

        #[test]
        fn adult_from_the_eighteenth_birthday(today in (726_000i32..=766_000).prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap()), seq in 0u32..1000) {
            // Exactly 18 years before (29 Feb falls back to 28 Feb when the year has none).
            let born = today.checked_sub_months(Months::new(12 * MIN_AGE)).unwrap();
            let adult = make("320412", born, seq);
            prop_assert!(check_id_for_person(&adult, None, today).is_ok());
            let younger = make("320412", born.succ_opt().unwrap(), seq);
            prop_assert_eq!(check_id_for_person(&younger, None, today), Err(Invalid::IdTooYoung { min_age: MIN_AGE }));
        }
    }
}
