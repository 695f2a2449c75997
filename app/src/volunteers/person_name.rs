//! A real name (真实姓名) as it appears on an ID card (F-03, F-04).
use crate::validation::Invalid;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

pub const NAME_MIN: u32 = 2;
pub const NAME_MAX: u32 = 30;

/// A trimmed name of 2–30 characters made of Chinese characters, Latin letters, spaces and the
/// middle dots "·" / "•" that join transliterated names (e.g. 阿依古丽·买买提).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersonName(String);

/// CJK Unified Ideographs and their extensions: rare characters in names (䶮, 𠇔) live outside
/// the basic block, and a name that the public-security system prints must be typeable here.
fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // Extension A
        | 0x4E00..=0x9FFF    // basic block
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2EBEF  // Extensions B–F (and I)
        | 0x30000..=0x323AF  // Extensions G–H
    ) || c == '〇'
}

fn is_name_letter(c: char) -> bool {
    is_han(c) || c.is_ascii_alphabetic()
}

fn is_joiner(c: char) -> bool {
    matches!(c, ' ' | '·' | '•')
}

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid::Required);
        }
        if !name.chars().all(|c| is_name_letter(c) || is_joiner(c)) {
            return Err(Invalid::NameChars);
        }
        // A dot or space only joins parts: "·张三" or "张·" is a typing slip, not a name.
        let starts_ok = name.chars().next().is_some_and(is_name_letter);
        let ends_ok = name.chars().next_back().is_some_and(is_name_letter);
        if !starts_ok || !ends_ok {
            return Err(Invalid::NameChars);
        }
        let len = name.chars().count();
        if len < NAME_MIN as usize {
            return Err(Invalid::TooShort { min: NAME_MIN });
        }
        if len > NAME_MAX as usize {
            return Err(Invalid::TooLong { max: NAME_MAX });
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for PersonName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Checked on the way in, like every other typed value.
impl<'de> Deserialize<'de> for PersonName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        PersonName::parse(&raw).map_err(|e| serde::de::Error::custom(format!("invalid name: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_names() {
        for raw in [
            "张三",
            " 欧阳娜娜 ",
            "阿依古丽·买买提",
            "阿依古丽•买买提",
            "John Smith",
            "王 Lily",
            "李䶮",
            "𠇔三",
            "张〇",
        ] {
            assert_eq!(PersonName::parse(raw).map(|n| n.into_inner()), Ok(raw.trim().to_owned()), "{raw}");
        }
    }

    #[test]
    fn refuses_the_rest() {
        assert_eq!(PersonName::parse(""), Err(Invalid::Required));
        assert_eq!(PersonName::parse("  "), Err(Invalid::Required));
        assert_eq!(PersonName::parse("张"), Err(Invalid::TooShort { min: 2 }));
        assert_eq!(PersonName::parse(&"张".repeat(30)).map(|n| n.as_str().chars().count()), Ok(30));
        assert_eq!(PersonName::parse(&"张".repeat(31)), Err(Invalid::TooLong { max: 30 }));
        for raw in ["张三1", "张三!", "张_三", "张三（先生）", "キム", "Zoë Li", "·张三", "张三·", "张\t三", "张三."]
        {
            assert_eq!(PersonName::parse(raw), Err(Invalid::NameChars), "{raw}");
        }
    }

    #[test]
    fn serde_is_a_checked_string() {
        let n = PersonName::parse("张三").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), r#""张三""#);
        assert_eq!(serde_json::from_str::<PersonName>(r#"" 张三 ""#).unwrap(), n);
        assert!(serde_json::from_str::<PersonName>(r#""张""#).is_err());
    }
}
