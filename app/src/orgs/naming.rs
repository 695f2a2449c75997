//! Organisation naming rules (F-11, CVST 1 §5.2; Gansu 2023 §(三)2).
//!
//! The standard's name forms are "unit full name + 科技志愿者协会 / 科技志愿服务队 / 团" and
//! "project, place or field + 科技志愿服务队 / 组织 / 团"; the provinces add level suffixes
//! ("…科技志愿服务支队", "…专委会支队"). Only corps (总队, the top level) are named 总队, and only
//! a platform admin creates them. Names formed from a project, place or field must not claim
//! 中国, 全国, 中华, 国家, 国际, 世界 or 全球; names formed from a unit's full name may (中国科学院
//! is a unit), so the rule asks whether the part before "科技志愿…" ends with a kind of unit.
//!
//! One function serves the form (in WASM, before any request), the server function and the
//! import, so all three refuse the same names with the same message.
use crate::codes::levels::CORPS_SUFFIX;
use crate::validation::Invalid;

/// Every accepted name contains this: it is what makes a name a S&T volunteer organisation's.
const CORE: &str = "科技志愿";

/// Endings every level below the corps may use (CVST 1 §5.2 a).
const STANDARD_ENDINGS: &[&str] =
    &["科技志愿者协会", "科技志愿服务队", "科技志愿服务团", "科技志愿服务组织", "科技志愿者服务队"];

/// Words a project, place or field name must not contain (CVST 1 §5.2 note 2).
pub const FORBIDDEN_WORDS: &[&str] = &["中国", "全国", "中华", "国家", "国际", "世界", "全球"];

/// Endings of a unit's name: when the part before 科技志愿 ends with one of these, the name is
/// formed from a unit's full name and note 2 does not apply.
const UNIT_ENDINGS: &[&str] = &[
    "学会",
    "协会",
    "研究会",
    "科协",
    "科学技术协会",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "研究院",
    "研究所",
    "科学院",
    "工程院",
    "医院",
    "公司",
    "集团",
    "中心",
    "委员会",
    "科技馆",
    "博物馆",
    "基地",
    "实验室",
    "站",
    "局",
    "厅",
    "专委会",
];

pub const MIN_CHARS: usize = 6;
pub const MAX_CHARS: usize = 60;

/// Checks `name` for an organisation at `level` (1 = corps) whose configured level name is
/// `level_name` (e.g. 支队, or 大队 where a region says so). Returns the trimmed name.
pub fn check_name(name: &str, level: u32, level_name: &str) -> Result<String, Invalid> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Invalid::Required);
    }
    let chars = name.chars().count();
    if chars < MIN_CHARS {
        return Err(Invalid::TooShort { min: MIN_CHARS as u32 });
    }
    if chars > MAX_CHARS {
        return Err(Invalid::TooLong { max: MAX_CHARS as u32 });
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Invalid::OrgNamePattern);
    }
    let Some(core_at) = name.find(CORE) else {
        return Err(Invalid::OrgNamePattern);
    };
    let stem = &name[..core_at];
    if stem.is_empty() {
        return Err(Invalid::OrgNamePattern);
    }
    if level <= 1 {
        if !name.ends_with(CORPS_SUFFIX) {
            return Err(Invalid::OrgNameCorpsSuffix);
        }
    } else {
        if name.ends_with(CORPS_SUFFIX) {
            return Err(Invalid::OrgNameCorpsReserved);
        }
        let level_name = level_name.trim();
        let level_ok = !level_name.is_empty() && level_name != CORPS_SUFFIX && name.ends_with(level_name);
        if !level_ok && !STANDARD_ENDINGS.iter().any(|e| name.ends_with(e)) {
            return Err(Invalid::OrgNamePattern);
        }
    }
    let formed_from_unit = UNIT_ENDINGS.iter().any(|u| stem.ends_with(u));
    if !formed_from_unit && FORBIDDEN_WORDS.iter().any(|w| stem.contains(w)) {
        return Err(Invalid::OrgNameForbiddenWord);
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::levels::LevelNames;

    fn ok(name: &str, level: u32) -> bool {
        check_name(name, level, LevelNames::default().name(level)).is_ok()
    }

    #[test]
    fn accepts_the_standard_forms() {
        assert!(ok("江苏省科技志愿服务总队", 1));
        assert!(ok("常州市科技志愿服务队", 2));
        assert!(ok("常州市科学技术协会科技志愿者协会", 2));
        assert!(ok("科普大篷车科技志愿服务团", 3));
        assert!(ok("武进区科技志愿服务支队", 3));
        assert!(ok("湖塘镇科技志愿服务分队", 4));
        assert!(ok("甘肃省农学会科技志愿服务队植保专委会支队", 3));
        assert!(ok("中国科学院大学科技志愿服务队", 2), "a unit's full name may contain 中国");
        assert!(ok("中华医学会科技志愿服务队", 2));
    }

    #[test]
    fn refuses_claims_in_project_place_or_field_names() {
        for name in
            ["全国科普日科技志愿服务队", "国际合作科技志愿服务团", "世界地球日科技志愿服务队", "中华文化科技志愿服务团"]
        {
            assert_eq!(check_name(name, 2, "队"), Err(Invalid::OrgNameForbiddenWord), "{name}");
        }
    }

    #[test]
    fn corps_suffix_belongs_to_the_top_level_only() {
        assert_eq!(check_name("常州市科技志愿服务总队", 2, "队"), Err(Invalid::OrgNameCorpsReserved));
        assert_eq!(check_name("江苏省科技志愿服务队", 1, "总队"), Err(Invalid::OrgNameCorpsSuffix));
    }

    #[test]
    fn refuses_names_outside_the_patterns() {
        assert_eq!(check_name("常州市志愿者服务队", 2, "队"), Err(Invalid::OrgNamePattern));
        assert_eq!(
            check_name("科技志愿服务队队队", 2, "队"),
            Err(Invalid::OrgNamePattern),
            "no unit, project or place"
        );
        assert_eq!(check_name("常州市科技志愿服务 队", 2, "队"), Err(Invalid::OrgNamePattern));
        assert_eq!(check_name("常州科技志愿服务部", 2, "队"), Err(Invalid::OrgNamePattern));
        assert_eq!(check_name("", 2, "队"), Err(Invalid::Required));
        assert_eq!(check_name("科技志愿", 2, "队"), Err(Invalid::TooShort { min: 6 }));
    }

    #[test]
    fn level_names_are_configuration() {
        let changzhou = LevelNames::parse("总队,队,支队,大队").unwrap();
        assert_eq!(changzhou.name(4), "大队");
        assert_eq!(changzhou.name(9), "大队", "deeper levels reuse the last name");
        assert!(check_name("武进区科技志愿服务大队", 4, changzhou.name(4)).is_ok());
        assert_eq!(check_name("武进区科技志愿服务大队", 4, "分队"), Err(Invalid::OrgNamePattern));
        assert_eq!(LevelNames::parse("队,支队"), None, "the top level is always 总队");
    }
}
