//! Mainland mobile numbers, SMS codes and passwords as typed values (F-01, F-04).
//!
//! A value of these types has passed its rule, so code further in never re-checks: a `Mobile` is
//! always the bare 11 digits (the form people type — "+86 137-1098-6743" — is normalised away),
//! which makes it safe to use as the login key and to compare.
use crate::validation::Invalid;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A mainland mobile number, normalised to 11 digits matching `^1[3-9]\d{9}$`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mobile(String);

/// Characters people put between digit groups; dropped before checking.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{FF0D}')
}

/// True for exactly the 11-digit numbers the carriers hand out (13x–19x).
fn is_mobile_digits(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)
}

impl Mobile {
    /// Parses what a person typed: surrounding whitespace, spaces or hyphens between digit
    /// groups, and a country prefix "+86", "86" or "0086" are all accepted.
    pub fn parse(raw: &str) -> Result<Mobile, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        let compact: String = raw.chars().filter(|c| !is_separator(*c)).collect();
        // "86"/"0086" are stripped only when what remains is 11 characters: a bare number always
        // starts with 1, so there is no ambiguity with a number that merely begins "86".
        let bare = if let Some(rest) = compact.strip_prefix("+86") {
            rest
        } else if compact.len() == 15 && compact.starts_with("0086") {
            &compact[4..]
        } else if compact.len() == 13 && compact.starts_with("86") {
            &compact[2..]
        } else {
            compact.as_str()
        };
        if is_mobile_digits(bare) {
            Ok(Mobile(bare.to_owned()))
        } else {
            Err(Invalid::MobileFormat)
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }

    /// "137****6743": what anyone but the owner and entitled staff sees (F-05).
    pub fn masked(&self) -> String {
        // Always 11 ASCII digits by construction, so byte slicing is on character boundaries.
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Masked, so a stray `{:?}` in a log line does not leak the number (F-05).
impl fmt::Debug for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mobile({})", self.masked())
    }
}

impl Serialize for Mobile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A plain string on the wire, but checked on the way in: a `Mobile` is never unvalidated.
impl<'de> Deserialize<'de> for Mobile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Mobile::parse(&raw).map_err(|e| serde::de::Error::custom(format!("invalid mobile: {e:?}")))
    }
}

/// A one-time SMS code: exactly six ASCII digits.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsCode(String);

impl SmsCode {
    pub fn parse(raw: &str) -> Result<SmsCode, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        if raw.len() == 6 && raw.bytes().all(|b| b.is_ascii_digit()) {
            Ok(SmsCode(raw.to_owned()))
        } else {
            Err(Invalid::SmsCodeFormat)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hidden: a live code is a credential until it is used.
impl fmt::Debug for SmsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmsCode(******)")
    }
}

/// Shortest accepted password, in characters.
pub const PASSWORD_MIN: usize = 8;
/// Longest accepted password, in characters: bounds the hashing work a request can cause.
pub const PASSWORD_MAX: usize = 64;

/// A password that meets the strength rule (8–64 characters with at least one letter and one
/// digit). Only the plain text is held; hashing happens on the server. It is deliberately not
/// `Serialize` and its `Debug` is redacted, so it cannot end up in a response or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Not trimmed: leading or trailing spaces may be part of what the person chose, and a
    /// password must be checked exactly as it will be hashed.
    pub fn parse(raw: &str) -> Result<Password, Invalid> {
        if raw.trim().is_empty() {
            return Err(Invalid::Required);
        }
        let len = raw.chars().count();
        let has_letter = raw.chars().any(char::is_alphabetic);
        let has_digit = raw.chars().any(|c| c.is_ascii_digit());
        if (PASSWORD_MIN..=PASSWORD_MAX).contains(&len) && has_letter && has_digit {
            Ok(Password(raw.to_owned()))
        } else {
            Err(Invalid::PasswordWeak)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_and_decorated_numbers_parse() {
        for raw in [
            "13710986743",
            "  13710986743 ",
            "137 1098 6743",
            "137-1098-6743",
            "+8613710986743",
            "+86 137 1098 6743",
            "86 13710986743",
            "8613710986743",
            "0086 137-1098-6743",
            "\t137\u{3000}1098\u{3000}6743\n",
        ] {
            assert_eq!(Mobile::parse(raw).map(|m| m.into_inner()), Ok("13710986743".to_owned()), "{raw:?}");
        }
        assert!(Mobile::parse("19912345678").is_ok());
        assert!(Mobile::parse("13012345678").is_ok());
    }

    #[test]
    fn bad_numbers_are_refused() {
        assert_eq!(Mobile::parse(""), Err(Invalid::Required));
        assert_eq!(Mobile::parse("   "), Err(Invalid::Required));
        for raw in [
            "1371098674",   // 10 digits
            "137109867430", // 12 digits
            "12710986743",  // 12x is not a mobile prefix
            "10710986743",
            "23710986743",
            "1371098674a",
            "+8513710986743", // another country
            "+86+8613710986743",
            "008613710986743X",
            "86 1371098674", // prefix + 10 digits
            "(137)10986743",
            "１３７１０９８６７４３", // full-width digits are not accepted silently
            "8686137109867",
        ] {
            assert_eq!(Mobile::parse(raw), Err(Invalid::MobileFormat), "{raw:?}");
        }
    }

    #[test]
    fn masking_and_display() {
        let m = Mobile::parse("137 1098 6743").unwrap();
        assert_eq!(m.masked(), "137****6743");
        assert_eq!(m.to_string(), "13710986743");
        assert_eq!(m.as_str(), "13710986743");
        assert_eq!(format!("{m:?}"), "Mobile(137****6743)");
    }

    #[test]
    fn serde_is_a_checked_string() {
        let m = Mobile::parse("13710986743").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), r#""13710986743""#);
        assert_eq!(serde_json::from_str::<Mobile>(r#""+86 137-1098-6743""#).unwrap(), m);
        assert!(serde_json::from_str::<Mobile>(r#""12345""#).is_err());
    }

    #[test]
    fn sms_codes() {
        assert_eq!(SmsCode::parse(" 012345 ").map(|c| c.as_str().to_owned()), Ok("012345".to_owned()));
        assert_eq!(SmsCode::parse(""), Err(Invalid::Required));
        for raw in ["12345", "1234567", "12 345", "12345a", "１２３４５６"] {
            assert_eq!(SmsCode::parse(raw), Err(Invalid::SmsCodeFormat), "{raw:?}");
        }
        assert_eq!(format!("{:?}", SmsCode::parse("123456").unwrap()), "SmsCode(******)");
    }

    #[test]
    fn passwords() {
        assert_eq!(Password::parse(""), Err(Invalid::Required));
        assert_eq!(Password::parse("   "), Err(Invalid::Required));
        assert!(Password::parse("abcdefg1").is_ok());
        assert!(Password::parse("科技志愿服务2024").is_ok());
        assert_eq!(Password::parse(" abc123 ").map(|p| p.as_str().to_owned()), Ok(" abc123 ".to_owned()));
        assert_eq!(Password::parse("abcdef1"), Err(Invalid::PasswordWeak)); // 7
        assert_eq!(Password::parse("abcdefgh"), Err(Invalid::PasswordWeak)); // no digit
        assert_eq!(Password::parse("12345678"), Err(Invalid::PasswordWeak)); // no letter
        assert!(Password::parse(&format!("a{}", "1".repeat(63))).is_ok()); // 64
        assert_eq!(Password::parse(&format!("a{}", "1".repeat(64))), Err(Invalid::PasswordWeak)); // 65
        assert_eq!(format!("{:?}", Password::parse("abcdefg1").unwrap()), "Password(***)");
    }

    /// A valid bare number.
    fn number() -> impl Strategy<Value = String> {
        ("[3-9]", "[0-9]{9}").prop_map(|(second, rest)| format!("1{second}{rest}"))
    }

    /// Spaces/hyphens inserted between any characters of `s`.
    fn decorate(s: &str, seps: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            out.push(c);
            match seps.get(i).copied().unwrap_or(0) % 4 {
                1 => out.push(' '),
                2 => out.push('-'),
                3 => out.push_str(" - "),
                _ => {}
            }
        }
        out
    }

    fn digits_of(s: &str) -> String {
        s.chars().filter(char::is_ascii_digit).collect()
    }

    proptest! {
        #[test]
        fn any_valid_number_round_trips(
            n in number(),
            prefix in prop::sample::select(vec!["", "+86", "86", "0086", "+86 ", "0086-"]),
            seps in prop::collection::vec(any::<u8>(), 11),
            lead in "[ \t]{0,3}",
            trail in "[ \t\n]{0,3}",
        ) {
            let raw = format!("{lead}{prefix}{}{trail}", decorate(&n, &seps));
            let m = Mobile::parse(&raw).expect("valid number refused");
            prop_assert_eq!(m.as_str(), n.as_str());
            prop_assert_eq!(Mobile::parse(m.as_str()).unwrap(), m.clone());
            let masked = m.masked();
            prop_assert_eq!(masked.chars().count(), 11);
            prop_assert_eq!(&masked[..3], &n[..3]);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[7..], &n[7..]);
        }

        /// Whatever is accepted, its digits are the number, optionally behind 86 / 0086.
        #[test]
        fn accepted_input_is_exactly_a_number(raw in "[0-9 +\\-a]{0,20}") {
            if let Ok(m) = Mobile::parse(&raw) {
                let d = digits_of(&raw);
                prop_assert!(is_mobile_digits(m.as_str()));
                prop_assert!(d == m.as_str() || d == format!("86{m}") || d == format!("0086{m}"), "{:?} -> {}", raw, m);
                prop_assert!(!raw.contains('a'));
            }
        }

        /// Digit strings that are not a number (wrong length, wrong prefix) are refused however
        /// they are decorated.
        #[test]
        fn numbers_with_invalid_digits_are_refused(
            d in "[0-9]{0,16}",
            seps in prop::collection::vec(any::<u8>(), 16),
        ) {
            let bare_ok = is_mobile_digits(&d)
                || d.strip_prefix("86").is_some_and(is_mobile_digits)
                || d.strip_prefix("0086").is_some_and(is_mobile_digits);
            prop_assume!(!bare_ok);
            let raw = decorate(&d, &seps);
            prop_assert!(Mobile::parse(&raw).is_err(), "{:?} accepted", raw);
        }
    }
}
