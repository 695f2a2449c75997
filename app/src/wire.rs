//! Reading back the closed lists of codes that errors carry (`validation::Invalid`,
//! `error::Refusal`) without serde's derived enum decoders.
//!
//! Derived, `Invalid` (internally tagged, flattened into `FieldError`) and `Refusal` (45 variants)
//! took some 50 KB of every browser module that calls a server function (issue 14). Here each
//! code's variant is one arm of a `match` on its wire name, and every parameter is a `u32` read
//! into [`Params`]. Writing stays serde's derive, so the JSON is what it always was; the
//! tests in `error.rs` (`wire_tests`) hold the two sides to the same names.
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// The parameters a code can carry, by name (each variant uses a few of them).
#[derive(Default, Debug)]
pub(crate) struct Params {
    pub max: Option<u32>,
    pub min: Option<u32>,
    pub min_age: Option<u32>,
    pub max_days: Option<u32>,
    pub max_mb: Option<u32>,
    pub confirmed: Option<u32>,
    pub minutes: Option<u32>,
    pub distance_m: Option<u32>,
    pub radius_m: Option<u32>,
    pub hours: Option<u32>,
}

impl Params {
    /// The slot of a parameter's name, `None` for a key that is not a parameter.
    fn slot(&mut self, name: &str) -> Option<&mut Option<u32>> {
        Some(match name {
            "max" => &mut self.max,
            "min" => &mut self.min,
            "min_age" => &mut self.min_age,
            "max_days" => &mut self.max_days,
            "max_mb" => &mut self.max_mb,
            "confirmed" => &mut self.confirmed,
            "minutes" => &mut self.minutes,
            "distance_m" => &mut self.distance_m,
            "radius_m" => &mut self.radius_m,
            "hours" => &mut self.hours,
            _ => return None,
        })
    }
}

/// Declares a closed list of codes: the enum (every field a `u32`), its wire name per variant,
/// and `from_code`, the variant of a name and its parameters (`None` for an unknown name or a
/// missing parameter). The enum's own attributes (serde's derive for writing) pass through.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $({ $($field:ident),+ $(,)? })? = $code:literal, )*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant $({ $($field: u32),+ })?, )*
        }

        impl $name {
            pub(crate) fn from_code(code: &str, params: &$crate::wire::Params) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant $({ $($field: params.$field?),+ })?), )*
                    _ => None,
                }
            }

            /// One value of each variant, for the tests that hold reading to writing.
            #[cfg(test)]
            pub(crate) fn examples() -> Vec<Self> {
                vec![$( Self::$variant $({ $($field: 7),+ })?, )*]
            }
        }
    };
}
pub(crate) use coded_enum;

/// A map holding a code's parameters, and its `code` (and `field`) where it has them: the shape
/// of a `FieldError` and of an `Invalid`. Other keys are skipped.
#[derive(Default)]
pub(crate) struct CodedMap {
    pub field: Option<String>,
    pub code: Option<String>,
    pub params: Params,
}

impl<'de> Visitor<'de> for CodedMap {
    type Value = CodedMap;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of a code and its parameters")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<CodedMap, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_ref() {
                "field" => self.field = Some(map.next_value()?),
                "code" => self.code = Some(map.next_value()?),
                name => match self.params.slot(name) {
                    Some(slot) => *slot = Some(map.next_value()?),
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        Ok(self)
    }
}

impl<'de> serde::Deserialize<'de> for CodedMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CodedMap, D::Error> {
        deserializer.deserialize_map(CodedMap::default())
    }
}

/// Reads an externally tagged code: `"name"` for one without parameters, `{"name": {…}}` for
/// one with them (serde's default enum representation).
pub(crate) fn read_tagged<'de, D, T>(deserializer: D, from_code: fn(&str, &Params) -> Option<T>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Tagged<T>(fn(&str, &Params) -> Option<T>);

    impl<'de, T> Visitor<'de> for Tagged<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a code")
        }

        fn visit_str<E: de::Error>(self, code: &str) -> Result<T, E> {
            (self.0)(code, &Params::default()).ok_or_else(|| E::unknown_variant(code, &[]))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let code: String = map.next_key()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let inner: CodedMap = map.next_value()?;
            (self.0)(&code, &inner.params).ok_or_else(|| de::Error::unknown_variant(&code, &[]))
        }
    }

    deserializer.deserialize_any(Tagged(from_code))
}

/// The variant a map names by its `code`: an error when it has none or an unknown one.
pub(crate) fn coded<T, E: de::Error>(map: &CodedMap, from_code: fn(&str, &Params) -> Option<T>) -> Result<T, E> {
    let code = map.code.as_deref().ok_or_else(|| E::missing_field("code"))?;
    from_code(code, &map.params).ok_or_else(|| E::unknown_variant(code, &[]))
}
