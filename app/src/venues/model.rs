//! What a venue is (F-40, CVST 5 §4): its kinds, the form as typed and the checks that turn it
//! into a stored venue. Compiled to WASM and to the server, so both say the same thing.
use crate::codes::{c, ChoiceList};
use crate::regions::check_region;
use crate::validation::{text, FieldErrors, Invalid};
use serde::{Deserialize, Serialize};

/// The venue kinds of CVST 5 §4, in the standard's order: (a) S&T venues and bases, (b) service
/// centres, (c) cultural venues, schools, hospitals, institutes, enterprises and farms, (d) bases
/// given by caring companies or people, (e) online platforms and hotlines.
pub static VENUE_KIND: ChoiceList = ChoiceList {
    name: "venue_kind",
    items: &[
        c("science_museum", "科技场馆", "Science and technology museum"),
        c("scientist_spirit_base", "科学家精神教育基地", "Scientist-spirit education base"),
        c("popsci_base", "科普教育（示范）基地", "Popular-science education (demonstration) base"),
        c("rural_tech_association", "农村专业技术协会", "Rural technical association"),
        c("party_service_centre", "党群服务中心", "Party and public service centre"),
        c("community_centre", "社区服务中心", "Community service centre"),
        c("civilisation_practice", "新时代文明实践中心（所、站）", "New-era civilisation practice centre"),
        c("cultural_venue", "文化场馆", "Cultural venue"),
        c("school", "学校", "School"),
        c("hospital", "医院", "Hospital"),
        c("institute", "科研院所", "Research institute"),
        c("enterprise", "企业", "Enterprise"),
        c("family_farm", "家庭农场", "Family farm"),
        c("cooperative", "农民合作社", "Farmers' cooperative"),
        c("donated_base", "爱心企业、爱心人士提供的服务基地", "Base given by caring companies or people"),
        c("online_platform", "网络平台", "Online platform"),
        c("hotline", "热线服务", "Hotline"),
    ],
};

/// Kinds with no place on the map: they need a link or a number, not coordinates.
pub const ONLINE_KINDS: &[&str] = &["online_platform", "hotline"];

pub fn is_online(kind: &str) -> bool {
    ONLINE_KINDS.contains(&kind)
}

/// The venue form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueInput {
    pub org_id: i64,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    /// Decimal degrees, WGS-84 (what a phone's GPS reports); both or neither.
    pub lat: String,
    pub lng: String,
    pub online_link: String,
    pub facilities: String,
    pub opening_hours: String,
    pub contact_name: String,
    pub contact_phone: String,
}

/// Every field in form order (the order errors are reported in).
pub const VENUE_FIELDS: &[&str] = &[
    "kind",
    "name",
    "description",
    "region",
    "address",
    "coordinates",
    "online_link",
    "facilities",
    "opening_hours",
    "contact_name",
    "contact_phone",
];

/// A checked venue, ready to store. Coordinates are WGS-84 microdegrees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidVenue {
    pub org_id: i64,
    pub kind: &'static str,
    pub name: String,
    pub description: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    pub position: Option<(i64, i64)>,
    pub online_link: String,
    pub facilities: String,
    pub opening_hours: String,
    pub contact_name: String,
    pub contact_phone: String,
}

fn degrees(value: &str, limit: f64) -> Result<i64, Invalid> {
    let number: f64 = value.trim().parse().map_err(|_| Invalid::Coordinates)?;
    if !number.is_finite() || number.abs() > limit {
        return Err(Invalid::Coordinates);
    }
    Ok((number * 1e6).round() as i64)
}

/// WGS-84 latitude and longitude as microdegrees: both empty is `None`, one alone, a number out
/// of range or something that is not a number is an error.
pub fn parse_position(lat: &str, lng: &str) -> Result<Option<(i64, i64)>, Invalid> {
    match (lat.trim().is_empty(), lng.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some((degrees(lat, 90.0)?, degrees(lng, 180.0)?))),
        _ => Err(Invalid::Coordinates),
    }
}

/// An optional web address.
fn parse_link(value: &str) -> Result<String, Invalid> {
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

fn optional(value: &str, max: u32) -> Result<String, Invalid> {
    text(value, false, max).map(Option::unwrap_or_default)
}

impl VenueInput {
    /// Every rule that needs no database. A place on the ground needs an address and
    /// coordinates (it is drawn on the map); an online platform or hotline needs a link or a
    /// contact number instead and may have neither address nor coordinates.
    pub fn validate(&self) -> Result<ValidVenue, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = e.check("kind", VENUE_KIND.get(self.kind.trim()).map(|c| c.code));
        let name = e.check(
            "name",
            text(&self.name, true, 60).and_then(|t| {
                let t = t.unwrap_or_default();
                if t.chars().count() < 2 {
                    Err(Invalid::TooShort { min: 2 })
                } else {
                    Ok(t)
                }
            }),
        );
        let description = e.check("description", optional(&self.description, 1000));
        e.check("region", check_region(&self.province, &self.city, &self.county));
        let online = kind.is_some_and(is_online);
        let address = e.check(
            "address",
            if online {
                optional(&self.address, 120)
            } else {
                text(&self.address, true, 120).map(Option::unwrap_or_default)
            },
        );
        let position = e.check(
            "coordinates",
            parse_position(&self.lat, &self.lng).and_then(|p| match p {
                None if kind.is_some() && !online => Err(Invalid::Required),
                p => Ok(p),
            }),
        );
        let online_link = e.check(
            "online_link",
            parse_link(&self.online_link).and_then(|link| {
                if kind == Some("online_platform") && link.is_empty() {
                    Err(Invalid::Required)
                } else {
                    Ok(link)
                }
            }),
        );
        let facilities = e.check("facilities", optional(&self.facilities, 500));
        let opening_hours = e.check("opening_hours", optional(&self.opening_hours, 200));
        let contact_name = e.check("contact_name", optional(&self.contact_name, 30));
        let contact_phone = e.check(
            "contact_phone",
            crate::validation::parse_phone(&self.contact_phone).and_then(|p| match p {
                None if kind == Some("hotline") => Err(Invalid::Required),
                p => Ok(p.unwrap_or_default()),
            }),
        );
        // Every value is Some once no field failed; the defaults are never read.
        e.finish(|| ValidVenue {
            org_id: self.org_id,
            kind: kind.unwrap_or_default(),
            name: name.unwrap_or_default(),
            description: description.unwrap_or_default(),
            province: self.province.trim().to_owned(),
            city: self.city.trim().to_owned(),
            county: self.county.trim().to_owned(),
            address: address.unwrap_or_default(),
            position: position.flatten(),
            online_link: online_link.unwrap_or_default(),
            facilities: facilities.unwrap_or_default(),
            opening_hours: opening_hours.unwrap_or_default(),
            contact_name: contact_name.unwrap_or_default(),
            contact_phone: contact_phone.unwrap_or_default(),
        })
    }

    /// A complete venue of `org_id` in Changzhou (tests, the demo seed).
    pub fn sample(org_id: i64) -> VenueInput {
        VenueInput {
            org_id,
            kind: "science_museum".into(),
            name: "常州科技馆".into(),
            description: "常设展厅和科普报告厅。".into(),
            province: "32".into(),
            city: "3204".into(),
            county: "320412".into(),
            address: "武进区延政中路 18 号".into(),
            lat: "31.7060".into(),
            lng: "119.9420".into(),
            facilities: "报告厅、展厅、无障碍通道".into(),
            opening_hours: "周二至周日 9:00–17:00".into(),
            contact_name: "张老师".into(),
            contact_phone: "0519-86000000".into(),
            ..VenueInput::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_cvst_5_section_4_is_listed_once() {
        assert_eq!(VENUE_KIND.items.len(), 17);
        let mut codes: Vec<_> = VENUE_KIND.items.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 17);
        for label in ["科技场馆", "科学家精神教育基地", "新时代文明实践中心（所、站）", "农民合作社", "热线服务"]
        {
            assert!(VENUE_KIND.items.iter().any(|c| c.zh == label), "{label}");
        }
    }

    #[test]
    fn a_complete_place_passes_with_its_position_in_microdegrees() {
        let v = VenueInput::sample(7).validate().unwrap();
        assert_eq!((v.org_id, v.kind), (7, "science_museum"));
        assert_eq!(v.position, Some((31_706_000, 119_942_000)));
    }

    #[test]
    fn coordinates_are_checked() {
        let with = |lat: &str, lng: &str| VenueInput { lat: lat.into(), lng: lng.into(), ..VenueInput::sample(1) };
        for (lat, lng, expected) in [
            ("", "", Invalid::Required),
            ("31.7", "", Invalid::Coordinates),
            ("91", "119.9", Invalid::Coordinates),
            ("31.7", "180.5", Invalid::Coordinates),
            ("NaN", "119.9", Invalid::Coordinates),
            ("北纬31", "119.9", Invalid::Coordinates),
        ] {
            let errors = with(lat, lng).validate().unwrap_err();
            assert_eq!(errors.get("coordinates"), Some(expected), "{lat},{lng}");
        }
        // Swapped values are caught when the longitude cannot be a latitude.
        assert!(with("119.9", "31.7").validate().is_err());
        assert_eq!(with("-33.86", "151.21").validate().unwrap().position, Some((-33_860_000, 151_210_000)));
    }

    #[test]
    fn online_platforms_and_hotlines_need_a_link_or_a_number_instead_of_a_place() {
        let online = VenueInput {
            kind: "online_platform".into(),
            address: String::new(),
            lat: String::new(),
            lng: String::new(),
            ..VenueInput::sample(1)
        };
        assert_eq!(online.validate().unwrap_err().get("online_link"), Some(Invalid::Required));
        let linked = VenueInput { online_link: "https://kepu.example.cn".into(), ..online.clone() };
        assert_eq!(linked.validate().unwrap().position, None);
        let hotline = VenueInput { kind: "hotline".into(), contact_phone: String::new(), ..online };
        assert_eq!(hotline.validate().unwrap_err().get("contact_phone"), Some(Invalid::Required));
    }

    #[test]
    fn unknown_kinds_and_missing_names_are_refused() {
        let bad = VenueInput { kind: "castle".into(), name: " ".into(), ..VenueInput::sample(1) };
        let errors = bad.validate().unwrap_err();
        assert_eq!(errors.get("kind"), Some(Invalid::NotInList));
        assert_eq!(errors.get("name"), Some(Invalid::Required));
        let no_address = VenueInput { address: String::new(), ..VenueInput::sample(1) };
        assert_eq!(no_address.validate().unwrap_err().get("address"), Some(Invalid::Required));
    }
}
