//! `bench activities`: seeds a fresh database with a regional hierarchy of teams, 1,000,000
//! volunteers, 200,000 activities (two years back to one year ahead) with their sign-ups and
//! keyword index, then
//! 1. times `activities::repo::search` directly (list, keywords, filters, distance, page 2),
//! 2. serves the real application in-process on 127.0.0.1:0 and puts `--clients` concurrent
//!    HTTP clients on the public list, a keyword search and the API list for `--seconds` each.
//!
//! Prints figures; asserts nothing.
use super::http::{get, load, print_table, probe, serve_app, sync_sequences, table_row};
use super::{fresh_sqlite, insert_people, insert_rows, percentile, Args, Value, I, S};
use anyhow::Context;
use app::activities::model::ActivityStatus;
use app::activities::repo;
use app::activities::terms::{index_terms, normalise};
use app::activities::views::ActivityQuery;
use app::db::{now_us, Db, Engine};
use std::collections::HashMap;
use std::time::Instant;

const DAY: i64 = 86_400_000_000;
const HOUR: i64 = 3_600_000_000;
const MINUTE: i64 = 60_000_000;

/// splitmix64: a small deterministic generator, so every run seeds the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

struct City {
    code: &'static str,
    name: &'static str,
    /// Centre in microdegrees (WGS-84, as a phone's browser reports it).
    lat_e6: i64,
    lng_e6: i64,
    /// How many more activities its teams publish than a city of weight 1.
    weight: usize,
    counties: &'static [(&'static str, &'static str)],
}

/// Five cities of Jiangsu (32) with their counties, GB/T 2260 codes from app/src/regions/regions.tsv.
const CITIES: &[City] = &[
    City {
        code: "3204",
        name: "常州市",
        lat_e6: 31_811_000,
        lng_e6: 119_974_000,
        weight: 3,
        counties: &[
            ("320402", "天宁区"),
            ("320404", "钟楼区"),
            ("320411", "新北区"),
            ("320412", "武进区"),
            ("320413", "金坛区"),
            ("320481", "溧阳市"),
        ],
    },
    City {
        code: "3201",
        name: "南京市",
        lat_e6: 32_060_000,
        lng_e6: 118_797_000,
        weight: 1,
        counties: &[
            ("320102", "玄武区"),
            ("320104", "秦淮区"),
            ("320105", "建邺区"),
            ("320106", "鼓楼区"),
            ("320111", "浦口区"),
            ("320113", "栖霞区"),
            ("320114", "雨花台区"),
            ("320115", "江宁区"),
            ("320116", "六合区"),
            ("320117", "溧水区"),
            ("320118", "高淳区"),
        ],
    },
    City {
        code: "3205",
        name: "苏州市",
        lat_e6: 31_299_000,
        lng_e6: 120_585_000,
        weight: 1,
        counties: &[
            ("320505", "虎丘区"),
            ("320506", "吴中区"),
            ("320507", "相城区"),
            ("320508", "姑苏区"),
            ("320509", "吴江区"),
            ("320581", "常熟市"),
            ("320582", "张家港市"),
            ("320583", "昆山市"),
            ("320585", "太仓市"),
        ],
    },
    City {
        code: "3202",
        name: "无锡市",
        lat_e6: 31_491_000,
        lng_e6: 120_312_000,
        weight: 1,
        counties: &[
            ("320205", "锡山区"),
            ("320206", "惠山区"),
            ("320211", "滨湖区"),
            ("320213", "梁溪区"),
            ("320214", "新吴区"),
            ("320281", "江阴市"),
            ("320282", "宜兴市"),
        ],
    },
    City {
        code: "3206",
        name: "南通市",
        lat_e6: 31_980_000,
        lng_e6: 120_894_000,
        weight: 1,
        counties: &[
            ("320612", "通州区"),
            ("320613", "崇川区"),
            ("320614", "海门区"),
            ("320623", "如东县"),
            ("320681", "启东市"),
            ("320682", "如皋市"),
            ("320685", "海安市"),
        ],
    },
];

/// Fields of the county teams (none contains 科普 or 安全, so those keywords come from titles
/// and content only).
const FIELDS: &[&str] = &["人工智能", "农业技术", "青少年科技教育", "医疗健康", "应急救援", "生态环保", "智慧助老"];

/// Topics; seven of 36 contain 安全, two contain 无人机.
const TOPICS: &[&str] = &[
    "家庭用电安全",
    "防溺水安全",
    "食品安全",
    "消防安全",
    "网络安全",
    "交通安全",
    "燃气安全",
    "人工智能入门",
    "无人机操作",
    "无人机植保",
    "青少年编程",
    "天文观测",
    "水稻病虫害防治",
    "果树修剪技术",
    "大棚蔬菜种植",
    "智能手机使用",
    "防范电信诈骗",
    "慢性病防治",
    "中医养生",
    "心肺复苏急救",
    "垃圾分类",
    "节水节能",
    "低碳生活",
    "航天知识",
    "机器人制作",
    "3D打印体验",
    "气象与防灾",
    "地震避险演练",
    "心理健康",
    "膳食营养",
    "科学小实验",
    "湿地生态保护",
    "茶叶种植技术",
    "新能源汽车",
    "智慧农业",
    "传统工艺中的科学",
];
const VENUES: &[&str] = &[
    "社区活动中心",
    "图书馆",
    "科技馆",
    "文化站",
    "实验小学",
    "第一中学",
    "老年大学",
    "新时代文明实践站",
    "农业示范园",
    "青少年活动中心",
    "党群服务中心",
    "村委会",
    "街道办事处",
    "湿地公园",
    "博物馆",
];
const KINDS: &[&str] = &[
    "讲座",
    "培训",
    "体验活动",
    "志愿服务",
    "咨询服务",
    "公益课堂",
    "田间课堂",
    "宣讲会",
    "实践活动",
    "工作坊",
    "知识竞赛",
    "义诊",
];
const EXPERTS: &[&str] =
    &["高校教授", "农技专家", "社区医生", "消防员", "工程师", "科技辅导员", "气象专家", "心理咨询师"];
const AUDIENCES: &[&str] =
    &["社区居民", "中小学生", "老年朋友", "种植户", "企业职工", "青少年", "家长和孩子", "外来务工人员"];
/// Content sentences: {t} topic, {v} venue, {e} expert, {a} audience. Only one mentions 安全.
const SENTENCES: &[&str] = &[
    "本次活动邀请{e}围绕{t}开展专题讲解。",
    "活动面向{a}，名额有限，报满即止。",
    "现场设置互动体验和有奖问答环节，欢迎踊跃参加。",
    "请志愿者提前三十分钟到{v}签到并领取工作证。",
    "志愿者需具备良好的沟通能力，能够耐心解答群众提问。",
    "活动结束后将根据实际服务时长记录志愿服务时间。",
    "如遇恶劣天气活动将顺延，请留意平台通知。",
    "活动期间请注意人身安全，听从现场工作人员安排。",
    "主办方为志愿者提供午餐和交通补贴。",
    "欢迎具有{t}相关专业背景的志愿者报名。",
    "本活动同步开展线上直播，方便无法到场的{a}观看。",
    "活动旨在提升{a}的科学素养，营造崇尚科学的良好氛围。",
    "志愿者将协助{e}布置场地、发放资料并维持秩序。",
    "参与者可现场领取{t}宣传手册和纪念品。",
];
const CATEGORIES: &[&str] = &[
    "tech_training",
    "tech_consulting",
    "science_lecture",
    "agri_tech",
    "youth_education",
    "science_guide",
    "online_science",
    "other",
];
const CONTENT_FORMS: &[&str] = &["outreach", "training", "education", "health", "safety"];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "建华", "海燕",
];

/// A team that publishes activities.
pub(super) struct Team {
    pub(super) id: i64,
    name: String,
    city: usize,
    county: usize,
}

/// What the seed made, for the figures.
pub(super) struct Seeded {
    orgs: usize,
    activities: usize,
    published: usize,
    upcoming_published: usize,
    keyword_matches: HashMap<&'static str, usize>,
    signups: usize,
    terms: usize,
}

/// The keywords measured (the second is a three-character word; the third is common).
const KEYWORD: &str = "科普";
const LONG_KEYWORD: &str = "无人机";
const COMMON_KEYWORD: &str = "安全";

fn fill(template: &str, topic: &str, venue: &str, expert: &str, audience: &str) -> String {
    template.replace("{t}", topic).replace("{v}", venue).replace("{e}", expert).replace("{a}", audience)
}

pub(super) async fn seed_orgs(db: &Db, now: i64) -> anyhow::Result<(usize, Vec<Team>)> {
    let mut orgs: Vec<Vec<Value>> = Vec::new();
    let mut closure: Vec<Vec<Value>> = Vec::new();
    let mut teams = Vec::new();
    let mut org = |id: i64, name: String, parent: Option<i64>, level: i64, city: &str, county: &str| {
        orgs.push(vec![
            I(id),
            S(name),
            parent.map(I).unwrap_or(Value::N),
            I(level),
            S("approved".into()),
            S("32".into()),
            S(city.into()),
            S(county.into()),
            I(now),
            I(now),
        ]);
    };
    org(1, "江苏省科技志愿服务总队".into(), None, 1, "", "");
    closure.push(vec![I(1), I(1), I(0)]);
    teams.push(Team { id: 1, name: "江苏省科技志愿服务总队".into(), city: 0, county: 0 });
    let mut next = 2i64;
    for (ci, city) in CITIES.iter().enumerate() {
        let city_id = next;
        next += 1;
        org(city_id, format!("{}科技志愿服务队", city.name), Some(1), 2, city.code, "");
        closure.extend([vec![I(city_id), I(city_id), I(0)], vec![I(1), I(city_id), I(1)]]);
        teams.push(Team { id: city_id, name: format!("{}科技志愿服务队", city.name), city: ci, county: 0 });
        for (ki, (code, county)) in city.counties.iter().enumerate() {
            let county_id = next;
            next += 1;
            let name = format!("{}科技志愿服务支队", county);
            org(county_id, name.clone(), Some(city_id), 3, city.code, code);
            closure.extend([
                vec![I(county_id), I(county_id), I(0)],
                vec![I(city_id), I(county_id), I(1)],
                vec![I(1), I(county_id), I(2)],
            ]);
            teams.push(Team { id: county_id, name, city: ci, county: ki });
            for field in FIELDS {
                let id = next;
                next += 1;
                let name = format!("{}{}{}科技志愿服务分队", city.name, county, field);
                org(id, name.clone(), Some(county_id), 4, city.code, code);
                closure.extend([
                    vec![I(id), I(id), I(0)],
                    vec![I(county_id), I(id), I(1)],
                    vec![I(city_id), I(id), I(2)],
                    vec![I(1), I(id), I(3)],
                ]);
                teams.push(Team { id, name, city: ci, county: ki });
            }
        }
    }
    let n = orgs.len();
    insert_rows(db, "INSERT INTO organisations (id, name, parent_id, level, status, province, city, county, created_at, updated_at)", 10, &orgs)
        .await?;
    insert_rows(db, "INSERT INTO org_closure (ancestor_id, descendant_id, depth)", 3, &closure).await?;
    // The corps publishes nothing itself; city teams, county detachments and field teams do.
    teams.remove(0);
    Ok((n, teams))
}

const ACTIVITY_COLUMNS: &str = "id, org_id, status, title, category, content_form, mode, service_objects, special_groups, content,
     province, city, county, address, online_link, lat_e6, lng_e6, starts_at, ends_at, signup_opens_at, signup_closes_at,
     cancel_deadline_at, capacity, contact_name, contact_phone, confirmed_count, waitlist_count, search_text, created_at,
     updated_at, published_at, cancelled_at, cancel_reason";
const ACTIVITY_COLUMN_COUNT: usize = 33;

/// Seeds activities `0..total` in chunks: each chunk's activities, its sign-ups, and the keyword
/// index rows collected for a sorted load at the end.
pub(super) async fn seed_activities(db: &Db, args: &Args, teams: &[Team], now: i64) -> anyhow::Result<Seeded> {
    let mut rng = Rng(20261125);
    // Teams weighted by their city's weight.
    let weighted: Vec<usize> =
        teams.iter().enumerate().flat_map(|(i, t)| std::iter::repeat_n(i, CITIES[t.city].weight)).collect();
    // Local (UTC+8) midnight today, so activities start at sensible local hours.
    let today = (now + 8 * HOUR).div_euclid(DAY) * DAY - 8 * HOUR;
    let span_days = 3 * 365;
    let volunteers = args.volunteers.max(1) as u64;
    let stride = [7919u64, 7907, 7901].into_iter().find(|s| !volunteers.is_multiple_of(*s)).unwrap_or(1);
    let mut seeded = Seeded {
        orgs: 0,
        activities: args.activities,
        published: 0,
        upcoming_published: 0,
        keyword_matches: HashMap::new(),
        signups: 0,
        terms: 0,
    };
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut term_rows: Vec<(u32, i64, i64)> = Vec::new();
    let mut signup_id = 0i64;
    let start = Instant::now();
    let mut signup_secs = 0.0;
    const CHUNK: usize = 10_000;
    for chunk_start in (0..args.activities).step_by(CHUNK) {
        let chunk_end = (chunk_start + CHUNK).min(args.activities);
        let mut rows = Vec::with_capacity(chunk_end - chunk_start);
        let mut signups: Vec<Vec<Value>> = Vec::new();
        for n in chunk_start..chunk_end {
            let id = n as i64 + 1;
            let team = &teams[*rng.pick(&weighted)];
            let city = &CITIES[team.city];
            let (county_code, county_name) = city.counties[team.county];
            // Start: a uniform day from two years back to one year ahead, 08:00–19:30 local.
            let day = rng.range(0, span_days) - 2 * 365;
            let starts = today + day * DAY + rng.range(16, 39) * 30 * MINUTE;
            let ends =
                if rng.chance(8) { starts + rng.range(1, 7) * DAY } else { starts + rng.range(2, 8) * 30 * MINUTE };
            let opens = starts - rng.range(7, 30) * DAY;
            let closes = starts - rng.range(2, 48) * HOUR;
            let cancel_deadline = (starts - DAY).max(opens);
            let created = opens - rng.range(1, 5) * DAY - rng.range(0, 600) * MINUTE;
            let status = match rng.below(100) {
                0..=1 => ActivityStatus::Cancelled,
                2..=3 => ActivityStatus::Draft,
                _ => ActivityStatus::Published,
            };
            let topic = *rng.pick(TOPICS);
            let venue = *rng.pick(VENUES);
            let kind = *rng.pick(KINDS);
            let expert = *rng.pick(EXPERTS);
            let audience = *rng.pick(AUDIENCES);
            let science = rng.chance(5);
            let title = match (rng.below(10), science) {
                (0..=2, false) => format!("「{topic}」{kind}进{venue}"),
                (0..=2, true) => format!("「{topic}」科普{kind}进{venue}"),
                (_, false) => format!("{county_name}{venue}{topic}{kind}"),
                (_, true) => format!("{county_name}{venue}{topic}科普{kind}"),
            };
            let mut content = String::new();
            let mut length = 0;
            let mut used = [false; SENTENCES.len()];
            while length < 60 {
                let i = rng.below(SENTENCES.len() as u64) as usize;
                if used[i] {
                    continue;
                }
                used[i] = true;
                let sentence = fill(SENTENCES[i], topic, venue, expert, audience);
                let chars = sentence.chars().count();
                if length + chars > 150 {
                    continue;
                }
                content.push_str(&sentence);
                length += chars;
            }
            let mode = match rng.below(100) {
                0..=69 => "offline",
                70..=84 => "online",
                _ => "hybrid",
            };
            let (address, link, lat, lng) = if mode == "online" {
                (String::new(), format!("https://live.example.org/a/{id}"), Value::N, Value::N)
            } else {
                (
                    format!("{}{}{}二楼报告厅", city.name, county_name, venue),
                    if mode == "hybrid" { format!("https://live.example.org/a/{id}") } else { String::new() },
                    I(city.lat_e6 + rng.range(-150_000, 150_000)),
                    I(city.lng_e6 + rng.range(-200_000, 200_000)),
                )
            };
            let capacity = rng.range(10, 100);
            let search_text = normalise(&format!("{title} {} {content}", team.name));
            // Sign-ups: only once sign-up has opened, never for drafts.
            let (mut confirmed, mut waitlisted) = (0i64, 0i64);
            if status != ActivityStatus::Draft && opens < now {
                let mean = args.signups_per_activity as i64;
                let count = if rng.chance(10) { capacity + rng.range(1, 15) } else { rng.range(0, 2 * mean) };
                let first_user = rng.below(volunteers);
                let until = closes.min(now);
                for k in 0..count {
                    let user = (first_user + k as u64 * stride) % volunteers + 1;
                    let at = opens + (until - opens) * k / count.max(1) + rng.range(0, 59) * MINUTE;
                    let at = at.min(until - 1);
                    let state = if status == ActivityStatus::Cancelled || rng.chance(8) {
                        "cancelled"
                    } else if confirmed < capacity {
                        confirmed += 1;
                        "confirmed"
                    } else {
                        waitlisted += 1;
                        "waitlisted"
                    };
                    signup_id += 1;
                    let updated = if state == "cancelled" { (at + rng.range(1, 72) * HOUR).min(now) } else { at };
                    signups.push(vec![I(signup_id), I(id), I(user as i64), S(state.into()), I(at), I(at), I(updated)]);
                }
            }
            let published_at =
                if status == ActivityStatus::Draft { Value::N } else { I(created + rng.range(1, 120) * MINUTE) };
            let (cancelled_at, reason) = if status == ActivityStatus::Cancelled {
                (I((starts - rng.range(1, 72) * HOUR).min(now)), "因天气原因，本次活动取消。")
            } else {
                (Value::N, "")
            };
            let updated = match (&cancelled_at, &published_at) {
                (I(c), _) => *c,
                (_, I(p)) => *p,
                _ => created,
            };
            if status == ActivityStatus::Published {
                seeded.published += 1;
                if ends > now {
                    seeded.upcoming_published += 1;
                    for k in [KEYWORD, LONG_KEYWORD, COMMON_KEYWORD] {
                        if search_text.contains(k) {
                            *seeded.keyword_matches.entry(k).or_default() += 1;
                        }
                    }
                }
                for term in index_terms(&search_text) {
                    let next = words.len() as u32;
                    let t = *vocabulary.entry(term.clone()).or_insert_with(|| {
                        words.push(term);
                        next
                    });
                    term_rows.push((t, starts, id));
                }
            }
            let objects = if rng.chance(30) { "public,practitioners" } else { "public" };
            let special = *rng.pick(&["", "", "", "minors", "elderly"]);
            let contact = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
            rows.push(vec![
                I(id),
                I(team.id),
                S(status.code().into()),
                S(title),
                S((*rng.pick(CATEGORIES)).into()),
                S((*rng.pick(CONTENT_FORMS)).into()),
                S(mode.into()),
                S(objects.into()),
                S(special.into()),
                S(content),
                S("32".into()),
                S(city.code.into()),
                S(county_code.into()),
                S(address),
                S(link),
                lat,
                lng,
                I(starts),
                I(ends),
                I(opens),
                I(closes),
                I(cancel_deadline),
                I(capacity),
                S(contact),
                S(format!("139{:08}", rng.below(100_000_000))),
                I(confirmed),
                I(waitlisted),
                S(search_text),
                I(created),
                I(updated),
                published_at,
                cancelled_at,
                S(reason.into()),
            ]);
        }
        insert_rows(db, &format!("INSERT INTO activities ({ACTIVITY_COLUMNS})"), ACTIVITY_COLUMN_COUNT, &rows).await?;
        let t = Instant::now();
        seeded.signups += signups.len();
        insert_rows(
            db,
            "INSERT INTO signups (id, activity_id, user_id, status, queued_at, created_at, updated_at)",
            7,
            &signups,
        )
        .await?;
        signup_secs += t.elapsed().as_secs_f64();
    }
    println!(
        "seeded {} activities ({} published, {} of them not ended) and {} sign-ups in {:.1} s (sign-ups {:.1} s of it)",
        args.activities,
        seeded.published,
        seeded.upcoming_published,
        seeded.signups,
        start.elapsed().as_secs_f64(),
        signup_secs
    );

    // The keyword index, loaded in primary-key order with its secondary index built afterwards
    // (the same rows and indexes `repo::write_terms` leaves, loaded the fast way).
    let start = Instant::now();
    let mut order: Vec<u32> = (0..words.len() as u32).collect();
    order.sort_by(|a, b| words[*a as usize].cmp(&words[*b as usize]));
    let mut rank = vec![0u32; words.len()];
    for (r, w) in order.iter().enumerate() {
        rank[*w as usize] = r as u32;
    }
    for row in &mut term_rows {
        row.0 = rank[row.0 as usize];
    }
    term_rows.sort_unstable();
    let sorted_words: Vec<&str> = order.iter().map(|w| words[*w as usize].as_str()).collect();
    let index_sql: String = match db.engine {
        Engine::Sqlite => sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'activity_terms_activity'",
        )
        .fetch_one(&db.pool)
        .await
        .context("activity_terms_activity index")?,
        Engine::Postgres => {
            sqlx::query_scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'activity_terms_activity'")
                .fetch_one(&db.pool)
                .await
                .context("activity_terms_activity index")?
        }
    };
    sqlx::query("DROP INDEX activity_terms_activity").execute(&db.pool).await?;
    for chunk in term_rows.chunks(250_000) {
        let rows: Vec<Vec<Value>> =
            chunk.iter().map(|(t, s, a)| vec![S(sorted_words[*t as usize].to_owned()), I(*s), I(*a)]).collect();
        insert_rows(db, "INSERT INTO activity_terms (term, starts_at, activity_id)", 3, &rows).await?;
    }
    let loaded = start.elapsed().as_secs_f64();
    sqlx::query(&index_sql).execute(&db.pool).await?;
    seeded.terms = term_rows.len();
    println!(
        "seeded {} keyword index rows ({} distinct keys, {:.0} per published activity) in {:.1} s ({loaded:.1} s rows, {:.1} s the activity_id index)",
        term_rows.len(),
        words.len(),
        term_rows.len() as f64 / seeded.published.max(1) as f64,
        start.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64() - loaded
    );
    Ok(seeded)
}

/// A pool for loading only: SQLite with a big page cache and no fsync (the file is thrown away
/// if the load fails). Measurements use `Db::connect`'s own settings.
pub(super) async fn loading_db(url: &str) -> anyhow::Result<Db> {
    if !url.starts_with("sqlite:") {
        return Ok(Db::connect(url).await?);
    }
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = OFF").await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                conn.execute("PRAGMA cache_size = -1048576").await?;
                Ok(())
            })
        })
        .connect(url)
        .await?;
    Ok(Db::new(pool, Engine::Sqlite))
}

async fn direct_timings(db: &Db, engine: &str, label: &str, samples: usize, seeded: &Seeded) -> anyhow::Result<()> {
    let now = now_us();
    let first = repo::search(db, &ActivityQuery::default(), now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let keyword = ActivityQuery { q: KEYWORD.into(), ..Default::default() };
    let keyword_first = repo::search(db, &keyword, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let m = |k: &str| seeded.keyword_matches.get(k).copied().unwrap_or(0);
    let cases: Vec<(String, ActivityQuery)> = vec![
        (format!("default list (not ended: {} published)", seeded.upcoming_published), ActivityQuery::default()),
        (
            "page 2 of the default list (`next` cursor)".to_string(),
            ActivityQuery { after: first.next.clone(), ..Default::default() },
        ),
        (format!("keyword {KEYWORD} ({} not ended match)", m(KEYWORD)), keyword.clone()),
        (format!("keyword {KEYWORD}, page 2"), ActivityQuery { after: keyword_first.next.clone(), ..keyword.clone() }),
        (
            format!("keyword {LONG_KEYWORD} (3 chars; {} match)", m(LONG_KEYWORD)),
            ActivityQuery { q: LONG_KEYWORD.into(), ..Default::default() },
        ),
        (
            format!("keyword {COMMON_KEYWORD} ({} match)", m(COMMON_KEYWORD)),
            ActivityQuery { q: COMMON_KEYWORD.into(), ..Default::default() },
        ),
        (
            "keyword 安全教育 (key 安全, words rarely together)".into(),
            ActivityQuery { q: "安全教育".into(), ..Default::default() },
        ),
        ("city filter 常州市 3204".into(), ActivityQuery { city: "3204".into(), ..Default::default() }),
        (
            "county filter 武进区 320412 + category agri_tech".into(),
            ActivityQuery { county: "320412".into(), category: "agri_tech".into(), ..Default::default() },
        ),
        (format!("keyword {KEYWORD} + city 3204"), ActivityQuery { city: "3204".into(), ..keyword.clone() }),
        ("phase recruiting".into(), ActivityQuery { phase: "recruiting".into(), ..Default::default() }),
        ("phase ended (latest first)".into(), ActivityQuery { phase: "ended".into(), ..Default::default() }),
        (
            "distance sort from 常州 centre".into(),
            ActivityQuery { near_lat_e6: Some(31_811_000), near_lng_e6: Some(119_974_000), ..Default::default() },
        ),
        (
            "distance sort, page 2".into(),
            ActivityQuery {
                near_lat_e6: Some(31_811_000),
                near_lng_e6: Some(119_974_000),
                after: Some("d20".into()),
                ..Default::default()
            },
        ),
    ];
    println!("\n[{engine}] direct `activities::repo::search` timings, {label}, {samples} runs each:\n");
    println!("| query | rows | p50 ms | p95 ms | max ms |");
    println!("|---|---|---|---|---|");
    for (name, q) in cases {
        let mut ms = Vec::with_capacity(samples);
        let mut rows = 0;
        for _ in 0..samples {
            let start = Instant::now();
            let page = repo::search(db, &q, now).await.map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            ms.push(start.elapsed().as_secs_f64() * 1000.0);
            rows = page.items.len();
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {name} | {rows} | {:.1} | {:.1} | {:.1} |",
            percentile(&ms, 0.5),
            percentile(&ms, 0.95),
            ms[ms.len() - 1]
        );
    }
    Ok(())
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/activities.db?mode=rwc".into());
    fresh_sqlite(&url)?;
    let total = Instant::now();
    let loader = loading_db(&url).await.context("connect")?;
    loader.migrate().await.context("migrate")?;
    let engine = format!("{:?}", loader.engine);
    let now = now_us();

    let (orgs, teams) = seed_orgs(&loader, now).await?;
    println!(
        "[{engine}] seeded {orgs} organisations (1 corps, {} city teams, {} county detachments, {} field teams)",
        CITIES.len(),
        CITIES.iter().map(|c| c.counties.len()).sum::<usize>(),
        CITIES.iter().map(|c| c.counties.len()).sum::<usize>() * FIELDS.len()
    );
    let start = Instant::now();
    for chunk_start in (0..args.volunteers).step_by(50_000) {
        insert_people(&loader, chunk_start, (chunk_start + 50_000).min(args.volunteers), now).await?;
    }
    println!(
        "[{engine}] seeded {} volunteers with profiles in {:.1} s",
        args.volunteers,
        start.elapsed().as_secs_f64()
    );
    let mut seeded = seed_activities(&loader, &args, &teams, now).await?;
    seeded.orgs = orgs;
    sync_sequences(&loader, &["users", "organisations", "activities", "signups"]).await?;
    // Consistency check: the kept counts equal the sign-ups they count.
    let off: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activities a WHERE a.confirmed_count <> (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'confirmed')
            OR a.waitlist_count <> (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'waitlisted')",
    )
    .fetch_one(&loader.pool)
    .await?;
    anyhow::ensure!(off == 0, "{off} activities' kept counts disagree with their sign-ups");
    loader.pool.close().await;
    println!(
        "[{engine}] seeding done in {:.1} s: {} organisations, {} volunteers, {} activities, {} sign-ups, {} keyword index rows (counts checked against sign-ups)",
        total.elapsed().as_secs_f64(),
        seeded.orgs,
        args.volunteers,
        seeded.activities,
        seeded.signups,
        seeded.terms
    );

    let db = Db::connect(&url).await.context("connect")?;
    if db.engine == Engine::Sqlite {
        // What a production file looks like: the app never runs ANALYZE itself.
        direct_timings(&db, &engine, "before ANALYZE (no planner statistics)", args.samples, &seeded).await?;
    }
    let start = Instant::now();
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    println!("\n[{engine}] ANALYZE took {:.1} s", start.elapsed().as_secs_f64());
    direct_timings(&db, &engine, "after ANALYZE", args.samples, &seeded).await?;

    // The real application on a random port, as the integration tests start it.
    let served = serve_app(&db).await?;
    let base = served.base.clone();
    let loads = [
        ("GET /activities (HTML list)", reqwest::Url::parse(&format!("{base}/activities"))?),
        (
            "GET /activities?q=科普 (HTML keyword search)",
            reqwest::Url::parse_with_params(&format!("{base}/activities"), &[("q", KEYWORD)])?,
        ),
        (
            "GET /api/v1/activities?limit=20 (JSON)",
            reqwest::Url::parse_with_params(&format!("{base}/api/v1/activities"), &[("limit", "20")])?,
        ),
    ];
    let mut table = Vec::new();
    println!();
    for (name, url) in loads {
        println!("[{engine}] {name}: probe {} → {}", url.as_str().trim_start_matches(&base), probe(&url).await);
        let (f, window) = load(get(url), args.clients, args.seconds, &args.accept_encoding).await?;
        table.push(table_row(name, &f, window));
    }
    println!(
        "\n[{engine}] HTTP load: {} clients, {} s each after a 2 s warm-up, Accept-Encoding {:?}, server and clients in one process on 2 cores\n",
        args.clients, args.seconds, args.accept_encoding
    );
    print_table(&table);
    Ok(())
}
