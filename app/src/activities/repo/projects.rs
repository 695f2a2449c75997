//! Projects (F-26): recurring activities grouped, with their totals.
use crate::activities::model::{ActivityStatus, ValidProject};
use crate::activities::views::ProjectSummary;
use crate::db::query::Where;
use crate::db::Db;
use crate::error::AppError;
use crate::orgs::repo::split_codes;
use crate::orgs::views::OrgStatus;
use sqlx::{AnyConnection, Row};

/// Projects with their totals: one (`id`), one organisation's, or all; with `open_only`, only
/// those of approved organisations (what the public may see).
pub async fn projects(
    db: &Db,
    id: Option<i64>,
    org: Option<i64>,
    now: i64,
    open_only: bool,
) -> Result<Vec<ProjectSummary>, AppError> {
    let mut w = Where::after(2);
    w.and_some("p.id = ?", id).and_some("p.org_id = ?", org);
    if open_only {
        w.and("o.status = ?", OrgStatus::Approved.code());
    }
    let sql = format!(
        "SELECT p.id, p.org_id, o.name AS org_name, p.name, p.summary, p.service_objects, p.goals, p.cycle, p.guarantees,
                p.brand_mark, CASE WHEN p.brand_image IS NULL THEN 0 ELSE 1 END AS has_image,
                (SELECT COUNT(*) FROM activities a WHERE a.project_id = p.id AND a.status = $2) AS activities,
                (SELECT COUNT(*) FROM activities a WHERE a.project_id = p.id AND a.status = $2 AND a.ends_at <= $1) AS ended,
                (SELECT CAST(COALESCE(SUM(a.confirmed_count), 0) AS BIGINT) FROM activities a WHERE a.project_id = p.id AND a.status = $2) AS places,
                (SELECT CAST(COALESCE(SUM(h.weighted_minutes), 0) AS BIGINT) FROM activities a
                   JOIN service_hours h ON h.activity_id = a.id
                  WHERE a.project_id = p.id AND h.status = 'approved') AS served_minutes,
                (SELECT COUNT(DISTINCT h.user_id) FROM activities a JOIN service_hours h ON h.activity_id = a.id
                  WHERE a.project_id = p.id AND h.status = 'approved') AS served_people
         FROM projects p JOIN organisations o ON o.id = p.org_id{} ORDER BY p.id DESC LIMIT 200",
        w.clause()
    );
    let rows =
        w.bind_all(sqlx::query(&sql).bind(now).bind(ActivityStatus::Published.code())).fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(ProjectSummary {
                id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
                name: r.try_get("name")?,
                summary: r.try_get("summary")?,
                service_objects: split_codes(&r.try_get::<String, _>("service_objects")?),
                goals: r.try_get("goals")?,
                cycle: r.try_get("cycle")?,
                guarantees: r.try_get("guarantees")?,
                brand_mark: r.try_get("brand_mark")?,
                has_brand_image: r.try_get::<i64, _>("has_image")? == 1,
                activities: r.try_get("activities")?,
                ended_activities: r.try_get("ended")?,
                volunteer_places: r.try_get("places")?,
                served_minutes: r.try_get("served_minutes")?,
                served_people: r.try_get("served_people")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The projects of the given organisations, newest first: (id, organisation id, name).
pub async fn projects_of(
    conn: &mut AnyConnection,
    org_ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<(i64, i64, String)>, AppError> {
    let mut w = Where::new();
    w.and_in("org_id", org_ids);
    let sql = format!("SELECT id, org_id, name FROM projects{} ORDER BY id DESC", w.clause());
    w.bind_all(sqlx::query(&sql))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The organisation a project belongs to, if the project exists.
pub async fn project_org(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, AppError> {
    let row = sqlx::query("SELECT org_id FROM projects WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.map(|r| r.try_get("org_id")).transpose()?)
}

/// Stores a new project of `org_id` and returns its id.
pub async fn insert_project(db: &Db, org_id: i64, v: &ValidProject, uid: i64, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "INSERT INTO projects (org_id, name, summary, service_objects, goals, cycle, guarantees, brand_mark, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(org_id)
    .bind(&v.name)
    .bind(&v.summary)
    .bind(v.service_objects.join(","))
    .bind(&v.goals)
    .bind(&v.cycle)
    .bind(&v.guarantees)
    .bind(&v.brand_mark)
    .bind(uid)
    .bind(now)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")?)
}

/// Overwrites project `id` of `org_id`; false when there is no such project of that organisation.
pub async fn update_project(db: &Db, id: i64, org_id: i64, v: &ValidProject, now: i64) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE projects SET name = $3, summary = $4, service_objects = $5, goals = $6, cycle = $7, guarantees = $8,
                brand_mark = $9, updated_at = $10 WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .bind(&v.name)
    .bind(&v.summary)
    .bind(v.service_objects.join(","))
    .bind(&v.goals)
    .bind(&v.cycle)
    .bind(&v.guarantees)
    .bind(&v.brand_mark)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}
