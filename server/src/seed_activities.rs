//! Demo activities for `make run`: a project and a dozen activities of 武进 and 天宁 in every
//! state — recruiting, full with a waitlist, needing approval, online, crossing midnight, ended —
//! so every page has something true to show.
use app::activities::model::{ActivityInput, ActivityStatus, ValidActivity};
use app::activities::{repo, signup};
use app::db::{now_us, Db};
use sqlx::Row;

/// `days` from today at `time` (platform time), as the form writes it.
fn at(days: i64, time: &str) -> String {
    format!("{}T{time}", app::clock::today() + chrono::Duration::days(days))
}

struct Demo {
    title: &'static str,
    content: &'static str,
    category: &'static str,
    form: &'static str,
    mode: &'static str,
    days: i64,
    from: &'static str,
    to: &'static str,
    /// Ends the next day (crosses midnight).
    overnight: bool,
    capacity: u32,
    approval: bool,
}

const DEMOS: &[Demo] = &[
    Demo {
        title: "社区科普讲座：家庭安全用电",
        content: "面向社区居民讲解家庭安全用电常识，现场演示漏电保护器的使用，并解答居民提问。",
        category: "science_lecture",
        form: "education",
        mode: "offline",
        days: 3,
        from: "09:00",
        to: "11:30",
        overnight: false,
        capacity: 20,
        approval: false,
    },
    Demo {
        title: "青少年科技馆科普讲解",
        content: "在科技馆为中小学生讲解展品背后的科学原理，带领参观“力与运动”展区。",
        category: "science_guide",
        form: "education",
        mode: "offline",
        days: 5,
        from: "13:30",
        to: "17:00",
        overnight: false,
        capacity: 2,
        approval: false,
    },
    Demo {
        title: "夏夜星空观测科普活动",
        content: "组织市民使用天文望远镜观测木星和土星，讲解四季星空与天文安全知识。",
        category: "youth_education",
        form: "education",
        mode: "offline",
        days: 4,
        from: "22:00",
        to: "01:00",
        overnight: true,
        capacity: 15,
        approval: false,
    },
    Demo {
        title: "乡村健康义诊",
        content: "为村民提供血压血糖测量和健康咨询，普及慢性病防治知识。需执业医师资质。",
        category: "tech_consulting",
        form: "health",
        mode: "offline",
        days: 8,
        from: "08:30",
        to: "12:00",
        overnight: false,
        capacity: 6,
        approval: true,
    },
    Demo {
        title: "银龄数字课堂：智能手机使用",
        content: "线上直播教老年人使用智能手机的健康码、移动支付和防诈骗功能。",
        category: "online_science",
        form: "health",
        mode: "online",
        days: 6,
        from: "15:00",
        to: "16:30",
        overnight: false,
        capacity: 50,
        approval: false,
    },
    Demo {
        title: "农技服务进田间：稻麦病虫害防治",
        content: "在田间课堂为种植户讲解稻麦病虫害的识别与绿色防控技术。",
        category: "agri_tech",
        form: "training",
        mode: "offline",
        days: 12,
        from: "09:00",
        to: "11:00",
        overnight: false,
        capacity: 10,
        approval: false,
    },
    Demo {
        title: "防灾减灾科普宣传",
        content: "在社区广场开展地震、火灾应急避险知识宣传和疏散演练。",
        category: "science_lecture",
        form: "safety",
        mode: "hybrid",
        days: 15,
        from: "09:30",
        to: "11:30",
        overnight: false,
        capacity: 30,
        approval: false,
    },
    Demo {
        title: "科普进校园：趣味物理实验",
        content: "走进小学课堂，带领学生动手完成趣味物理小实验。",
        category: "youth_education",
        form: "education",
        mode: "offline",
        days: -7,
        from: "14:00",
        to: "16:00",
        overnight: false,
        capacity: 8,
        approval: false,
    },
];

fn input_for(org: i64, project: Option<i64>, d: &Demo, county: &str) -> ActivityInput {
    let end_day = if d.overnight { d.days + 1 } else { d.days };
    let online = d.mode == "online";
    ActivityInput {
        project_id: project,
        title: d.title.into(),
        category: d.category.into(),
        content_form: d.form.into(),
        mode: d.mode.into(),
        content: d.content.into(),
        county: county.into(),
        address: if online { String::new() } else { ActivityInput::sample(org).address },
        online_link: if d.mode == "offline" { String::new() } else { "https://meeting.example.cn/j/20261123".into() },
        lat: if online { String::new() } else { "31.7060".into() },
        lng: if online { String::new() } else { "119.9420".into() },
        starts_at: at(d.days, d.from),
        ends_at: at(end_day, d.to),
        capacity: d.capacity.to_string(),
        needs_approval: d.approval,
        qualification: if d.approval { "执业医师".into() } else { String::new() },
        risks: if d.mode == "online" {
            String::new()
        } else {
            "户外或人员密集场所，请注意安全，服从现场工作人员安排。".into()
        },
        insurance_required: d.form == "safety",
        purpose: "普及科学知识，提升公众科学素质。".into(),
        ..ActivityInput::sample(org)
    }
}

/// A past activity cannot be signed up for any more; its confirmed volunteers are written directly.
async fn confirm(db: &Db, activity: i64, user: i64, now: i64) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at) VALUES ($1, $2, 'confirmed', $3, $3, $3)")
        .bind(activity)
        .bind(user)
        .bind(now)
        .execute(&db.pool)
        .await?;
    sqlx::query("UPDATE activities SET confirmed_count = confirmed_count + 1 WHERE id = $1")
        .bind(activity)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn seed(db: &Db, wujin: i64, tianning: i64, staff: i64, volunteers: &[i64]) -> anyhow::Result<()> {
    let now = now_us();
    let err = |e: app::error::AppError| anyhow::anyhow!("{e}");
    let project: i64 = sqlx::query(
        "INSERT INTO projects (org_id, name, summary, service_objects, goals, cycle, guarantees, brand_mark, created_by, created_at, updated_at)
         VALUES ($1, '科普进社区', '每月走进武进区社区和学校，开展科普讲座、科学实验和应急知识宣传。', 'public',
                 '每年服务社区居民 5000 人次，培养 100 名社区科普骨干。', '每月第二个周六', '志愿者保险、交通补贴和专业培训',
                 '武进科普行', $2, $3, $3) RETURNING id",
    )
    .bind(wujin)
    .bind(staff)
    .bind(now)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")?;
    let mut ids = Vec::new();
    for (i, d) in DEMOS.iter().enumerate() {
        let (org, county, name) = if i == 5 {
            (tianning, "320402", "天宁区科技志愿服务支队")
        } else {
            (wujin, "320412", "武进区科技志愿服务支队")
        };
        let in_project = matches!(i, 0 | 6 | 7).then_some(project);
        let valid: ValidActivity = input_for(org, in_project, d, county)
            .validate()
            .map_err(|e| anyhow::anyhow!("demo activity {} invalid: {e:?}", d.title))?;
        let mut tx = db.begin().await?;
        let id = repo::insert(&mut tx, &valid, name, ActivityStatus::Published, staff, now).await.map_err(err)?;
        tx.commit().await?;
        ids.push(id);
    }
    // The science-museum visit is full (two places, both taken) so its waitlist can be tried;
    // the ended school visit has its volunteers; 王晓明 has the electricity lecture upcoming.
    for (activity, people) in [(ids[1], &volunteers[2..4]), (ids[0], &volunteers[0..1])] {
        for user in people {
            let mut tx = db.begin().await?;
            let input = app::activities::model::SignupInput {
                activity_id: activity,
                risks_read: true,
                insurance_ack: true,
                training_ack: true,
            };
            signup::sign_up(&mut tx, *user, &input, now).await.map_err(err)?;
            tx.commit().await?;
        }
    }
    for user in &volunteers[0..3] {
        confirm(db, ids[7], *user, now).await?;
    }
    attend_school_visit(db, ids[7], &volunteers[0..2], now).await?;
    // 陈建国's hours come from an earlier run of the same visit, already closed, so the school
    // visit itself stays open for staff to close (records.spec.ts).
    const DAY: i64 = 24 * 3_600_000_000;
    let earlier = copy_run(db, ids[7], now, "（第一期）", -21 * DAY, true).await?;
    approved_hours(db, earlier, wujin, volunteers[2], staff, 120).await?;
    // An extra session four days ago, not closed: 赵丽娟 signed up and served, but her check-in
    // never went through, so she can ask for a make-up (makeup.spec.ts).
    let extra = copy_run(db, ids[7], now, "（加场）", 3 * DAY, false).await?;
    confirm(db, extra, volunteers[3], now).await?;
    // The museum visit is held at 常州科技馆, the electricity lecture at 湖塘's practice centre.
    crate::seed_venues::seed(db, wujin, tianning, staff, &[(ids[1], 0), (ids[0], 2)]).await?;
    Ok(())
}

/// The ended school visit, not yet closed: the first volunteer checked in and out (ten minutes
/// late, five early), the second never checked out, the third never came — so closing it shows
/// rounding, the no-check-out flag and a no-show.
async fn attend_school_visit(db: &Db, activity: i64, people: &[i64], now: i64) -> anyhow::Result<()> {
    let row = sqlx::query("SELECT starts_at, ends_at FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&db.pool)
        .await?;
    let (starts_at, ends_at): (i64, i64) = (row.try_get("starts_at")?, row.try_get("ends_at")?);
    const MIN: i64 = 60_000_000;
    let spans = [(starts_at + 10 * MIN, Some(ends_at - 5 * MIN)), (starts_at, None)];
    for (user, (in_at, out_at)) in people.iter().zip(spans) {
        sqlx::query(
            "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, out_method, out_at, out_received_at, created_at, updated_at)
             VALUES ($1, $2, 'qr', $3, $3, $4, $5, $5, $6, $6)",
        )
        .bind(activity)
        .bind(*user)
        .bind(in_at)
        .bind(out_at.map(|_| "qr"))
        .bind(out_at)
        .bind(now)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// 陈建国's approved hours for the ended school visit, so "my hours" and a certificate can be
/// tried. Adds the service record only if none exists yet (the records seed may write one).
async fn approved_hours(
    db: &Db,
    activity: i64,
    org: i64,
    user: i64,
    recorder: i64,
    minutes: i64,
) -> anyhow::Result<()> {
    let a = sqlx::query("SELECT title, starts_at, ends_at, service_objects, content FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&db.pool)
        .await?;
    let (title, starts, ends): (String, i64, i64) =
        (a.try_get("title")?, a.try_get("starts_at")?, a.try_get("ends_at")?);
    let record = sqlx::query("SELECT id FROM service_records WHERE activity_id = $1")
        .bind(activity)
        .fetch_optional(&db.pool)
        .await?;
    let record: i64 = match record {
        Some(row) => row.try_get("id")?,
        None => sqlx::query(
            "INSERT INTO service_records (activity_id, org_id, activity_title, starts_at, ends_at, place, service_objects,
                 content, recorder_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, '武进区实验小学', $6, $7, $8, $5, $5) RETURNING id",
        )
        .bind(activity)
        .bind(org)
        .bind(&title)
        .bind(starts)
        .bind(ends)
        .bind(a.try_get::<String, _>("service_objects")?)
        .bind(a.try_get::<String, _>("content")?)
        .bind(recorder)
        .fetch_one(&db.pool)
        .await?
        .try_get("id")?,
    };
    let exists = sqlx::query("SELECT id FROM service_hours WHERE activity_id = $1 AND user_id = $2")
        .bind(activity)
        .bind(user)
        .fetch_optional(&db.pool)
        .await?;
    if exists.is_none() {
        sqlx::query(
            "INSERT INTO service_hours (record_id, activity_id, org_id, user_id, from_at, to_at, raw_minutes, weight_milli,
                 weighted_minutes, status, decided_by, decided_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1000, $7, 'approved', $8, $6, $6, $6)",
        )
        .bind(record)
        .bind(activity)
        .bind(org)
        .bind(user)
        .bind(starts)
        .bind(starts + minutes * 60_000_000)
        .bind(minutes)
        .bind(recorder)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// A copy of `activity` under its title plus `suffix`, moved by `shift` microseconds, closed
/// (`closed_at` now) or not: the same visit held on another day.
async fn copy_run(db: &Db, activity: i64, now: i64, suffix: &str, shift: i64, closed: bool) -> anyhow::Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO activities (org_id, project_id, status, title, category, content_form, mode, service_objects,
             special_groups, content, province, city, county, address, online_link, lat_e6, lng_e6, starts_at, ends_at,
             signup_opens_at, signup_closes_at, cancel_deadline_at, capacity, contact_name, contact_phone, search_text,
             created_by, created_at, updated_at, published_at, closed_at)
         SELECT org_id, project_id, status, title || $4, category, content_form, mode, service_objects,
             special_groups, content, province, city, county, address, online_link, lat_e6, lng_e6, starts_at + $2,
             ends_at + $2, signup_opens_at + $2, signup_closes_at + $2, cancel_deadline_at + $2, capacity, contact_name,
             contact_phone, search_text, created_by, created_at, updated_at, published_at, $3
         FROM activities WHERE id = $1 RETURNING id",
    )
    .bind(activity)
    .bind(shift)
    .bind(closed.then_some(now))
    .bind(suffix)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")?;
    Ok(id)
}
