//! All of the demands' SQL: storing, routing to a managing organisation, the status steps
//! (each a conditional update, so two racing requests cannot both take a step), lists, and the
//! candidate queries of matching.
use crate::demands::matching::{
    rank, score, Candidate, Need, Offer, MAX_SKILL_WORDS, SHOWN, W_CATEGORY, W_QUALIFICATION, W_SAME_CITY,
    W_SAME_COUNTY, W_SAME_PROVINCE, W_SKILL,
};
use crate::demands::model::{DemandStatus, DemandSummary, DemandView, ValidDemand};
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub async fn insert(
    conn: &mut AnyConnection,
    v: &ValidDemand,
    org_id: i64,
    follow_hash: &str,
    now: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO demands (org_id, status, follow_hash, poster_kind, poster_unit, contact_name, contact_phone,
            title, category, content_form, mode, service_objects, content, volunteers_needed, expertise,
            qualification, starts_at, ends_at, province, city, county, address, lat_e6, lng_e6, created_at, updated_at)
         VALUES ($1, 'unverified', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
            $20, $21, $22, $23, $24, $24)
         RETURNING id",
    )
    .bind(org_id)
    .bind(follow_hash)
    .bind(v.poster_kind)
    .bind(&v.poster_unit)
    .bind(&v.contact_name)
    .bind(&v.contact_phone)
    .bind(&v.title)
    .bind(v.category)
    .bind(v.content_form)
    .bind(v.mode)
    .bind(v.service_objects.join(","))
    .bind(&v.content)
    .bind(v.volunteers_needed as i64)
    .bind(&v.expertise)
    .bind(&v.qualification)
    .bind(v.starts_at)
    .bind(v.ends_at)
    .bind(&v.province)
    .bind(&v.city)
    .bind(&v.county)
    .bind(&v.address)
    .bind(v.coordinates.map(|c| c.0))
    .bind(v.coordinates.map(|c| c.1))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The managing organisation for a region: an approved one of the same county, else of the
/// same city, else of the same province; the lowest level (closest to the people) first.
pub async fn route(
    conn: &mut AnyConnection,
    province: &str,
    city: &str,
    county: &str,
) -> Result<Option<i64>, AppError> {
    let row = sqlx::query(
        "SELECT id FROM organisations
         WHERE status = 'approved' AND province = $1
         ORDER BY CASE WHEN county = $3 AND county <> '' THEN 0 WHEN city = $2 AND city <> '' THEN 1 ELSE 2 END,
                  level DESC, id
         LIMIT 1",
    )
    .bind(province)
    .bind(city)
    .bind(county)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

const VIEW_COLUMNS: &str = "d.id, d.org_id, o.name AS org_name, d.status, d.poster_kind, d.poster_unit, d.contact_name,
    d.contact_phone, d.title, d.category, d.content_form, d.mode, d.service_objects, d.content, d.volunteers_needed,
    d.expertise, d.qualification, d.starts_at, d.ends_at, d.province, d.city, d.county, d.address, d.lat_e6, d.lng_e6,
    d.reject_reason, d.activity_id, d.recruit_sent_at, d.created_at";

fn status_of(row: &AnyRow) -> Result<DemandStatus, AppError> {
    let code: String = row.try_get("status")?;
    DemandStatus::parse(&code).ok_or_else(|| AppError::internal(format!("unknown demand status {code}")))
}

fn view_from(row: &AnyRow) -> Result<DemandView, AppError> {
    let objects: String = row.try_get("service_objects")?;
    Ok(DemandView {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        status: status_of(row)?,
        poster_kind: row.try_get("poster_kind")?,
        poster_unit: row.try_get("poster_unit")?,
        contact_name: row.try_get("contact_name")?,
        contact_phone: row.try_get("contact_phone")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        content_form: row.try_get("content_form")?,
        mode: row.try_get("mode")?,
        service_objects: objects.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        content: row.try_get("content")?,
        volunteers_needed: row.try_get::<i64, _>("volunteers_needed")?.clamp(0, u32::MAX as i64) as u32,
        expertise: row.try_get("expertise")?,
        qualification: row.try_get("qualification")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        province: row.try_get("province")?,
        city: row.try_get("city")?,
        county: row.try_get("county")?,
        address: row.try_get("address")?,
        lat_e6: row.try_get("lat_e6")?,
        lng_e6: row.try_get("lng_e6")?,
        reject_reason: row.try_get("reject_reason")?,
        activity_id: row.try_get("activity_id")?,
        recruit_sent_at: row.try_get("recruit_sent_at")?,
        created_at: row.try_get("created_at")?,
        can_manage: false,
    })
}

/// One demand, unmasked (the caller masks for whoever may not see the contact).
pub async fn load(conn: &mut AnyConnection, id: i64) -> Result<DemandView, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {VIEW_COLUMNS} FROM demands d JOIN organisations o ON o.id = d.org_id WHERE d.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    view_from(&row)
}

/// The demand a follow link's token (hashed) names.
pub async fn id_by_follow(conn: &mut AnyConnection, follow_hash: &str) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM demands WHERE follow_hash = $1")
        .bind(follow_hash)
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or(AppError::NotFound)
}

/// Moves a demand from one of `from` to `to`; false when it was not in one of `from` any more
/// (someone else took the step first). The other columns of the step are set by the caller in
/// the same transaction.
pub async fn step(
    conn: &mut AnyConnection,
    id: i64,
    from: &[DemandStatus],
    to: DemandStatus,
    now: i64,
) -> Result<bool, AppError> {
    let from = from.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    let sql = format!("UPDATE demands SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ({from})");
    let done = sqlx::query(&sql).bind(to.code()).bind(now).bind(id).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}

fn summary_from(row: &AnyRow) -> Result<DemandSummary, AppError> {
    Ok(DemandSummary {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        poster_unit: row.try_get("poster_unit")?,
        org_name: row.try_get("org_name")?,
        status: status_of(row)?,
        category: row.try_get("category")?,
        volunteers_needed: row.try_get::<i64, _>("volunteers_needed")?.clamp(0, u32::MAX as i64) as u32,
        starts_at: row.try_get("starts_at")?,
        county: row.try_get("county")?,
        city: row.try_get("city")?,
    })
}

const SUMMARY_COLUMNS: &str =
    "d.id, d.title, d.poster_unit, o.name AS org_name, d.status, d.category, d.volunteers_needed, d.starts_at, d.county, d.city";

/// Published demands (newest first), and the accepted ones so the public sees them answered.
pub async fn public_list(
    conn: &mut AnyConnection,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<DemandSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM demands d JOIN organisations o ON o.id = d.org_id
         WHERE d.status IN ('published', 'accepted') AND d.id < $1 AND o.status = 'approved'
         ORDER BY d.id DESC LIMIT $2"
    ))
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(summary_from).collect()
}

/// The demands of an organisation's subtree that were verified (the review queue first).
pub async fn queue(conn: &mut AnyConnection, org_id: i64) -> Result<Vec<DemandSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM demands d JOIN organisations o ON o.id = d.org_id
         JOIN org_closure c ON c.descendant_id = d.org_id
         WHERE c.ancestor_id = $1 AND d.status <> 'unverified'
         ORDER BY CASE WHEN d.status = 'review' THEN 0 ELSE 1 END, d.id DESC LIMIT 200"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(summary_from).collect()
}

/// The `LIKE` pattern for `word` anywhere in a text column.
fn contains(word: &str) -> String {
    format!("%{}%", crate::db::escape_like(word))
}

/// Approved organisations of the subtree of `root`, ranked.
pub async fn match_orgs(conn: &mut AnyConnection, root: i64, need: &Need) -> Result<Vec<Candidate>, AppError> {
    // Subtrees hold hundreds of organisations, not millions: all are scored here.
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.service_categories, o.province, o.city, o.county, o.service_content
         FROM organisations o JOIN org_closure c ON c.descendant_id = o.id
         WHERE c.ancestor_id = $1 AND o.status = 'approved'",
    )
    .bind(root)
    .fetch_all(&mut *conn)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let categories: String = row.try_get("service_categories")?;
        let (province, city, county): (String, String, String) =
            (row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
        let content: String = row.try_get("service_content")?;
        let offer = Offer {
            categories: &categories,
            province: &province,
            city: &city,
            county: &county,
            skills: &content,
            qualifications: "",
        };
        // An organisation is not asked for a person's qualification.
        let need = Need { qualification: String::new(), ..need.clone() };
        let (score, reasons) = score(&need, &offer, false);
        list.push(Candidate {
            id: row.try_get("id")?,
            label: row.try_get("name")?,
            volunteer_no: String::new(),
            score,
            reasons,
        });
    }
    rank(&mut list);
    list.truncate(SHOWN);
    Ok(list)
}

/// The score of `matching`, with its weights, as an SQL expression over `profiles p` (binds
/// numbered from `$first`), and the values to bind.
fn score_sql(need: &Need, first: usize) -> (String, Vec<String>) {
    let mut binds: Vec<String> = Vec::new();
    let mut bind = |value: String| {
        binds.push(value);
        format!("${}", binds.len() + first - 1)
    };
    let mut terms = Vec::new();
    if !need.category.is_empty() {
        let p = bind(format!("%,{},%", crate::db::escape_like(&need.category)));
        terms.push(format!(
            "CASE WHEN ',' || p.service_categories || ',' LIKE {p} ESCAPE '\\' THEN {W_CATEGORY} ELSE 0 END"
        ));
    }
    let mut region = Vec::new();
    if !need.county.is_empty() {
        region.push(format!("WHEN p.county = {} THEN {W_SAME_COUNTY}", bind(need.county.clone())));
    }
    if !need.city.is_empty() {
        region.push(format!("WHEN p.city = {} THEN {W_SAME_CITY}", bind(need.city.clone())));
    }
    if !need.province.is_empty() {
        region.push(format!("WHEN p.province = {} THEN {W_SAME_PROVINCE}", bind(need.province.clone())));
    }
    if !region.is_empty() {
        terms.push(format!("CASE {} ELSE 0 END", region.join(" ")));
    }
    if !need.qualification.is_empty() {
        let p = bind(contains(&need.qualification));
        terms.push(format!(
            "CASE WHEN COALESCE(p.qualifications, '') LIKE {p} ESCAPE '\\' THEN {W_QUALIFICATION} ELSE 0 END"
        ));
    }
    for word in need.skill_words.iter().take(MAX_SKILL_WORDS) {
        let p = bind(contains(word));
        terms.push(format!("CASE WHEN COALESCE(p.skills, '') LIKE {p} ESCAPE '\\' THEN {W_SKILL} ELSE 0 END"));
    }
    (if terms.is_empty() { "0".to_owned() } else { terms.join(" + ") }, binds)
}

/// The ranking's pre-selection: the user ids of the `take` best-scored profiles among the
/// active members of the subtree of `root`, best first (equal scores by id). This is the one
/// pass over every member; who is closed or busy is left to [`free_candidates`], which reads
/// only the ids chosen here, so the pass stays a scan of `profiles` against one set of members
/// (no per-row lookups).
pub async fn ranked_members(
    conn: &mut AnyConnection,
    root: i64,
    need: &Need,
    take: usize,
) -> Result<Vec<i64>, AppError> {
    let (score, binds) = score_sql(need, 2);
    let sql = format!(
        "SELECT p.user_id FROM profiles p
         WHERE p.user_id IN (SELECT m.user_id FROM org_closure c JOIN memberships m ON m.org_id = c.descendant_id
                             WHERE c.ancestor_id = $1 AND m.status = 'active')
         ORDER BY {score} DESC, p.user_id
         LIMIT {take}"
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(root);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}

/// Of the pre-selected `ids`, those still an active member of the subtree of `root`, not
/// closed and with no open sign-up overlapping `window` (all checked now, whatever the age of
/// the pre-selection), scored by `matching::score` with their reasons and ranked.
pub async fn free_candidates(
    conn: &mut AnyConnection,
    root: i64,
    ids: &[i64],
    need: &Need,
    window: (i64, i64),
) -> Result<Vec<Candidate>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers from the database: inlined, so the statement has a fixed bind count.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT p.user_id, p.real_name, u.volunteer_no, p.service_categories, p.province, p.city, p.county,
                COALESCE(p.skills, '') AS skills, COALESCE(p.qualifications, '') AS qualifications
         FROM profiles p JOIN users u ON u.id = p.user_id
         WHERE p.user_id IN ({list}) AND u.status <> 'closed'
           AND EXISTS (SELECT 1 FROM memberships m JOIN org_closure c ON c.descendant_id = m.org_id
                       WHERE m.user_id = p.user_id AND m.status = 'active' AND c.ancestor_id = $1)
           AND NOT EXISTS (SELECT 1 FROM signups s JOIN activities a ON a.id = s.activity_id
                           WHERE s.user_id = p.user_id AND s.status IN ('pending', 'confirmed', 'waitlisted')
                             AND a.status <> 'cancelled' AND a.starts_at < $3 AND a.ends_at > $2)"
    );
    let rows = sqlx::query(&sql).bind(root).bind(window.0).bind(window.1).fetch_all(&mut *conn).await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let categories: String = row.try_get("service_categories")?;
        let (province, city, county): (String, String, String) =
            (row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
        let skills: String = row.try_get("skills")?;
        let qualifications: String = row.try_get("qualifications")?;
        let offer = Offer {
            categories: &categories,
            province: &province,
            city: &city,
            county: &county,
            skills: &skills,
            qualifications: &qualifications,
        };
        let (score, reasons) = score(need, &offer, true);
        let name: String = row.try_get("real_name")?;
        list.push(Candidate {
            id: row.try_get("user_id")?,
            label: crate::records::certificates::model::mask_name(&name),
            volunteer_no: row.try_get("volunteer_no")?,
            score,
            reasons,
        });
    }
    rank(&mut list);
    Ok(list)
}

/// How many more than asked for the pre-selection takes, for those found busy or closed.
pub const PRESELECT_MARGIN: usize = 80;

/// The pre-selection of `take` ids, and whether it holds every member (fewer came back).
pub async fn preselect(
    conn: &mut AnyConnection,
    root: i64,
    need: &Need,
    take: usize,
) -> Result<(Vec<i64>, bool), AppError> {
    let ids = ranked_members(conn, root, need, take).await?;
    let complete = ids.len() < take;
    Ok((ids, complete))
}

/// Volunteers with an active membership somewhere in the subtree of `root` (nobody else: rule
/// 4), with no open sign-up overlapping `window`, best first, at most `limit`, from a
/// pre-selection ([`preselect`]: `(ids, complete)`). When too many of those are busy or gone
/// and the pre-selection did not hold every member, it is widened; the wider one is handed back
/// for the caller to keep.
pub async fn match_volunteers(
    conn: &mut AnyConnection,
    root: i64,
    need: &Need,
    window: (i64, i64),
    limit: usize,
    preselected: (std::sync::Arc<Vec<i64>>, bool),
) -> Result<(Vec<Candidate>, Option<(Vec<i64>, bool)>), AppError> {
    let (ids, mut complete) = preselected;
    let mut list = free_candidates(conn, root, &ids, need, window).await?;
    let mut widened = None;
    let mut take = ids.len().max(limit + PRESELECT_MARGIN);
    while list.len() < limit && !complete {
        take *= 4;
        let (wider, all) = preselect(conn, root, need, take).await?;
        complete = all;
        list = free_candidates(conn, root, &wider, need, window).await?;
        widened = Some((wider, all));
    }
    list.truncate(limit);
    Ok((list, widened))
}

/// Everyone with an active membership in the subtree of `root` (the recruitment notice's
/// readers), each once.
pub async fn subtree_members(conn: &mut AnyConnection, root: i64) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT m.user_id FROM memberships m JOIN org_closure c ON c.descendant_id = m.org_id
         WHERE c.ancestor_id = $1 AND m.status = 'active' ORDER BY m.user_id",
    )
    .bind(root)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| r.try_get::<i64, _>("user_id").map_err(AppError::from)).collect()
}
