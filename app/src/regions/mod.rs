//! Province / city / county codes (GB/T 2260 as published in the NBS statistical division codes)
//! for the profile's "所在区域" and the collective-registration import (F-03, F-04, F-16).
//!
//! The table is embedded with `include_str!` so the browser can fill the three linked selects and
//! refuse an impossible combination before any request, with exactly the data the server checks
//! against. It is kept to `code<TAB>name` lines (about 60 kB) because it ships inside the WASM;
//! parents are implied by the code prefix (2-digit province, 4-digit city, 6-digit county), so no
//! parent column is stored. See `README.md` beside this file for the source and licence.
//!
//! The light pages' module (`csr`, issue 14) does not embed it: it fetches the same file from
//! [`TSV_PATH`] with [`load`] (the page preloads it beside the module): 62 KB less in the
//! module, and browsers keep the table across releases.
use crate::validation::Invalid;
use serde::Serialize;
use std::sync::OnceLock;

/// The raw data; lines starting with `#` are comments.
#[cfg(not(feature = "csr"))]
const DATA: &str = include_str!("regions.tsv");

/// Where the site serves the table: named with a hash of its content (build.rs), so browsers
/// may keep it for good (`/pkg/` files with a hash in their name are immutable).
pub const TSV_PATH: &str = concat!("/pkg/regions.", env!("SCISERVE_REGIONS_HASH"), ".tsv");

/// Serves the embedded table at [`TSV_PATH`].
#[cfg(feature = "ssr")]
pub async fn serve_tsv() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/tab-separated-values; charset=utf-8")], DATA)
}

/// The table the light module fetched (empty until [`load`] succeeds).
#[cfg(feature = "csr")]
static FETCHED: OnceLock<String> = OnceLock::new();

#[cfg(feature = "csr")]
fn data() -> &'static str {
    FETCHED.get().map(String::as_str).unwrap_or_default()
}

#[cfg(not(feature = "csr"))]
fn data() -> &'static str {
    DATA
}

/// Fetches the table from [`TSV_PATH`] (light pages, before mounting the islands that use it).
/// `false` when it could not be had; the lookups then find nothing.
#[cfg(feature = "csr")]
pub async fn load() -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    if FETCHED.get().is_some() {
        return true;
    }
    let Some(window) = web_sys::window() else { return false };
    let text = async {
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str(TSV_PATH)).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?).await.ok()?.as_string()
    };
    match text.await {
        Some(text) if text.contains('\t') => {
            // Another caller may have set it meanwhile: the same table either way.
            let _ = FETCHED.set(text);
            true
        }
        _ => false,
    }
}

/// One division. Both fields borrow from the embedded table, so a `Region` is two pointers and
/// copying it allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
}

/// Which of the three levels a code names (read from its length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Province,
    City,
    County,
}

impl Level {
    fn of(code: &str) -> Option<Level> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            2 => Some(Level::Province),
            4 => Some(Level::City),
            6 => Some(Level::County),
            _ => None,
        }
    }
}

impl Region {
    pub fn level(&self) -> Level {
        // Only well-formed codes enter the table (see `table`), so the fallback is never taken.
        Level::of(self.code).unwrap_or(Level::County)
    }

    /// The enclosing division's code: the city for a county, the province for a city.
    pub fn parent_code(&self) -> Option<&'static str> {
        match self.level() {
            Level::Province => None,
            Level::City => self.code.get(..2),
            Level::County => self.code.get(..4),
        }
    }
}

/// The three levels, each sorted by code, so every parent's children are one contiguous run.
struct Table {
    provinces: Vec<Region>,
    cities: Vec<Region>,
    counties: Vec<Region>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    static NOT_LOADED: Table = Table { provinces: Vec::new(), cities: Vec::new(), counties: Vec::new() };
    // Only in the light module, before `load`: nothing is kept, so the table read later is whole.
    if data().is_empty() {
        return &NOT_LOADED;
    }
    TABLE.get_or_init(|| {
        let mut t = Table {
            provinces: Vec::with_capacity(34),
            cities: Vec::with_capacity(350),
            counties: Vec::with_capacity(3000),
        };
        for line in data().lines() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // A malformed line is skipped rather than panicking: the data is ours and the tests
            // check the counts, so a bad edit shows up there, not as a crash in someone's browser.
            let Some((code, name)) = line.split_once('\t') else { continue };
            let region = Region { code, name };
            match Level::of(code) {
                Some(Level::Province) => t.provinces.push(region),
                Some(Level::City) => t.cities.push(region),
                Some(Level::County) => t.counties.push(region),
                None => {}
            }
        }
        for level in [&mut t.provinces, &mut t.cities, &mut t.counties] {
            level.sort_unstable_by_key(|r| r.code);
            level.dedup_by_key(|r| r.code);
        }
        t
    })
}

fn find<'a>(level: &'a [Region], code: &str) -> Option<&'a Region> {
    level.binary_search_by(|r| r.code.cmp(code)).ok().map(|i| &level[i])
}

/// The run of `level` whose codes start with `prefix`.
fn children<'a>(level: &'a [Region], prefix: &str) -> &'a [Region] {
    let start = level.partition_point(|r| r.code < prefix);
    let len = level[start..].iter().take_while(|r| r.code.starts_with(prefix)).count();
    &level[start..start + len]
}

/// Any province, city or county by its code.
pub fn get(code: &str) -> Option<&'static Region> {
    let t = table();
    match Level::of(code)? {
        Level::Province => find(&t.provinces, code),
        Level::City => find(&t.cities, code),
        Level::County => find(&t.counties, code),
    }
}

/// A province by its 2-digit code.
pub fn province(code: &str) -> Option<&'static Region> {
    match Level::of(code)? {
        Level::Province => find(&table().provinces, code),
        _ => None,
    }
}

/// A city (prefecture level) by its 4-digit code.
pub fn city(code: &str) -> Option<&'static Region> {
    match Level::of(code)? {
        Level::City => find(&table().cities, code),
        _ => None,
    }
}

/// A county (county level) by its 6-digit code.
pub fn county(code: &str) -> Option<&'static Region> {
    match Level::of(code)? {
        Level::County => find(&table().counties, code),
        _ => None,
    }
}

/// All provinces in code order.
pub fn provinces() -> &'static [Region] {
    &table().provinces
}

/// The cities of a province, in code order; empty for an unknown or non-province code (so a
/// select bound to an empty province simply shows no choices).
pub fn cities_of(province_code: &str) -> &'static [Region] {
    match province(province_code) {
        Some(p) => children(&table().cities, p.code),
        None => &[],
    }
}

/// The counties of a city, in code order; empty for an unknown code and for the cities that
/// have none (东莞市, 中山市, 儋州市, 嘉峪关市).
pub fn counties_of(city_code: &str) -> &'static [Region] {
    match city(city_code) {
        Some(c) => children(&table().counties, c.code),
        None => &[],
    }
}

/// The name of any code.
pub fn name(code: &str) -> Option<&'static str> {
    get(code).map(|r| r.name)
}

/// City names that stand for "the province's own districts/counties" rather than a real city;
/// leaving them out of [`full_name`] gives "北京市 朝阳区" instead of "北京市 市辖区 朝阳区".
const PLACEHOLDER_CITIES: &[&str] = &["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

/// The full place name, province first, separated by spaces: "江苏省 常州市 武进区".
/// Accepts a province, city or county code.
pub fn full_name(code: &str) -> Option<String> {
    let code = code.trim();
    let region = get(code)?;
    let mut parts: Vec<&str> = Vec::with_capacity(3);
    parts.push(province(code.get(..2)?)?.name);
    if region.level() != Level::Province {
        let c = city(code.get(..4)?)?;
        if !PLACEHOLDER_CITIES.contains(&c.name) {
            parts.push(c.name);
        }
    }
    if region.level() == Level::County {
        parts.push(region.name);
    }
    Some(parts.join(" "))
}

/// Checks a chosen (province, city, county) triple of codes.
///
/// The province is required; the city must be one of the province's, and the county one of the
/// city's — except for the cities that have no counties in the data, where the county must be
/// empty. Everything else is [`Invalid::RegionUnknown`]; a single code for the whole triple keeps
/// the form's one "region" message simple.
pub fn check(province_code: &str, city_code: &str, county_code: &str) -> Result<(), Invalid> {
    let (p, c, k) = (province_code.trim(), city_code.trim(), county_code.trim());
    if p.is_empty() {
        return Err(Invalid::Required);
    }
    let p = province(p).ok_or(Invalid::RegionUnknown)?;
    let c = city(c).filter(|c| c.code.starts_with(p.code)).ok_or(Invalid::RegionUnknown)?;
    let counties = counties_of(c.code);
    if counties.is_empty() {
        return if k.is_empty() { Ok(()) } else { Err(Invalid::RegionUnknown) };
    }
    match find(counties, k) {
        Some(_) => Ok(()),
        None => Err(Invalid::RegionUnknown),
    }
}

/// Administrative suffixes dropped when comparing names, longest first so "维吾尔自治区" wins
/// over "自治区" and "区".
const SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "林区",
    "地区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
    "州",
];

/// A name without its administrative suffix, when at least two characters remain ("常州市" →
/// "常州", "新疆维吾尔自治区" → "新疆"; "常州" stays "常州" rather than becoming "常").
fn key(name: &str) -> &str {
    let name = name.trim();
    for suffix in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    name
}

/// The one element of an iterator, or `None` for none or several.
fn only<T>(mut it: impl Iterator<Item = T>) -> Option<T> {
    let first = it.next()?;
    if it.next().is_some() {
        None
    } else {
        Some(first)
    }
}

/// Finds a division by the name people write in a spreadsheet (省名 / 市名 / 县区名).
///
/// `parent` is `None` for provinces, a province code for its cities, a city code for its
/// counties. Tried in turn: the exact name; the name without its suffix ("江苏" for "江苏省",
/// "武进" for "武进区"); and, when the shortened name is a prefix of exactly one sibling's,
/// that sibling ("延边州" → "延边朝鲜族自治州"). An ambiguous match is `None`, never a guess.
pub fn by_name(parent: Option<&str>, name: &str) -> Option<&'static Region> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let siblings: &'static [Region] = match parent.map(str::trim) {
        None => provinces(),
        Some(code) => match Level::of(code)? {
            Level::Province => cities_of(code),
            Level::City => counties_of(code),
            Level::County => return None,
        },
    };
    if let Some(r) = only(siblings.iter().filter(|r| r.name == name)) {
        return Some(r);
    }
    let wanted = key(name);
    if let Some(r) = only(siblings.iter().filter(|r| key(r.name) == wanted)) {
        return Some(r);
    }
    if wanted.chars().count() >= 2 {
        return only(siblings.iter().filter(|r| key(r.name).starts_with(wanted)));
    }
    None
}

/// The codes found for one spreadsheet row's three place names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub province: &'static Region,
    pub city: &'static Region,
    /// `None` only for a city without counties.
    pub county: Option<&'static Region>,
}

/// Resolves a spreadsheet row's 省名, 市名 and 县区名 to codes, with the same rules as
/// [`check`].
///
/// Municipalities need care: people write "北京市 / 北京市 / 朝阳区" while the data's city is
/// "市辖区" (and Chongqing's counties sit under a second pseudo-city "县"). So when the city name
/// is the province's own name, or one of those placeholders, or is left empty, the county is
/// looked up among all the province's placeholder cities.
pub fn resolve_names(province_name: &str, city_name: &str, county_name: &str) -> Result<Place, Invalid> {
    if province_name.trim().is_empty() {
        return Err(Invalid::Required);
    }
    let province = by_name(None, province_name).ok_or(Invalid::RegionUnknown)?;
    let county_name = county_name.trim();
    let city_name = city_name.trim();
    let city = by_name(Some(province.code), city_name);
    let city = match city {
        Some(c) if !PLACEHOLDER_CITIES.contains(&c.name) => c,
        _ => {
            let means_province = city_name.is_empty()
                || key(city_name) == key(province.name)
                || city.is_some_and(|c| PLACEHOLDER_CITIES.contains(&c.name));
            if !means_province {
                return Err(Invalid::RegionUnknown);
            }
            let placeholders = cities_of(province.code).iter().filter(|c| PLACEHOLDER_CITIES.contains(&c.name));
            let county =
                only(placeholders.filter_map(|c| by_name(Some(c.code), county_name))).ok_or(Invalid::RegionUnknown)?;
            let city = self::city(county.code.get(..4).ok_or(Invalid::RegionUnknown)?).ok_or(Invalid::RegionUnknown)?;
            return Ok(Place { province, city, county: Some(county) });
        }
    };
    if counties_of(city.code).is_empty() {
        // 东莞市 and the like: an empty 县区名, or the city's own name repeated, both mean "none".
        return if county_name.is_empty() || key(county_name) == key(city.name) {
            Ok(Place { province, city, county: None })
        } else {
            Err(Invalid::RegionUnknown)
        };
    }
    let county = by_name(Some(city.code), county_name).ok_or(Invalid::RegionUnknown)?;
    Ok(Place { province, city, county: Some(county) })
}

/// Province required; city and county optional, but each must lie inside the one above (a
/// provincial corps has no city, a city team no county).
pub fn check_region(province: &str, city: &str, county: &str) -> Result<(), Invalid> {
    let (p, c, k) = (province.trim(), city.trim(), county.trim());
    if p.is_empty() {
        return Err(Invalid::Required);
    }
    self::province(p).ok_or(Invalid::RegionUnknown)?;
    if c.is_empty() {
        return if k.is_empty() { Ok(()) } else { Err(Invalid::RegionUnknown) };
    }
    if k.is_empty() {
        return self::city(c).filter(|r| r.code.starts_with(p)).map(|_| ()).ok_or(Invalid::RegionUnknown);
    }
    check(p, c, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_source_package() {
        // china-division 2.7.0 has the 31 mainland provincial divisions (no 71/81/82).
        assert_eq!(provinces().len(), 31);
        assert_eq!(table().cities.len(), 342);
        assert_eq!(table().counties.len(), 2974);
        assert!(provinces().windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn every_child_has_its_parent() {
        for c in &table().cities {
            assert!(province(&c.code[..2]).is_some(), "{c:?}");
        }
        for k in &table().counties {
            assert!(city(&k.code[..4]).is_some(), "{k:?}");
        }
    }

    #[test]
    fn known_codes_exist() {
        assert_eq!(name("32"), Some("江苏省"));
        assert_eq!(name("3201"), Some("南京市"));
        assert_eq!(name("3204"), Some("常州市"));
        assert_eq!(name("320412"), Some("武进区"));
        assert_eq!(name("110105"), Some("朝阳区"));
        assert_eq!(name("320100"), None);
        assert_eq!(name("3x"), None);
        assert_eq!(province("3204"), None);
        assert_eq!(city("32"), None);
        assert_eq!(get("4419").map(|r| r.level()), Some(Level::City));
        assert_eq!(county("320412").and_then(|r| r.parent_code()), Some("3204"));
    }

    #[test]
    fn children_are_the_right_runs() {
        let js: Vec<&str> = cities_of("32").iter().map(|r| r.name).collect();
        assert_eq!(js.len(), 13);
        assert!(js.contains(&"常州市") && js.contains(&"南京市"));
        let cz: Vec<&str> = counties_of("3204").iter().map(|r| r.name).collect();
        assert_eq!(cz, ["天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市"]);
        assert!(cities_of("").is_empty());
        assert!(cities_of("99").is_empty());
        assert!(counties_of("32").is_empty());
        assert!(counties_of("4419").is_empty());
    }

    #[test]
    fn full_names_read_naturally() {
        assert_eq!(full_name("320412").as_deref(), Some("江苏省 常州市 武进区"));
        assert_eq!(full_name("3204").as_deref(), Some("江苏省 常州市"));
        assert_eq!(full_name("32").as_deref(), Some("江苏省"));
        assert_eq!(full_name("110105").as_deref(), Some("北京市 朝阳区"));
        assert_eq!(full_name("4419").as_deref(), Some("广东省 东莞市"));
        assert_eq!(full_name("999999"), None);
    }

    #[test]
    fn check_accepts_consistent_triples() {
        assert_eq!(check("32", "3204", "320412"), Ok(()));
        assert_eq!(check(" 32 ", "3204", "320412 "), Ok(()));
        assert_eq!(check("11", "1101", "110105"), Ok(()));
        assert_eq!(check("44", "4419", ""), Ok(()));
        assert_eq!(check("44", "4420", ""), Ok(()));
        assert_eq!(check("62", "6202", ""), Ok(()));
    }

    #[test]
    fn check_refuses_the_rest() {
        assert_eq!(check("", "3204", "320412"), Err(Invalid::Required));
        assert_eq!(check("99", "9901", "990101"), Err(Invalid::RegionUnknown));
        assert_eq!(check("32", "", ""), Err(Invalid::RegionUnknown));
        assert_eq!(check("32", "3204", ""), Err(Invalid::RegionUnknown));
        // Cross-parent combinations.
        assert_eq!(check("32", "3204", "110105"), Err(Invalid::RegionUnknown));
        assert_eq!(check("32", "3204", "320102"), Err(Invalid::RegionUnknown));
        assert_eq!(check("11", "3204", "320412"), Err(Invalid::RegionUnknown));
        // Wrong levels and GB/T 2260's zero-padded forms.
        assert_eq!(check("320000", "3204", "320412"), Err(Invalid::RegionUnknown));
        assert_eq!(check("32", "320400", "320412"), Err(Invalid::RegionUnknown));
        assert_eq!(check("32", "3204", "3204"), Err(Invalid::RegionUnknown));
        // A city without counties takes no county, not even its own code padded.
        assert_eq!(check("44", "4419", "441900"), Err(Invalid::RegionUnknown));
    }

    #[test]
    fn names_match_with_or_without_suffix() {
        assert_eq!(by_name(None, "江苏省").map(|r| r.code), Some("32"));
        assert_eq!(by_name(None, " 江苏 ").map(|r| r.code), Some("32"));
        assert_eq!(by_name(None, "新疆").map(|r| r.code), Some("65"));
        assert_eq!(by_name(None, "广西").map(|r| r.code), Some("45"));
        assert_eq!(by_name(None, "内蒙古").map(|r| r.code), Some("15"));
        assert_eq!(by_name(Some("32"), "常州").map(|r| r.code), Some("3204"));
        assert_eq!(by_name(Some("32"), "常州市").map(|r| r.code), Some("3204"));
        assert_eq!(by_name(Some("3204"), "武进").map(|r| r.code), Some("320412"));
        assert_eq!(by_name(Some("3204"), "溧阳市").map(|r| r.code), Some("320481"));
        assert_eq!(by_name(Some("22"), "延边州").map(|r| r.code), Some("2224"));
        assert_eq!(by_name(Some("32"), "武进区"), None);
        assert_eq!(by_name(Some("32"), ""), None);
        assert_eq!(by_name(Some("320412"), "武进"), None);
    }

    #[test]
    fn spreadsheet_names_resolve() {
        let p = resolve_names("江苏省", "常州市", "武进区").unwrap();
        assert_eq!((p.province.code, p.city.code, p.county.map(|c| c.code)), ("32", "3204", Some("320412")));
        let p = resolve_names("北京市", "北京市", "朝阳区").unwrap();
        assert_eq!((p.city.code, p.county.map(|c| c.code)), ("1101", Some("110105")));
        let p = resolve_names("重庆", "重庆市", "城口县").unwrap();
        assert_eq!((p.city.code, p.county.map(|c| c.code)), ("5002", Some("500229")));
        let p = resolve_names("广东省", "东莞市", "").unwrap();
        assert_eq!((p.city.code, p.county), ("4419", None));
        assert_eq!(resolve_names("广东省", "东莞市", "东莞市").map(|p| p.county), Ok(None));
        assert_eq!(resolve_names("", "常州市", "武进区"), Err(Invalid::Required));
        assert_eq!(resolve_names("江苏省", "杭州市", "西湖区"), Err(Invalid::RegionUnknown));
        assert_eq!(resolve_names("江苏省", "常州市", "西湖区"), Err(Invalid::RegionUnknown));
        assert_eq!(resolve_names("江苏省", "常州市", ""), Err(Invalid::RegionUnknown));
    }

    #[test]
    fn resolved_places_pass_check() {
        for p in provinces() {
            for c in cities_of(p.code) {
                let ks = counties_of(c.code);
                if ks.is_empty() {
                    assert_eq!(check(p.code, c.code, ""), Ok(()));
                }
                for k in ks {
                    assert_eq!(check(p.code, c.code, k.code), Ok(()));
                }
            }
        }
    }

    #[test]
    fn region_may_stop_at_province_or_city() {
        assert_eq!(check_region("32", "", ""), Ok(()));
        assert_eq!(check_region("32", "3204", ""), Ok(()));
        assert_eq!(check_region("32", "3204", "320412"), Ok(()));
        assert_eq!(check_region("32", "", "320412"), Err(Invalid::RegionUnknown));
        assert_eq!(check_region("32", "3301", ""), Err(Invalid::RegionUnknown));
        assert_eq!(check_region("", "", ""), Err(Invalid::Required));
    }
}
