//! Demo venues (F-40): a handful of Changzhou's places of every broad kind of CVST 5 §4, kept by
//! the 武进 and 天宁 detachments, with two of the demo activities held at them.
use app::db::Db;
use app::venues::model::VenueInput;

struct DemoVenue {
    tianning: bool,
    kind: &'static str,
    name: &'static str,
    county: &'static str,
    address: &'static str,
    position: Option<(&'static str, &'static str)>,
    facilities: &'static str,
    hours: &'static str,
    link: &'static str,
    phone: &'static str,
}

const VENUES: &[DemoVenue] = &[
    DemoVenue {
        tianning: true,
        kind: "science_museum",
        name: "常州科技馆",
        county: "320411",
        address: "新北区龙锦路 1288 号",
        position: Some(("31.8107", "119.9740")),
        facilities: "常设展厅、球幕影院、科普报告厅、无障碍通道",
        hours: "周二至周日 9:00–16:30（周一闭馆）",
        link: "",
        phone: "0519-85000000",
    },
    DemoVenue {
        tianning: false,
        kind: "popsci_base",
        name: "武进区青少年科普教育基地",
        county: "320412",
        address: "武进区延政中路 18 号",
        position: Some(("31.7180", "119.9430")),
        facilities: "创客教室、天文观测台、实验室",
        hours: "周六、周日 9:00–17:00",
        link: "",
        phone: "0519-86000000",
    },
    DemoVenue {
        tianning: false,
        kind: "civilisation_practice",
        name: "湖塘镇新时代文明实践所",
        county: "320412",
        address: "武进区湖塘镇人民中路 66 号",
        position: Some(("31.7350", "119.9600")),
        facilities: "多功能厅（80 座）、志愿服务站",
        hours: "工作日 8:30–17:00",
        link: "",
        phone: "",
    },
    DemoVenue {
        tianning: true,
        kind: "community_centre",
        name: "红梅街道社区服务中心",
        county: "320402",
        address: "天宁区红梅北路 2 号",
        position: Some(("31.7880", "119.9850")),
        facilities: "社区活动室、老年大学教室",
        hours: "每天 8:00–20:00",
        link: "",
        phone: "",
    },
    DemoVenue {
        tianning: true,
        kind: "hospital",
        name: "常州市第一人民医院科普基地",
        county: "320402",
        address: "天宁区局前街 185 号",
        position: Some(("31.7790", "119.9610")),
        facilities: "健康教育室、急救培训模拟人",
        hours: "工作日 14:00–17:00",
        link: "",
        phone: "",
    },
    DemoVenue {
        tianning: false,
        kind: "rural_tech_association",
        name: "嘉泽镇花木专业技术协会",
        county: "320412",
        address: "武进区嘉泽镇夏溪花木市场",
        position: Some(("31.6520", "119.8660")),
        facilities: "示范苗圃、培训教室",
        hours: "农忙季节每周三上午",
        link: "",
        phone: "",
    },
    DemoVenue {
        tianning: false,
        kind: "school",
        name: "常州大学武进校区科普中心",
        county: "320412",
        address: "武进区滆湖中路 21 号",
        position: Some(("31.6850", "119.9560")),
        facilities: "开放实验室、学术报告厅",
        hours: "开放日另行通知",
        link: "",
        phone: "",
    },
    DemoVenue {
        tianning: false,
        kind: "online_platform",
        name: "武进科普网络课堂",
        county: "320412",
        address: "",
        position: None,
        facilities: "直播、回放、在线答疑",
        hours: "全天",
        link: "https://kepu.example.cn",
        phone: "",
    },
    DemoVenue {
        tianning: false,
        kind: "hotline",
        name: "武进科技志愿服务热线",
        county: "320412",
        address: "",
        position: None,
        facilities: "",
        hours: "工作日 9:00–17:00",
        link: "",
        phone: "0519-86000001",
    },
];

/// Stores the demo venues; returns their ids in [`VENUES`] order. `held` pairs an activity id
/// with the index of the venue it is held at.
pub async fn seed(db: &Db, wujin: i64, tianning: i64, staff: i64, held: &[(i64, usize)]) -> anyhow::Result<Vec<i64>> {
    let now = app::db::now_us();
    let mut conn = db.pool.acquire().await?;
    let mut ids = Vec::new();
    for v in VENUES {
        let org = if v.tianning { tianning } else { wujin };
        let input = VenueInput {
            org_id: org,
            kind: v.kind.into(),
            name: v.name.into(),
            description: String::new(),
            county: v.county.into(),
            address: v.address.into(),
            lat: v.position.map(|p| p.0.to_owned()).unwrap_or_default(),
            lng: v.position.map(|p| p.1.to_owned()).unwrap_or_default(),
            online_link: v.link.into(),
            facilities: v.facilities.into(),
            opening_hours: v.hours.into(),
            contact_name: String::new(),
            contact_phone: v.phone.into(),
            ..VenueInput::sample(org)
        };
        let valid = input.validate().map_err(|e| anyhow::anyhow!("demo venue {} invalid: {e:?}", v.name))?;
        ids.push(
            app::venues::repo::insert(&mut conn, &valid, Some(staff), now).await.map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    for (activity, venue) in held {
        let venue = ids[*venue];
        let position = app::venues::repo::position_of(&mut conn, venue).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        sqlx::query("UPDATE activities SET venue_id = $1, lat_e6 = $2, lng_e6 = $3 WHERE id = $4")
            .bind(venue)
            .bind(position.map(|p| p.0))
            .bind(position.map(|p| p.1))
            .bind(activity)
            .execute(&mut *conn)
            .await?;
    }
    Ok(ids)
}
