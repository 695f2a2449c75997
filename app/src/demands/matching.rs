//! Matching (F-43, CVST 3 §6.1.2–6.1.3): how well an organisation or a volunteer fits a demand
//! (or an activity), as a score and the reasons for it. One function decides both, so the
//! order a list is shown in and the words beside each entry cannot disagree. The database
//! pre-selects the best candidates with the same weights (`demands::repo`), and this function
//! scores what it returns.
use serde::{Deserialize, Serialize};

/// Weights. The category outweighs the best region on its own, so a volunteer of the right
/// category anywhere in the subtree ranks above one of another category next door.
pub const W_CATEGORY: i32 = 100;
pub const W_QUALIFICATION: i32 = 40;
pub const W_SAME_COUNTY: i32 = 30;
pub const W_SAME_CITY: i32 = 20;
pub const W_SAME_PROVINCE: i32 = 10;
pub const W_SKILL: i32 = 15;
/// At most this many expertise words count.
pub const MAX_SKILL_WORDS: usize = 5;
/// Entries shown per list.
pub const SHOWN: usize = 20;

/// Why an entry ranks where it does, rendered from the locale files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Lists the demand's service category.
    Category,
    SameCounty,
    SameCity,
    SameProvince,
    /// The profile names this expertise word.
    Skill(String),
    /// Holds the required qualification.
    Qualification(String),
    /// Does not list the required qualification (no points; staff see it).
    QualificationMissing(String),
    /// No sign-up overlapping the demand's time.
    Free,
}

/// What is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Need {
    pub category: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub skill_words: Vec<String>,
    pub qualification: String,
}

/// What a candidate offers, as stored (comma-separated categories, free-text skills).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Offer<'a> {
    pub categories: &'a str,
    pub province: &'a str,
    pub city: &'a str,
    pub county: &'a str,
    pub skills: &'a str,
    pub qualifications: &'a str,
}

/// The expertise text split into the words that count (2 characters or more, at most
/// [`MAX_SKILL_WORDS`], no repeats).
pub fn skill_words(expertise: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in expertise.split(|c: char| c.is_whitespace() || ",，、;；/".contains(c)) {
        let word = word.trim();
        if word.chars().count() >= 2 && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
        if words.len() == MAX_SKILL_WORDS {
            break;
        }
    }
    words
}

impl Need {
    pub fn new(category: &str, region: (&str, &str, &str), expertise: &str, qualification: &str) -> Need {
        Need {
            category: category.to_owned(),
            province: region.0.to_owned(),
            city: region.1.to_owned(),
            county: region.2.to_owned(),
            skill_words: skill_words(expertise),
            qualification: qualification.trim().to_owned(),
        }
    }
}

/// The region tier both share, most specific first (empty codes never match).
pub fn region_reason(need: &Need, offer: &Offer<'_>) -> Option<Reason> {
    let same = |a: &str, b: &str| !a.is_empty() && a == b;
    if same(&need.county, offer.county) {
        Some(Reason::SameCounty)
    } else if same(&need.city, offer.city) {
        Some(Reason::SameCity)
    } else if same(&need.province, offer.province) {
        Some(Reason::SameProvince)
    } else {
        None
    }
}

fn weight(reason: &Reason) -> i32 {
    match reason {
        Reason::Category => W_CATEGORY,
        Reason::SameCounty => W_SAME_COUNTY,
        Reason::SameCity => W_SAME_CITY,
        Reason::SameProvince => W_SAME_PROVINCE,
        Reason::Skill(_) => W_SKILL,
        Reason::Qualification(_) => W_QUALIFICATION,
        Reason::QualificationMissing(_) | Reason::Free => 0,
    }
}

/// The score and its reasons, in the order they are shown. `free` is the availability check's
/// answer for volunteers (organisations pass `false`: it is not theirs to show).
pub fn score(need: &Need, offer: &Offer<'_>, free: bool) -> (i32, Vec<Reason>) {
    let mut reasons = Vec::new();
    if !need.category.is_empty() && offer.categories.split(',').any(|c| c.trim() == need.category) {
        reasons.push(Reason::Category);
    }
    if let Some(r) = region_reason(need, offer) {
        reasons.push(r);
    }
    if !need.qualification.is_empty() {
        if offer.qualifications.contains(need.qualification.as_str()) {
            reasons.push(Reason::Qualification(need.qualification.clone()));
        } else {
            reasons.push(Reason::QualificationMissing(need.qualification.clone()));
        }
    }
    for word in &need.skill_words {
        if offer.skills.contains(word.as_str()) {
            reasons.push(Reason::Skill(word.clone()));
        }
    }
    if free {
        reasons.push(Reason::Free);
    }
    (reasons.iter().map(weight).sum(), reasons)
}

/// One ranked entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Organisation id, or the volunteer's user id (never shown; the page shows `label`).
    pub id: i64,
    /// The organisation's name, or the volunteer's masked name (张*明).
    pub label: String,
    /// The volunteer number (KJ…), the only identifier others see; empty for organisations.
    pub volunteer_no: String,
    pub score: i32,
    pub reasons: Vec<Reason>,
}

/// Sorts best first; equal scores by id, so the order is stable between requests.
pub fn rank(list: &mut [Candidate]) {
    list.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
}

/// The matching page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchResult {
    pub orgs: Vec<Candidate>,
    pub volunteers: Vec<Candidate>,
    /// Volunteers needed (the demand's count, the activity's places).
    pub needed: u32,
    /// Fewer volunteers than needed matched: a recruitment notice is offered.
    pub too_few: bool,
    /// The recruitment notice already went out (demands only), at this instant.
    pub recruit_sent_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need() -> Need {
        Need::new("science_lecture", ("32", "3204", "320412"), "急救 科普讲解、急救", "急救证")
    }

    #[test]
    fn words_are_split_and_deduplicated() {
        assert_eq!(skill_words("急救 科普讲解、急救,a"), vec!["急救".to_string(), "科普讲解".to_string()]);
    }

    #[test]
    fn category_beats_the_nearest_region() {
        let same_category_far =
            Offer { categories: "tech_training,science_lecture", province: "11", city: "1101", ..Default::default() };
        let other_category_near =
            Offer { categories: "tech_training", province: "32", city: "3204", county: "320412", ..Default::default() };
        let (far, far_reasons) = score(&need(), &same_category_far, true);
        let (near, near_reasons) = score(&need(), &other_category_near, true);
        assert!(far > near, "{far} vs {near}");
        assert_eq!(far_reasons, vec![Reason::Category, Reason::QualificationMissing("急救证".into()), Reason::Free]);
        assert_eq!(near_reasons, vec![Reason::SameCounty, Reason::QualificationMissing("急救证".into()), Reason::Free]);
    }

    #[test]
    fn every_reason_adds_its_weight() {
        let offer = Offer {
            categories: "science_lecture",
            province: "32",
            city: "3204",
            county: "320411",
            skills: "擅长急救演示",
            qualifications: "红十字急救证",
        };
        let (s, reasons) = score(&need(), &offer, true);
        assert_eq!(s, W_CATEGORY + W_SAME_CITY + W_QUALIFICATION + W_SKILL);
        assert_eq!(
            reasons,
            vec![
                Reason::Category,
                Reason::SameCity,
                Reason::Qualification("急救证".into()),
                Reason::Skill("急救".into()),
                Reason::Free
            ]
        );
    }

    #[test]
    fn ranking_is_by_score_then_id() {
        let c = |id, score| Candidate { id, label: String::new(), volunteer_no: String::new(), score, reasons: vec![] };
        let mut list = vec![c(3, 10), c(1, 10), c(2, 50)];
        rank(&mut list);
        assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), vec![2, 1, 3]);
    }
}
