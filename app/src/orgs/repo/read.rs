//! Reading organisations: the directory, one organisation with its path and children, and the
//! review queue. The site's pages and the public API read through the same functions, so what
//! one shows the other cannot contradict.
use super::{region_name, split_codes};
use crate::accounts::mobile::Mobile;
use crate::codes::levels::LevelNames;
use crate::db::query::Where;
use crate::db::{flag, Db};
use crate::error::AppError;
use crate::orgs::views::{MembershipStatus, OrgStatus, OrgSummary, ReviewItem};
use crate::validation::Keyword;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The columns [`listed_from_row`] reads; `members` counts the organisation's own active members.
const SUMMARY_COLUMNS: &str = "o.id, o.name, o.level, o.status, o.province, o.city, o.county, o.service_categories,
     (SELECT COUNT(*) FROM memberships mm WHERE mm.org_id = o.id AND mm.status = 'active') AS members";

/// An organisation as lists show it, with the region codes behind its region name (the public
/// API gives both).
#[derive(Clone, Debug)]
pub struct Listed {
    pub summary: OrgSummary,
    pub province: String,
    pub city: String,
    pub county: String,
}

fn listed_from_row(row: &AnyRow, levels: &LevelNames) -> Result<Listed, sqlx::Error> {
    let level = row.try_get::<i64, _>("level")? as u32;
    let (province, city, county): (String, String, String) =
        (row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
    Ok(Listed {
        summary: OrgSummary {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            level,
            level_name: levels.name(level).to_owned(),
            status: OrgStatus::from_code(&row.try_get::<String, _>("status")?),
            region: region_name(&province, &city, &county),
            service_categories: split_codes(&row.try_get::<String, _>("service_categories")?),
            members: row.try_get("members")?,
        },
        province,
        city,
        county,
    })
}

/// Directory filters; empty text filters nothing.
#[derive(Clone, Debug, Default)]
pub struct DirectoryQuery<'a> {
    /// Words of the name, all of which must appear.
    pub q: Keyword,
    pub province: &'a str,
    pub city: &'a str,
    pub county: &'a str,
    /// A service category code.
    pub category: &'a str,
    /// Keyset cursor: the last id of the previous page (0 for the first).
    pub after: i64,
    pub limit: usize,
}

/// Approved organisations matching `query` in id order, a page at a time: the page and the
/// cursor of the next one (`None` on the last page).
pub async fn directory(
    db: &Db,
    query: &DirectoryQuery<'_>,
    levels: &LevelNames,
) -> Result<(Vec<Listed>, Option<i64>), AppError> {
    let mut w = Where::new();
    w.and("o.status = ?", OrgStatus::Approved.code())
        .and("o.id > ?", query.after)
        .and_contains_all("o.name", &query.q)
        .and_eq_text("o.province", query.province)
        .and_eq_text("o.city", query.city)
        .and_eq_text("o.county", query.county)
        .and_has_code("o.service_categories", query.category);
    let sql =
        format!("SELECT {SUMMARY_COLUMNS} FROM organisations o{} ORDER BY o.id LIMIT {}", w.clause(), query.limit + 1);
    let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    let mut items = rows.iter().map(|r| listed_from_row(r, levels)).collect::<Result<Vec<_>, _>>()?;
    let next = if items.len() > query.limit {
        items.truncate(query.limit);
        items.last().map(|o| o.summary.id)
    } else {
        None
    };
    Ok((items, next))
}

/// What the registration table says about an organisation beyond its summary.
#[derive(Clone, Debug)]
pub struct About {
    pub civil_registered: bool,
    pub supervisor_type: String,
    pub supervisor_name: String,
    pub founded_on: String,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_unit: String,
}

/// One organisation, whatever its status (callers decide who may see which).
#[derive(Clone, Debug)]
pub struct Found {
    pub listed: Listed,
    pub parent_id: Option<i64>,
    pub created_by: Option<i64>,
    pub review_reason: String,
    pub about: About,
}

pub async fn find(db: &Db, id: i64, levels: &LevelNames) -> Result<Option<Found>, AppError> {
    let Some(row) = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, o.parent_id, o.civil_registered, o.supervisor_type, o.supervisor_name, o.founded_on,
                o.service_scope, o.service_content, o.service_objects, o.service_requirements, o.leader_name, o.leader_title,
                o.leader_unit, o.review_reason, o.created_by
         FROM organisations o WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let text = |c: &str| row.try_get::<String, _>(c);
    Ok(Some(Found {
        listed: listed_from_row(&row, levels)?,
        parent_id: row.try_get("parent_id")?,
        created_by: row.try_get("created_by")?,
        review_reason: text("review_reason")?,
        about: About {
            civil_registered: flag(&row, "civil_registered")?,
            supervisor_type: text("supervisor_type")?,
            supervisor_name: text("supervisor_name")?,
            founded_on: text("founded_on")?,
            service_scope: text("service_scope")?,
            service_content: text("service_content")?,
            service_objects: text("service_objects")?,
            service_requirements: text("service_requirements")?,
            leader_name: text("leader_name")?,
            leader_title: text("leader_title")?,
            leader_unit: text("leader_unit")?,
        },
    }))
}

/// The organisation's ancestors, root first, parent last.
pub async fn path(db: &Db, id: i64) -> Result<Vec<(i64, String)>, AppError> {
    sqlx::query(
        "SELECT o.id, o.name FROM org_closure c JOIN organisations o ON o.id = c.ancestor_id
         WHERE c.descendant_id = $1 AND c.depth > 0 ORDER BY c.depth DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

/// The approved children of an organisation by name (at most 200).
pub async fn children(db: &Db, id: i64, levels: &LevelNames) -> Result<Vec<Listed>, AppError> {
    sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM organisations o WHERE o.parent_id = $1 AND o.status = $2 ORDER BY o.name, o.id LIMIT 200"
    ))
    .bind(id)
    .bind(OrgStatus::Approved.code())
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| listed_from_row(r, levels))
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}

/// The person's open (pending or active) membership of the organisation, if any.
pub async fn open_membership(db: &Db, org_id: i64, uid: i64) -> Result<Option<MembershipStatus>, AppError> {
    // The literal list is the partial unique index's own condition, so the lookup can use it.
    let row = sqlx::query(
        "SELECT status FROM memberships WHERE org_id = $1 AND user_id = $2 AND status IN ('pending', 'active')",
    )
    .bind(org_id)
    .bind(uid)
    .fetch_optional(&db.pool)
    .await?;
    Ok(match row {
        Some(r) => MembershipStatus::from_code(&r.try_get::<String, _>("status")?),
        None => None,
    })
}

/// Who decides an organisation's registration and whom to tell: its parent, name and registrant.
pub async fn review_subject(db: &Db, id: i64) -> Result<Option<(Option<i64>, String, Option<i64>)>, AppError> {
    let row = sqlx::query("SELECT parent_id, name, created_by FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("parent_id")?, r.try_get("name")?, r.try_get("created_by")?)),
        None => None,
    })
}

/// Registrations waiting for `org_id` or any organisation in its subtree to review them.
pub async fn review_queue(db: &Db, org_id: i64, levels: &LevelNames) -> Result<Vec<ReviewItem>, AppError> {
    let rows = sqlx::query(
        "SELECT o.*, p.name AS parent_name FROM org_closure c
         JOIN organisations o ON o.parent_id = c.descendant_id
         JOIN organisations p ON p.id = o.parent_id
         WHERE c.ancestor_id = $1 AND o.status = $2 ORDER BY o.created_at LIMIT 200",
    )
    .bind(org_id)
    .bind(OrgStatus::Pending.code())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let s = |c: &str| r.try_get::<String, _>(c);
            let level = r.try_get::<i64, _>("level")? as u32;
            let leader = [s("leader_name")?, s("leader_title")?, s("leader_unit")?, s("leader_phone")?]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            Ok(ReviewItem {
                id: r.try_get("id")?,
                name: s("name")?,
                parent_name: s("parent_name")?,
                level_name: levels.name(level).to_owned(),
                region: region_name(&s("province")?, &s("city")?, &s("county")?),
                service_categories: split_codes(&s("service_categories")?),
                service_scope: s("service_scope")?,
                service_content: s("service_content")?,
                service_objects: s("service_objects")?,
                service_requirements: s("service_requirements")?,
                planned_members: r.try_get("planned_members")?,
                leader,
                contact_name: s("contact_name")?,
                contact_mobile: Mobile::parse(&s("contact_mobile")?).map(|m| m.masked()).unwrap_or_default(),
                civil_registered: flag(r, "civil_registered")?,
                supervisor: s("supervisor_name")?,
                founded_on: s("founded_on")?,
                submitted_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}
