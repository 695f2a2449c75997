//! The roster (F-15): everyone with a membership anywhere in an organisation's subtree,
//! filtered, sorted and paged by keyset (so page 500 costs what page 1 does), with personal
//! data masked; and its export as CSV or XLSX.
use crate::error::AppError;
use crate::orgs::views::{RosterPage, RosterQuery};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{http, scope, state::app_state};

pub const PAGE_SIZE: usize = 50;

/// One page of the roster of `query.org_id`'s subtree.
#[server(endpoint = "orgs/roster", input = Json)]
pub async fn roster(query: RosterQuery) -> Result<RosterPage, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, query.org_id).await?;
    ssr::page(&state.db, &query, PAGE_SIZE).await
}

/// How many different people match the roster filter in the whole subtree.
#[server(endpoint = "orgs/roster-count", input = Json)]
pub async fn roster_count(query: RosterQuery) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, query.org_id).await?;
    ssr::count(&state.db, &query).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::accounts::mobile::Mobile;
    use crate::db::query::{contains_pattern, Bind, Where};
    use crate::db::Db;
    use crate::orgs::repo::{region_name, split_codes};
    use crate::orgs::views::{MembershipStatus, RosterRow};
    use crate::validation::{parse_date, parse_hours};
    use crate::validation::{Invalid, Keyword};
    use sqlx::Row;

    /// Platform midnight (UTC+8) of a YYYY-MM-DD date, in stored microseconds.
    fn day_start_us(date: &str, field: &str) -> Result<Option<i64>, AppError> {
        if date.trim().is_empty() {
            return Ok(None);
        }
        let day = parse_date(date).map_err(|i| AppError::field(field, i))?;
        let local = day.and_hms_opt(0, 0, 0).ok_or_else(|| AppError::field(field, Invalid::DateFormat))?;
        Ok(Some(
            (local - chrono::Duration::seconds(crate::clock::PLATFORM_UTC_OFFSET_S as i64))
                .and_utc()
                .timestamp_micros(),
        ))
    }

    /// The conditions of a filter, shared by page, count and export.
    pub fn filter(query: &RosterQuery) -> Result<Where, AppError> {
        let mut w = Where::new();
        w.and("c.ancestor_id = ?", query.org_id);
        let status = if query.status.trim().is_empty() { MembershipStatus::Active.code() } else { query.status.trim() };
        if MembershipStatus::from_code(status).is_none() {
            return Err(AppError::field("status", Invalid::NotInList));
        }
        w.and("m.status = ?", status);
        // Every term is a name, skill or qualification word, or the whole volunteer number.
        for term in Keyword::parse(&query.q).map_err(|i| AppError::field("q", i))?.terms() {
            let like = w.bind(contains_pattern(term));
            let exact = w.bind(term.as_str());
            w.and_sql(format!(
                "(p.real_name LIKE {like} ESCAPE '\\' OR p.skills LIKE {like} ESCAPE '\\' OR p.qualifications LIKE {like} ESCAPE '\\' OR u.volunteer_no = {exact})"
            ));
        }
        w.and_has_choice("m.user_id", "service_categories", &query.category).and_has_choice(
            "m.user_id",
            "service_fields",
            &query.field,
        );
        // The deepest region given is enough: a county lies in its city and province.
        if let Some((column, value)) =
            [("p.county", &query.county), ("p.city", &query.city), ("p.province", &query.province)]
                .into_iter()
                .find(|(_, v)| !v.trim().is_empty())
        {
            w.and_eq_text(column, value);
        }
        w.and_eq_text("m.category", &query.class);
        w.and_some("m.joined_at >= ?", day_start_us(&query.joined_from, "joined_from")?);
        // Inclusive of the whole last day.
        w.and_some("m.joined_at < ?", day_start_us(&query.joined_to, "joined_to")?.map(|to| to + 86_400_000_000));
        let hours_min = parse_hours(&query.hours_min).map_err(|i| AppError::field("hours_min", i))?;
        let hours_max = parse_hours(&query.hours_max).map_err(|i| AppError::field("hours_max", i))?;
        if let (Some(min), Some(max)) = (hours_min, hours_max) {
            if min > max {
                return Err(AppError::field("hours_max", Invalid::RangeOrder));
            }
        }
        for (bound, op) in [(hours_min, ">="), (hours_max, "<=")] {
            if let Some(minutes) = bound {
                let served = served_minutes(&mut w, query.org_id);
                let b = w.bind(minutes);
                w.and_sql(format!("{served} {op} {b}"));
            }
        }
        Ok(w)
    }

    /// The approved weighted minutes a roster line's person served in activities of `root`'s
    /// subtree (F-15 "hours"), as a correlated subquery; read through the service_hours_user index.
    fn served_minutes(w: &mut Where, root: i64) -> String {
        let root = w.bind(root);
        format!(
            "(SELECT CAST(COALESCE(SUM(h.weighted_minutes), 0) AS BIGINT) FROM service_hours h
               JOIN org_closure hc ON hc.descendant_id = h.org_id AND hc.ancestor_id = {root}
              WHERE h.user_id = m.user_id AND h.status = 'approved')"
        )
    }

    const FROM: &str = " FROM memberships m
         JOIN org_closure c ON c.descendant_id = m.org_id
         JOIN users u ON u.id = m.user_id
         LEFT JOIN profiles p ON p.user_id = m.user_id
         JOIN organisations o ON o.id = m.org_id";

    /// Subtrees with more organisations than this are read newest membership first: walking the
    /// `(status, joined_at)` index and probing the closure table stops after one page, where
    /// collecting a large subtree's members and sorting them would touch all of them. Small
    /// subtrees are read the other way round (their few organisations, then their members).
    const WIDE_SUBTREE: i64 = 200;

    /// `CROSS JOIN` fixes SQLite's join order (memberships outside, everything else probed by
    /// key), also when a filter on the profile would tempt it to scan profiles first;
    /// PostgreSQL plans it as ordinary joins from its statistics. Every member has a profile
    /// (applying and importing both require one), so the inner join loses nobody. The join
    /// conditions are [`WIDE_JOINS`].
    const FROM_WIDE: &str = " FROM memberships m
         CROSS JOIN org_closure c
         CROSS JOIN users u
         CROSS JOIN profiles p
         CROSS JOIN organisations o";
    const WIDE_JOINS: &str =
        "c.descendant_id = m.org_id AND u.id = m.user_id AND p.user_id = m.user_id AND o.id = m.org_id";

    /// The sort column (also what the cursor carries besides the membership id) and whether
    /// it runs descending.
    fn sort(query: &RosterQuery) -> (&'static str, bool) {
        match query.sort.as_str() {
            "joined_asc" => ("m.joined_at", false),
            "name" => ("p.real_name", false),
            "volunteer_no" => ("u.volunteer_no", false),
            _ => ("m.joined_at", true),
        }
    }

    /// Reads up to `limit` rows after the query's cursor; `next` is set when more follow.
    ///
    /// The page and the count are sent as unnamed statements (`persistent(false)`), so
    /// PostgreSQL plans every run for its own values. A cached statement switches to a generic
    /// plan after five runs, and that plan, blind to which organisation is asked, takes the
    /// subtree for a handful of organisations: read them first, sort what they hold. For the
    /// corps of a million that turned a 30 ms filtered page into 6 s from the sixth request on.
    pub async fn page(db: &Db, query: &RosterQuery, limit: usize) -> Result<RosterPage, AppError> {
        page_planned(db, query, limit, None).await
    }

    /// [`page`] with the reading order forced (`Some(true)`: newest membership first), so tests
    /// can prove both orders return the same rows.
    pub async fn page_planned(
        db: &Db,
        query: &RosterQuery,
        limit: usize,
        wide: Option<bool>,
    ) -> Result<RosterPage, AppError> {
        let mut w = filter(query)?;
        let (column, descending) = sort(query);
        let (op, dir) = if descending { ("<", "DESC") } else { (">", "ASC") };
        if let Some((value, id)) = query.after.split_once('|') {
            let bad = || AppError::field("after", Invalid::NotInList);
            let id: i64 = id.parse().map_err(|_| bad())?;
            let v = w.bind(if column == "m.joined_at" {
                Bind::Int(value.parse().map_err(|_| bad())?)
            } else {
                Bind::from(value)
            });
            let i = w.bind(id);
            w.and_sql(format!("({column} {op} {v} OR ({column} = {v} AND m.id {op} {i}))"));
        }
        let order = format!("{column} {dir}, m.id {dir}");
        let served = served_minutes(&mut w, query.org_id);
        let wide = match wide {
            Some(forced) => forced,
            None => column == "m.joined_at" && crate::orgs::repo::subtree_size(db, query.org_id).await? > WIDE_SUBTREE,
        };
        let from = if wide {
            w.and_sql(WIDE_JOINS);
            FROM_WIDE
        } else {
            FROM
        };
        let sql = format!(
            "SELECT m.id, m.org_id, o.name AS org_name, u.volunteer_no, u.mobile, p.real_name, p.gender, p.province,
                    p.city, p.county, p.service_categories, p.service_fields, p.skills, m.status, m.category, m.joined_at,
                    m.reason, {served} AS hours_minutes {from}{} ORDER BY {order} LIMIT {}",
            w.clause(),
            limit + 1
        );
        let rows = w.bind_all(sqlx::query(&sql).persistent(false)).fetch_all(&db.pool).await?;
        let mut out = Vec::with_capacity(rows.len().min(limit));
        for r in rows.iter().take(limit) {
            let s =
                |c: &str| -> Result<String, sqlx::Error> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
            out.push(RosterRow {
                membership_id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                org_name: s("org_name")?,
                volunteer_no: s("volunteer_no")?,
                real_name: s("real_name")?,
                gender: s("gender")?,
                mobile_masked: Mobile::parse(&s("mobile")?).map(|m| m.masked()).unwrap_or_default(),
                region: region_name(&s("province")?, &s("city")?, &s("county")?),
                service_categories: split_codes(&s("service_categories")?),
                service_fields: split_codes(&s("service_fields")?),
                skills: s("skills")?,
                status: MembershipStatus::from_code(&s("status")?).unwrap_or(MembershipStatus::Active),
                class: s("category")?,
                joined_at: r.try_get("joined_at")?,
                reason: s("reason")?,
                hours_minutes: r.try_get("hours_minutes")?,
            });
        }
        let next = if rows.len() > limit {
            out.last().map(|last| {
                let value = match column {
                    "p.real_name" => last.real_name.clone(),
                    "u.volunteer_no" => last.volunteer_no.clone(),
                    _ => last.joined_at.unwrap_or_default().to_string(),
                };
                format!("{value}|{}", last.membership_id)
            })
        } else {
            None
        };
        Ok(RosterPage { rows: out, next })
    }

    pub async fn count(db: &Db, query: &RosterQuery) -> Result<i64, AppError> {
        let w = filter(query)?;
        // The unfiltered count of active members is kept per organisation (orgs/counts.rs).
        let set = |values: &[&String]| values.iter().any(|v| !v.trim().is_empty());
        // Profiles and users only join when a filter needs them; the plain count is then one
        // range of the closure table and one index range per organisation.
        let needs_people = set(&[&query.q, &query.category, &query.field, &query.province, &query.city, &query.county]);
        let membership_filtered =
            set(&[&query.class, &query.joined_from, &query.joined_to, &query.hours_min, &query.hours_max]);
        if !needs_people
            && !membership_filtered
            && (query.status.trim().is_empty() || query.status.trim() == MembershipStatus::Active.code())
        {
            return crate::orgs::counts::members(db, query.org_id).await;
        }
        let from =
            if needs_people { FROM } else { " FROM org_closure c JOIN memberships m ON m.org_id = c.descendant_id" };
        let sql = format!("SELECT COUNT(DISTINCT m.user_id) AS n {from}{}", w.clause());
        Ok(w.bind_all(sqlx::query(&sql).persistent(false)).fetch_one(&db.pool).await?.try_get("n")?)
    }
}
