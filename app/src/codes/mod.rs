//! The closed lists of the volunteer registration table (Changzhou collective registration,
//! attachment 2; F-03, F-04, F-16) as data.
//!
//! Each item has a stable ASCII code (what the database stores and forms send — national-standard
//! codes where one exists, so exports line up with other systems) and its Chinese and English
//! labels (what people see and what spreadsheets contain). Keeping them as static data means the
//! browser's selects, the server's check and the import's cell matching all read one table.
use crate::validation::Invalid;
pub mod levels;

/// One value of a closed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Choice {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A named closed list, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChoiceList {
    pub name: &'static str,
    pub items: &'static [Choice],
}

pub(crate) const fn c(code: &'static str, zh: &'static str, en: &'static str) -> Choice {
    Choice { code, zh, en }
}

/// Characters that separate the items of a multi-choice cell.
fn is_item_separator(ch: char) -> bool {
    matches!(ch, '、' | ',' | '，' | '；' | ';' | '/' | '\n' | '\r')
}

/// Tick marks people use for a chosen item in a "☑科技培训 □科技咨询" cell.
fn is_checked_mark(ch: char) -> bool {
    matches!(ch, '☑' | '■' | '√' | '✓' | '✔' | '☒' | '▣')
}

/// Empty boxes: an item offered but not chosen.
fn is_unchecked_mark(ch: char) -> bool {
    matches!(ch, '□' | '☐')
}

/// Compares English labels ignoring ASCII case and runs of whitespace.
fn same_words(a: &str, b: &str) -> bool {
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl ChoiceList {
    /// The item with exactly this code (as stored and as sent by a form's select).
    /// An empty value is `Required`, so an unchosen select reads as "please choose".
    pub fn get(&self, code: &str) -> Result<&'static Choice, Invalid> {
        if code.trim().is_empty() {
            return Err(Invalid::Required);
        }
        self.items.iter().find(|c| c.code == code).ok_or(Invalid::NotInList)
    }

    /// True when `code` is one of the list's codes.
    pub fn contains(&self, code: &str) -> bool {
        self.items.iter().any(|c| c.code == code)
    }

    /// The item a spreadsheet cell names: its code, its Chinese label or its English label
    /// (trimmed; English and codes ignore letter case and extra spaces).
    pub fn by_label(&self, text: &str) -> Option<&'static Choice> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        self.items.iter().find(|c| c.zh == text || c.code.eq_ignore_ascii_case(text) || same_words(c.en, text))
    }

    /// A single-choice cell: [`by_label`](Self::by_label) with the field-level error codes.
    pub fn parse(&self, text: &str) -> Result<&'static Choice, Invalid> {
        if text.trim().is_empty() {
            return Err(Invalid::Required);
        }
        self.by_label(text).ok_or(Invalid::NotInList)
    }

    /// Like `by_label`, but also tries the text with all whitespace removed, because a
    /// spreadsheet cell often wraps a long label ("青少年\n科技教育").
    fn by_label_loose(&self, text: &str) -> Option<&'static Choice> {
        self.by_label(text).or_else(|| self.by_label(&without_whitespace(text)))
    }

    /// A multi-choice cell, as the registration table has it.
    ///
    /// Two shapes are understood:
    /// * check-box cells ("☑科技培训 □科技咨询 ■科普报告"): items after a tick (☑ ■ √ ✓ ✔ ☒ ▣)
    ///   are chosen, items after an empty box (□ ☐) are skipped, and line breaks inside an item
    ///   are ignored; text before the first box counts as chosen;
    /// * plain lists separated by 、 , ， ； ; / or line breaks ("科技培训、科普报告").
    ///
    /// The result has no duplicates and follows the list's order. An empty cell (or one with no
    /// ticked box) gives an empty vector; whether that is allowed is the caller's rule. Any
    /// unknown item refuses the whole cell with `NotInList`, so nothing is silently dropped.
    pub fn parse_multi(&self, cell: &str) -> Result<Vec<&'static Choice>, Invalid> {
        let mut chosen = vec![false; self.items.len()];
        let mut pick = |choice: &'static Choice| {
            if let Some(i) = self.items.iter().position(|c| c.code == choice.code) {
                chosen[i] = true;
            }
        };
        if cell.chars().any(|ch| is_checked_mark(ch) || is_unchecked_mark(ch)) {
            // Split at every box; each piece is (ticked?, text up to the next box).
            let mut pieces: Vec<(bool, String)> = vec![(true, String::new())];
            for ch in cell.chars() {
                if is_checked_mark(ch) || is_unchecked_mark(ch) {
                    pieces.push((is_checked_mark(ch), String::new()));
                } else if let Some(last) = pieces.last_mut() {
                    last.1.push(ch);
                }
            }
            for (ticked, text) in pieces {
                if !ticked {
                    continue;
                }
                for choice in self.items_in(&text, true)? {
                    pick(choice);
                }
            }
        } else {
            for choice in self.items_in(cell, false)? {
                pick(choice);
            }
        }
        Ok(self.items.iter().zip(chosen).filter(|(_, on)| *on).map(|(c, _)| c).collect())
    }

    /// The items named in a piece of text separated by [`is_item_separator`].
    ///
    /// Inside one check box a line break only wraps the label, so the whole text is tried first.
    /// In a plain list a label can also be wrapped across a line break ("青少年\n科技教育"), so
    /// a piece that names nothing is joined with the following pieces until it does.
    fn items_in(&self, text: &str, one_box: bool) -> Result<Vec<&'static Choice>, Invalid> {
        if one_box {
            let trimmed = text.trim_matches(|ch: char| ch.is_whitespace() || is_item_separator(ch));
            if trimmed.is_empty() {
                return Ok(Vec::new());
            }
            if let Some(choice) = self.by_label_loose(trimmed) {
                return Ok(vec![choice]);
            }
        }
        let pieces: Vec<&str> = text.split(is_item_separator).map(str::trim).filter(|p| !p.is_empty()).collect();
        let mut found = Vec::with_capacity(pieces.len());
        let mut i = 0;
        while i < pieces.len() {
            let mut joined = String::new();
            let mut matched = None;
            for (j, piece) in pieces.iter().enumerate().skip(i) {
                // Joined with a space: English labels keep their word break, and
                // `by_label_loose` drops it again for Chinese ones.
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(piece);
                if let Some(choice) = self.by_label_loose(&joined) {
                    matched = Some((choice, j));
                    break;
                }
                // A list item never needs more than a few wrapped lines.
                if j >= i + 3 {
                    break;
                }
            }
            match matched {
                Some((choice, j)) => {
                    found.push(choice);
                    i = j + 1;
                }
                None => {
                    // Last resort: Chinese labels separated only by spaces ("科技培训 科普报告").
                    let words: Option<Vec<&'static Choice>> =
                        pieces[i].split_whitespace().map(|w| self.by_label(w)).collect();
                    match words {
                        Some(words) if words.len() > 1 => {
                            found.extend(words);
                            i += 1;
                        }
                        _ => return Err(Invalid::NotInList),
                    }
                }
            }
        }
        Ok(found)
    }
}

/// 政治面貌: GB/T 4762-1984 codes, in the standard's order.
pub static POLITICAL_STATUS: ChoiceList = ChoiceList {
    name: "political_status",
    items: &[
        c("01", "中共党员", "CPC member"),
        c("02", "中共预备党员", "CPC probationary member"),
        c("03", "共青团员", "Communist Youth League member"),
        c("04", "民革会员", "Revolutionary Committee of the Chinese Kuomintang member"),
        c("05", "民盟盟员", "China Democratic League member"),
        c("06", "民建会员", "China National Democratic Construction Association member"),
        c("07", "民进会员", "China Association for Promoting Democracy member"),
        c("08", "农工党党员", "Chinese Peasants' and Workers' Democratic Party member"),
        c("09", "致公党党员", "China Zhi Gong Party member"),
        c("10", "九三学社社员", "Jiusan Society member"),
        c("11", "台盟盟员", "Taiwan Democratic Self-Government League member"),
        c("12", "无党派人士", "Non-party personage"),
        c("13", "群众", "Ordinary citizen (no affiliation)"),
    ],
};

/// 民族: GB/T 3304-1991 codes (56 ethnic groups, then 97 其他 and 98 外国血统中国籍人士).
pub static ETHNICITY: ChoiceList = ChoiceList {
    name: "ethnicity",
    items: &[
        c("01", "汉族", "Han"),
        c("02", "蒙古族", "Mongol"),
        c("03", "回族", "Hui"),
        c("04", "藏族", "Tibetan"),
        c("05", "维吾尔族", "Uyghur"),
        c("06", "苗族", "Miao"),
        c("07", "彝族", "Yi"),
        c("08", "壮族", "Zhuang"),
        c("09", "布依族", "Bouyei"),
        c("10", "朝鲜族", "Korean"),
        c("11", "满族", "Manchu"),
        c("12", "侗族", "Dong"),
        c("13", "瑶族", "Yao"),
        c("14", "白族", "Bai"),
        c("15", "土家族", "Tujia"),
        c("16", "哈尼族", "Hani"),
        c("17", "哈萨克族", "Kazakh"),
        c("18", "傣族", "Dai"),
        c("19", "黎族", "Li"),
        c("20", "傈僳族", "Lisu"),
        c("21", "佤族", "Va"),
        c("22", "畲族", "She"),
        c("23", "高山族", "Gaoshan"),
        c("24", "拉祜族", "Lahu"),
        c("25", "水族", "Sui"),
        c("26", "东乡族", "Dongxiang"),
        c("27", "纳西族", "Naxi"),
        c("28", "景颇族", "Jingpo"),
        c("29", "柯尔克孜族", "Kyrgyz"),
        c("30", "土族", "Tu"),
        c("31", "达斡尔族", "Daur"),
        c("32", "仫佬族", "Mulao"),
        c("33", "羌族", "Qiang"),
        c("34", "布朗族", "Blang"),
        c("35", "撒拉族", "Salar"),
        c("36", "毛南族", "Maonan"),
        c("37", "仡佬族", "Gelao"),
        c("38", "锡伯族", "Xibe"),
        c("39", "阿昌族", "Achang"),
        c("40", "普米族", "Pumi"),
        c("41", "塔吉克族", "Tajik"),
        c("42", "怒族", "Nu"),
        c("43", "乌孜别克族", "Uzbek"),
        c("44", "俄罗斯族", "Russian"),
        c("45", "鄂温克族", "Evenki"),
        c("46", "德昂族", "De'ang"),
        c("47", "保安族", "Bonan"),
        c("48", "裕固族", "Yugur"),
        c("49", "京族", "Gin"),
        c("50", "塔塔尔族", "Tatar"),
        c("51", "独龙族", "Derung"),
        c("52", "鄂伦春族", "Oroqen"),
        c("53", "赫哲族", "Hezhen"),
        c("54", "门巴族", "Monba"),
        c("55", "珞巴族", "Lhoba"),
        c("56", "基诺族", "Jino"),
        c("97", "其他", "Other"),
        c("98", "外国血统中国籍人士", "Chinese citizen of foreign origin"),
    ],
};

/// 职称: professional title level.
pub static TITLE: ChoiceList = ChoiceList {
    name: "title",
    items: &[
        c("senior", "正高", "Senior (full)"),
        c("associate_senior", "副高", "Associate senior"),
        c("intermediate", "中级", "Intermediate"),
        c("junior", "初级", "Junior"),
        c("none", "无", "None"),
    ],
};

/// 最高学历: highest education.
pub static EDUCATION: ChoiceList = ChoiceList {
    name: "education",
    items: &[
        c("doctorate", "博士研究生", "Doctoral degree"),
        c("master", "硕士研究生", "Master's degree"),
        c("bachelor", "本科", "Bachelor's degree"),
        c("junior_college", "大专", "Junior college"),
        c("high_school", "高中", "Senior high school"),
        c("vocational_school", "中专/中技", "Secondary vocational or technical school"),
        c("junior_high_or_below", "初中及以下", "Junior high school or below"),
    ],
};

/// 从业类别: occupation category.
pub static OCCUPATION: ChoiceList = ChoiceList {
    name: "occupation",
    items: &[
        c("government", "党政机关", "Party or government agency"),
        c("public_institution", "事业单位", "Public institution"),
        c("enterprise", "企业", "Enterprise"),
        c("school", "学校", "School"),
        c("healthcare", "医疗卫生机构", "Medical or health institution"),
        c("research", "科研院所", "Research institute"),
        c("social_organization", "社会组织", "Social organization"),
        c("agriculture", "农业生产经营", "Agricultural production"),
        c("student", "学生", "Student"),
        c("retired", "离退休", "Retired"),
        c("freelance", "自由职业", "Freelance"),
        c("other", "其他", "Other"),
    ],
};

/// 服务类别: the eight service categories of the registration table (multi-choice).
pub static SERVICE_CATEGORY: ChoiceList = ChoiceList {
    name: "service_category",
    items: &[
        c("tech_training", "科技培训", "S&T training"),
        c("tech_consulting", "科技咨询", "S&T consulting"),
        c("science_lecture", "科普报告", "Popular science lectures"),
        c("agri_tech", "农技服务", "Agricultural technology services"),
        c("youth_education", "青少年科技教育", "Youth S&T education"),
        c("science_guide", "科普讲解", "Science interpretation and guiding"),
        c("online_science", "网络科普", "Online science popularization"),
        c("other", "其他", "Other"),
    ],
};

/// 服务领域或行业: the nine service fields of the registration table (multi-choice).
pub static SERVICE_FIELD: ChoiceList = ChoiceList {
    name: "service_field",
    items: &[
        c("tech_consulting", "科技咨询类", "S&T consulting"),
        c("tech_training", "科技培训类", "S&T training"),
        c("science_education", "科学教育类", "Science education"),
        c("science_lecture", "科普报告类", "Popular science lectures"),
        c("agri_tech", "农技服务类", "Agricultural technology services"),
        c("health_consulting", "健康咨询类", "Health consulting"),
        c("online_service", "网络服务类", "Online services"),
        c("culture_sports", "文体娱乐类", "Culture, sports and recreation"),
        c("other", "其他科技服务", "Other S&T services"),
    ],
};

/// 是否为基层“四长”: whether the volunteer is one of the grassroots "four heads".
pub static FOUR_HEADS: ChoiceList = ChoiceList {
    name: "four_heads",
    items: &[
        c("none", "否", "No"),
        c("hospital_director", "基层医院院长", "Grassroots hospital director"),
        c("school_head", "学校校长", "School principal"),
        c("agri_station_head", "农技站站长", "Agricultural technology station head"),
        c("tech_entrepreneur", "科技型企业家", "Technology entrepreneur"),
    ],
};

/// Every list, for tests and for tools that document or export them.
pub static ALL_LISTS: [&ChoiceList; 8] =
    [&POLITICAL_STATUS, &ETHNICITY, &TITLE, &EDUCATION, &OCCUPATION, &SERVICE_CATEGORY, &SERVICE_FIELD, &FOUR_HEADS];

/// The header row of the volunteer registration table (attachment 2), in its order: the
/// columns whose closed lists this module holds.
pub const VOLUNTEER_HEADERS: &[&str] = &[
    "序号",
    "真实姓名",
    "手机号",
    "性别",
    "身份证号",
    "政治面貌",
    "民族",
    "工作单位",
    "职称",
    "最高学历",
    "从业类别",
    "所在区域省",
    "所在区域市",
    "所在区域县",
    "服务类别",
    "服务领域或行业",
    "是否为基层“四长”",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: &[&Choice]) -> Vec<&'static str> {
        v.iter().map(|c| c.code).collect()
    }

    #[test]
    fn lists_have_the_expected_sizes() {
        assert_eq!(POLITICAL_STATUS.items.len(), 13);
        assert_eq!(ETHNICITY.items.len(), 58);
        assert_eq!(TITLE.items.len(), 5);
        assert_eq!(EDUCATION.items.len(), 7);
        assert_eq!(OCCUPATION.items.len(), 12);
        assert_eq!(SERVICE_CATEGORY.items.len(), 8);
        assert_eq!(SERVICE_FIELD.items.len(), 9);
        assert_eq!(FOUR_HEADS.items.len(), 5);
        // GB/T 3304: 01..=56 consecutive.
        for (i, e) in ETHNICITY.items.iter().take(56).enumerate() {
            assert_eq!(e.code, format!("{:02}", i + 1));
            assert!(e.zh.ends_with('族'));
        }
        for (i, p) in POLITICAL_STATUS.items.iter().enumerate() {
            assert_eq!(p.code, format!("{:02}", i + 1));
        }
    }

    #[test]
    fn codes_and_labels_are_unique_and_unambiguous() {
        let mut names = std::collections::HashSet::new();
        for list in ALL_LISTS {
            assert!(names.insert(list.name), "{}", list.name);
            for (i, a) in list.items.iter().enumerate() {
                assert!(
                    !a.code.is_empty()
                        && a.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                );
                assert!(!a.zh.is_empty() && !a.en.is_empty());
                // Every label finds its own item, so import and forms agree.
                assert_eq!(list.by_label(a.code), Some(a));
                assert_eq!(list.by_label(a.zh), Some(a));
                assert_eq!(list.by_label(a.en), Some(a));
                assert_eq!(list.get(a.code), Ok(a));
                for b in &list.items[i + 1..] {
                    for x in [a.code, a.zh, a.en] {
                        for y in [b.code, b.zh, b.en] {
                            assert!(!x.eq_ignore_ascii_case(y), "{}: {x} vs {y}", list.name);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn get_and_by_label() {
        assert_eq!(ETHNICITY.get("01").map(|c| c.zh), Ok("汉族"));
        assert_eq!(ETHNICITY.get("56").map(|c| c.zh), Ok("基诺族"));
        assert_eq!(ETHNICITY.get("99"), Err(Invalid::NotInList));
        assert_eq!(ETHNICITY.get(""), Err(Invalid::Required));
        assert_eq!(ETHNICITY.get("汉族"), Err(Invalid::NotInList)); // get is by code only
        assert_eq!(TITLE.by_label(" 副高 ").map(|c| c.code), Some("associate_senior"));
        assert_eq!(TITLE.by_label("associate SENIOR").map(|c| c.code), Some("associate_senior"));
        assert_eq!(ETHNICITY.by_label("uyghur").map(|c| c.code), Some("05"));
        assert_eq!(ETHNICITY.by_label("汉族").map(|c| c.code), Some("01"));
        assert_eq!(OCCUPATION.by_label("企业").map(|c| c.code), Some("enterprise"));
        assert_eq!(EDUCATION.by_label("本科").map(|c| c.code), Some("bachelor"));
        assert_eq!(EDUCATION.by_label("中专/中技").map(|c| c.code), Some("vocational_school"));
        assert_eq!(POLITICAL_STATUS.by_label("群众").map(|c| c.code), Some("13"));
        assert_eq!(FOUR_HEADS.by_label("基层医院院长").map(|c| c.code), Some("hospital_director"));
        assert_eq!(FOUR_HEADS.by_label("school   principal").map(|c| c.code), Some("school_head"));
        assert_eq!(TITLE.by_label(""), None);
        assert_eq!(TITLE.by_label("教授"), None);
        assert_eq!(TITLE.parse("教授"), Err(Invalid::NotInList));
        assert_eq!(TITLE.parse("  "), Err(Invalid::Required));
        assert_eq!(TITLE.parse("无").map(|c| c.code), Ok("none"));
        assert!(SERVICE_FIELD.contains("culture_sports") && !SERVICE_FIELD.contains("文体娱乐类"));
    }

    #[test]
    fn multi_plain_lists() {
        let got = SERVICE_CATEGORY.parse_multi("科普报告、科技培训，科技培训; 其他").unwrap();
        assert_eq!(codes(&got), ["tech_training", "science_lecture", "other"]);
        let got = SERVICE_CATEGORY.parse_multi("网络科普/科技咨询；农技服务\n青少年科技教育,科普讲解").unwrap();
        assert_eq!(codes(&got), ["tech_consulting", "agri_tech", "youth_education", "science_guide", "online_science"]);
        let got = SERVICE_CATEGORY.parse_multi("S&T training, online science popularization, tech_consulting").unwrap();
        assert_eq!(codes(&got), ["tech_training", "tech_consulting", "online_science"]);
        // A label wrapped across lines in a plain list.
        let got = SERVICE_CATEGORY.parse_multi("科技培训\n青少年\n科技教育").unwrap();
        assert_eq!(codes(&got), ["tech_training", "youth_education"]);
        assert_eq!(SERVICE_CATEGORY.parse_multi("").unwrap(), Vec::<&Choice>::new());
        assert_eq!(SERVICE_CATEGORY.parse_multi(" 、 ").unwrap(), Vec::<&Choice>::new());
        assert_eq!(SERVICE_CATEGORY.parse_multi("科技培训、科学研究"), Err(Invalid::NotInList));
        assert_eq!(SERVICE_CATEGORY.parse_multi("青少年"), Err(Invalid::NotInList));
        // Spaces alone, and an English label wrapped over two lines.
        let got = SERVICE_CATEGORY.parse_multi("科普报告 科技培训").unwrap();
        assert_eq!(codes(&got), ["tech_training", "science_lecture"]);
        let got = SERVICE_CATEGORY.parse_multi("Popular science\nlectures; Other").unwrap();
        assert_eq!(codes(&got), ["science_lecture", "other"]);
    }

    #[test]
    fn multi_check_box_cells() {
        let got = SERVICE_CATEGORY.parse_multi("☑科技培训 □科技咨询").unwrap();
        assert_eq!(codes(&got), ["tech_training"]);
        // The seed's own cell, with two boxes ticked in different ways.
        let cell = "□科技培训\n√科技咨询\n□科普报告\n□农技服务\n■青少年\n科技教育\n□科普讲解\n□网络科普\n□其他";
        let got = SERVICE_CATEGORY.parse_multi(cell).unwrap();
        assert_eq!(codes(&got), ["tech_consulting", "youth_education"]);
        // The untouched template chooses nothing.
        let template = "□科技咨询类\n□科技培训类\n□科学教育类\n□科普报告类\n□农技服务类\n□健康咨询类\n□网络服务类\n□文体娱乐类\n□其他科技服务";
        assert_eq!(SERVICE_FIELD.parse_multi(template).unwrap(), Vec::<&Choice>::new());
        let got = SERVICE_FIELD.parse_multi("✓其他科技服务 ☑科技咨询类 ✔健康咨询类、☑健康咨询类").unwrap();
        assert_eq!(codes(&got), ["tech_consulting", "health_consulting", "other"]);
        // An unknown ticked item refuses the cell; an unknown unticked one is ignored.
        assert_eq!(SERVICE_FIELD.parse_multi("☑天文观测类 □科技咨询类"), Err(Invalid::NotInList));
        assert_eq!(
            SERVICE_FIELD.parse_multi("□天文观测类 ☑科技咨询类").map(|v| codes(&v)),
            Ok(vec!["tech_consulting"])
        );
        // Text before the first box counts as chosen.
        let got = SERVICE_CATEGORY.parse_multi("科普报告 □科技咨询").unwrap();
        assert_eq!(codes(&got), ["science_lecture"]);
    }
}
