//! Demo data for `make run`: a platform admin, a corps with teams, detachments and a squad,
//! their admins, and volunteers with complete profiles. Loaded only into an empty database.
//! The phone numbers are listed in the README; log in with any of them and the code from
//! the SMS outbox.
use app::accounts::mobile::Mobile;
use app::accounts::model::OrgRole;
use app::accounts::users;
use app::db::{now_us, Db};
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::volunteers::id_number::check_char;
use app::volunteers::model::ProfileInput;
use sqlx::Row;

pub const PLATFORM_ADMIN: &str = "13800000000";

/// (mobile, name, gender, birth yyyymmdd, region county)
const VOLUNTEERS: &[(&str, &str, &str, &str, &str)] = &[
    ("13900000001", "王晓明", "male", "19850312", "320412"),
    ("13900000002", "李芳", "female", "19920708", "320402"),
    ("13900000003", "陈建国", "male", "19580121", "320412"),
    ("13900000004", "赵丽娟", "female", "19790930", "320411"),
    ("13900000005", "刘洋", "male", "20000215", "320412"),
];

/// Completes a 17-digit body with its GB 11643 check character.
pub fn id_with_check(body: &str) -> anyhow::Result<String> {
    let check = check_char(body).ok_or_else(|| anyhow::anyhow!("{body} is not 17 digits"))?;
    Ok(format!("{body}{check}"))
}

async fn user(db: &Db, mobile: &str, now: i64) -> anyhow::Result<i64> {
    let mobile = Mobile::parse(mobile).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(users::find_or_create(db, &mobile, now).await.map_err(|e| anyhow::anyhow!("{e}"))?.id)
}

pub async fn seed_demo(db: &Db) -> anyhow::Result<()> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&db.pool).await?.try_get("n")?;
    if existing > 0 {
        tracing::info!("database already has data; demo seed skipped");
        return Ok(());
    }
    let now = now_us();
    let err = |e: app::error::AppError| anyhow::anyhow!("{e}");

    let admin = user(db, PLATFORM_ADMIN, now).await?;
    sqlx::query("UPDATE users SET is_platform_admin = 1 WHERE id = $1").bind(admin).execute(&db.pool).await?;

    let org = |name, parent, city, county| NewOrg {
        name,
        parent_id: parent,
        status: "approved",
        province: "32",
        city,
        county,
    };
    let corps = insert(db, &org("江苏省科技志愿服务总队", None, "", ""), now).await.map_err(err)?;
    let changzhou = insert(db, &org("常州市科技志愿服务队", Some(corps), "3204", ""), now).await.map_err(err)?;
    let nanjing = insert(db, &org("南京市科技志愿服务队", Some(corps), "3201", ""), now).await.map_err(err)?;
    let wujin =
        insert(db, &org("武进区科技志愿服务支队", Some(changzhou), "3204", "320412"), now).await.map_err(err)?;
    let tianning =
        insert(db, &org("天宁区科技志愿服务支队", Some(changzhou), "3204", "320402"), now).await.map_err(err)?;
    insert(db, &org("湖塘镇科技志愿服务分队", Some(wujin), "3204", "320412"), now).await.map_err(err)?;
    insert(db, &org("玄武区科技志愿服务支队", Some(nanjing), "3201", "320102"), now).await.map_err(err)?;

    for (mobile, org_id, role) in [
        ("13800000001", corps, OrgRole::Admin),
        ("13800000002", changzhou, OrgRole::Admin),
        ("13800000003", wujin, OrgRole::Staff),
    ] {
        let uid = user(db, mobile, now).await?;
        set_staff(db, org_id, uid, role, now).await.map_err(err)?;
    }

    let today = app::clock::today();
    for (i, (mobile, name, gender, birth, county)) in VOLUNTEERS.iter().enumerate() {
        let uid = user(db, mobile, now).await?;
        // Sequence digit parity carries the gender (odd = male).
        let seq = if *gender == "male" { 11 + 2 * i } else { 12 + 2 * i };
        let id = id_with_check(&format!("{county}{birth}{seq:03}"))?;
        let input = ProfileInput {
            real_name: (*name).into(),
            gender: (*gender).into(),
            id_number: id,
            political_status: "13".into(),
            ethnicity: "01".into(),
            work_unit: "常州市科学技术协会".into(),
            title: "intermediate".into(),
            education: "bachelor".into(),
            occupation: "enterprise".into(),
            province: "32".into(),
            city: "3204".into(),
            county: (*county).into(),
            service_categories: vec!["tech_training".into(), "science_lecture".into()],
            service_fields: vec!["science_education".into()],
            four_heads: "none".into(),
            skills: "科普讲解".into(),
            qualifications: String::new(),
        };
        let valid = input.validate(today).map_err(|e| anyhow::anyhow!("demo profile {name} invalid: {e:?}"))?;
        app::volunteers::repo::save(db, uid, &valid, now).await.map_err(err)?;
    }
    // Every demo organisation gets the registration table's description, so its page reads
    // like a real one.
    sqlx::query(
        "UPDATE organisations SET supervisor_type = 'local_cast', supervisor_name = '常州市科学技术协会',
             founded_on = '2019-09-25', service_categories = 'tech_training,science_lecture,youth_education',
             service_scope = '本区域内的社区、学校、农村和企业', service_content = '科普讲座、科技培训、青少年科技教育与农技服务',
             service_objects = '社区居民、中小学生、农民和企业职工', planned_members = 50",
    )
    .execute(&db.pool)
    .await?;

    // Memberships: three members of 武进, one of 天宁, one application waiting at 武进; 李芳
    // (13900000002) belongs nowhere yet, so she can try joining.
    for (mobile, org_id, status) in [
        ("13900000001", wujin, "active"),
        ("13900000003", wujin, "active"),
        ("13900000004", tianning, "active"),
        ("13900000005", wujin, "pending"),
    ] {
        let uid = user(db, mobile, now).await?;
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
             VALUES ($1, $2, $3, 'apply', $4, $4, $4)",
        )
        .bind(org_id)
        .bind(uid)
        .bind(status)
        .bind(now)
        .execute(&db.pool)
        .await?;
    }

    app::orgs::counts::recount_all(db).await.map_err(err)?;

    let staff = user(db, "13800000003", now).await?;
    let mut volunteers = Vec::new();
    for (mobile, ..) in VOLUNTEERS {
        volunteers.push(user(db, mobile, now).await?);
    }
    crate::seed_activities::seed(db, wujin, tianning, staff, &volunteers).await?;

    tracing::info!("demo data loaded: platform admin {PLATFORM_ADMIN}, 7 organisations, 5 volunteers, 8 activities");
    Ok(())
}
