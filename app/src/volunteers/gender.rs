//! Gender as the registration table records it (性别: 男/女), which is also what the resident ID
//! number encodes, so the two can be checked against each other (F-04).
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];

    /// The stable code stored in the database and sent by forms: "male" / "female".
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Gender::Male => "Male",
            Gender::Female => "Female",
        }
    }

    /// Accepts the code, the Chinese label (as the spreadsheet has it) or the English one, in
    /// any letter case, so form values and imported cells go through the same function.
    pub fn parse(raw: &str) -> Result<Gender, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        Gender::ALL.into_iter().find(|g| raw == g.zh() || raw.eq_ignore_ascii_case(g.code())).ok_or(Invalid::NotInList)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_labels() {
        for raw in ["male", "Male", "MALE", " 男 "] {
            assert_eq!(Gender::parse(raw), Ok(Gender::Male), "{raw}");
        }
        for raw in ["female", "Female", "女"] {
            assert_eq!(Gender::parse(raw), Ok(Gender::Female), "{raw}");
        }
        assert_eq!(Gender::parse(""), Err(Invalid::Required));
        for raw in ["m", "男性", "x", "other"] {
            assert_eq!(Gender::parse(raw), Err(Invalid::NotInList), "{raw}");
        }
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Gender::Female).unwrap(), r#""female""#);
        assert_eq!(serde_json::from_str::<Gender>(r#""male""#).unwrap(), Gender::Male);
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.code()), Ok(g));
            assert_eq!(Gender::parse(g.zh()), Ok(g));
            assert_eq!(Gender::parse(g.en()), Ok(g));
        }
    }
}
