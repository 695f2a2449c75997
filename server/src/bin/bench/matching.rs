//! `bench matching` (F-43): the volume — 20,000 venues, 200,000 activities with their
//! sign-ups, 1,000,000 volunteers each an active member of a team — then the matching request
//! for a demand (`POST /api/demands/match`) over HTTP at `--clients` clients, by staff of the
//! corps (the whole tree: every volunteer is a candidate) and by staff of one city team, beside
//! a bare axum route in the same process. `--reuse` keeps a database seeded by an earlier run.
//! Prints figures; asserts nothing but that the answers are 200s with candidates.
use super::activities::{loading_db, seed_activities, seed_orgs};
use super::http::{load, print_gzip_table, serve_app, sync_sequences, table_row, MakeRequest};
use super::map::seed_venues;
use super::{fresh_sqlite, insert_memberships, insert_people, insert_users, percentile, Args, Value, I, S};
use anyhow::Context;
use app::db::{now_us, Db};
use app::demands::matching::MatchResult;
use std::sync::Arc;
use std::time::Instant;

const VENUES: usize = 20_000;
const DAY: i64 = 86_400_000_000;

/// What the load needs from the seed: the demand and a session for each staff member.
struct World {
    demand: i64,
    /// (who, session cookie)
    staff: Vec<(String, String)>,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/matching.db?mode=rwc".into());
    let world = match if args.reuse { reused(&url).await } else { None } {
        Some(w) => {
            println!("reusing the seeded database {url}");
            w
        }
        None => seed(&url, &args).await?,
    };
    let db = Db::connect(&url).await.context("connect")?;
    let engine = format!("{:?}", db.engine);
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    direct_timings(&db, &engine, world.demand, args.samples.min(10)).await?;
    let served = serve_app(&db).await?;
    let endpoint = reqwest::Url::parse(&format!("{}/api/demands/match", served.base))?;
    let body = format!("demand_id={}", world.demand);

    let mut loads: Vec<(String, MakeRequest)> =
        vec![("bare axum GET /bench-bare".into(), super::http::get(served.bare.clone()))];
    for (who, cookie) in &world.staff {
        let answer: MatchResult = reqwest::Client::new()
            .post(endpoint.clone())
            .header(reqwest::header::COOKIE, cookie)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        anyhow::ensure!(!answer.volunteers.is_empty(), "{who}: no volunteer matched");
        let top = &answer.volunteers[0];
        println!(
            "[{engine}] POST /api/demands/match as {who}: {} organisations, {} volunteers, best scores {} / {} ({:?})",
            answer.orgs.len(),
            answer.volunteers.len(),
            answer.orgs.first().map(|o| o.score).unwrap_or(0),
            top.score,
            top.reasons
        );
        let (endpoint, cookie, body) = (endpoint.clone(), cookie.clone(), body.clone());
        loads.push((
            format!("POST /api/demands/match as {who}"),
            Arc::new(move |client: &reqwest::Client| {
                client
                    .post(endpoint.clone())
                    .header(reqwest::header::COOKIE, &cookie)
                    .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(body.clone())
            }),
        ));
    }
    let mut table = Vec::new();
    for (name, make) in loads {
        let (f, window) = load(make, args.clients, args.seconds, "gzip").await?;
        table.push(table_row(&name, &f, window));
    }
    print_gzip_table(&engine, args.clients, args.seconds, &table);
    Ok(())
}

/// The demand and sessions of an earlier seed, if `url` holds one.
async fn reused(url: &str) -> Option<World> {
    let db = Db::connect(url).await.ok()?;
    let demand: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM demands WHERE title = 'bench'").fetch_one(&db.pool).await.ok()?;
    let rows = sqlx::query(
        "SELECT s.id, u.volunteer_no FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE u.volunteer_no LIKE 'BENCH%' ORDER BY u.id",
    )
    .fetch_all(&db.pool)
    .await
    .ok()?;
    let staff: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| {
            use sqlx::Row;
            let who: String = r.try_get("volunteer_no").ok()?;
            let id: String = r.try_get("id").ok()?;
            Some((staff_label(&who), format!("sciserve_session={id}")))
        })
        .collect();
    db.pool.close().await;
    (staff.len() == 2).then_some(World { demand, staff })
}

fn staff_label(volunteer_no: &str) -> String {
    if volunteer_no == "BENCH-CORPS" {
        "corps staff (whole tree)".into()
    } else {
        "city team staff (one city)".into()
    }
}

async fn seed(url: &str, args: &Args) -> anyhow::Result<World> {
    fresh_sqlite(url)?;
    let total = Instant::now();
    let loader = loading_db(url).await.context("connect")?;
    loader.migrate().await.context("migrate")?;
    let engine = format!("{:?}", loader.engine);
    let now = now_us();
    let (orgs, teams) = seed_orgs(&loader, now).await?;
    // Every volunteer an active member of one team (city, county or field), round the tree.
    for start in (0..args.volunteers).step_by(50_000) {
        let end = (start + 50_000).min(args.volunteers);
        insert_people(&loader, start, end, now).await?;
        let memberships: Vec<Vec<Value>> =
            (start..end).map(|n| vec![I(teams[n % teams.len()].id), I(n as i64 + 1), I(now)]).collect();
        insert_memberships(&loader, &memberships).await?;
    }
    println!(
        "[{engine}] seeded {orgs} organisations and {} volunteers in {:.1} s",
        args.volunteers,
        total.elapsed().as_secs_f64()
    );
    seed_activities(&loader, args, &teams, now).await?;
    let org_ids: Vec<i64> = teams.iter().map(|t| t.id).collect();
    seed_venues(&loader, VENUES, &org_ids, now).await?;

    // The demand, at the first county detachment (teams[0] is its city team), a week ahead.
    let (city_team, detachment) = (teams[0].id, teams[1].id);
    let region: (String, String, String) =
        sqlx::query_as("SELECT province, city, county FROM organisations WHERE id = $1")
            .bind(detachment)
            .fetch_one(&loader.pool)
            .await?;
    let demand: i64 = sqlx::query_scalar(
        "INSERT INTO demands (org_id, status, follow_hash, poster_kind, poster_unit, contact_name, contact_phone, title,
            category, content_form, mode, service_objects, content, volunteers_needed, expertise, qualification,
            starts_at, ends_at, province, city, county, created_at, updated_at)
         VALUES ($1, 'published', 'bench', 'school', '示范小学', '王老师', '13900000000', 'bench', 'science_lecture',
            'lecture', 'offline', 'students', '给四年级讲无人机', 30, '科普讲解 无人机', '急救证', $2, $3, $4, $5, $6, $7, $7)
         RETURNING id",
    )
    .bind(detachment)
    .bind(now + 7 * DAY)
    .bind(now + 7 * DAY + 3 * 3_600_000_000)
    .bind(&region.0)
    .bind(&region.1)
    .bind(&region.2)
    .bind(now)
    .fetch_one(&loader.pool)
    .await?;

    // Two staff members, each with a signed-in session: the corps's and the city team's.
    let first = args.volunteers as i64 + 1;
    let expires_s = now / 1_000_000 + 24 * 3600;
    let mut staff = Vec::new();
    for (i, (no, org)) in [("BENCH-CORPS", 1i64), ("BENCH-CITY", city_team)].into_iter().enumerate() {
        let uid = first + i as i64;
        insert_users(&loader, &[vec![I(uid), S(no.into()), S(format!("1990000000{i}")), I(now)]]).await?;
        sqlx::query("INSERT INTO org_staff (org_id, user_id, role, created_at) VALUES ($1, $2, 'admin', $3)")
            .bind(org)
            .bind(uid)
            .bind(now)
            .execute(&loader.pool)
            .await?;
        let session = tower_sessions::session::Id::default().to_string();
        let data = serde_json::json!({ app::http::UID_KEY: uid, app::accounts::session_store::SIGNED_IN_AT_KEY: now });
        sqlx::query("INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)")
            .bind(&session)
            .bind(data.to_string())
            .bind(expires_s)
            .bind(uid)
            .execute(&loader.pool)
            .await?;
        staff.push((staff_label(no), format!("sciserve_session={session}")));
    }
    sync_sequences(&loader, &["users", "organisations", "memberships", "activities", "signups", "venues", "demands"])
        .await?;
    loader.pool.close().await;
    println!(
        "[{engine}] seeded {} activities with sign-ups, {VENUES} venues, a demand and 2 staff sessions; {:.1} s in all",
        args.activities,
        total.elapsed().as_secs_f64()
    );
    Ok(World { demand, staff })
}

/// The cold path without HTTP or the memo: for each staff root, the pre-selection (the pass over
/// every member of the subtree) and the availability check of what it chose, timed one at a time.
async fn direct_timings(db: &Db, engine: &str, demand: i64, samples: usize) -> anyhow::Result<()> {
    use app::demands::{matching::Need, repo};
    let mut conn = db.pool.acquire().await?;
    let d = repo::load(&mut conn, demand).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let need = Need::new(&d.category, (&d.province, &d.city, &d.county), &d.expertise, &d.qualification);
    let roots: Vec<(String, i64)> = vec![
        ("corps (whole tree)".into(), 1),
        (
            "city team".into(),
            sqlx::query_scalar("SELECT parent_id FROM organisations WHERE id = $1")
                .bind(d.org_id)
                .fetch_one(&db.pool)
                .await?,
        ),
    ];
    println!("\n[{engine}] matching without HTTP, one request at a time ({samples} samples)\n");
    println!("| subtree | members | before: one query scoring every member p50 ms | p95 ms | now: pre-selection p50 ms | p95 ms | availability check p50 ms | p95 ms | shown |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let take = app::demands::matching::SHOWN + repo::PRESELECT_MARGIN;
    for (name, root) in roots {
        let members: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT m.user_id) FROM org_closure c JOIN memberships m ON m.org_id = c.descendant_id
             WHERE c.ancestor_id = $1 AND m.status = 'active'",
        )
        .bind(root)
        .fetch_one(&db.pool)
        .await?;
        let (mut before, mut pre, mut check, mut shown) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for _ in 0..samples {
            let start = Instant::now();
            let old = old_query(&mut conn, root, &need, (d.starts_at, d.ends_at)).await?;
            before.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            let (ids, complete) =
                repo::preselect(&mut conn, root, &need, take).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            pre.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            let (list, _) = repo::match_volunteers(
                &mut conn,
                root,
                &need,
                (d.starts_at, d.ends_at),
                app::demands::matching::SHOWN,
                (Arc::new(ids), complete),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            check.push(start.elapsed().as_secs_f64() * 1000.0);
            shown = list.len();
            if list.iter().map(|c| c.id).collect::<Vec<_>>() != old {
                println!("[{engine}] {name}: MISMATCH: the pre-selection ranks differently from the single query");
            }
        }
        before.sort_by(|a, b| a.total_cmp(b));
        pre.sort_by(|a, b| a.total_cmp(b));
        check.sort_by(|a, b| a.total_cmp(b));
        println!(
            "| {name} | {members} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {shown} |",
            percentile(&before, 0.5),
            percentile(&before, 0.95),
            percentile(&pre, 0.5),
            percentile(&pre, 0.95),
            percentile(&check, 0.5),
            percentile(&check, 0.95)
        );
    }
    Ok(())
}

/// The volunteer query as it was before the pre-selection (one statement: every active member of
/// the subtree scored, the busy ones left out row by row), for the before/after figures; the ids
/// it ranks first.
async fn old_query(
    conn: &mut sqlx::AnyConnection,
    root: i64,
    need: &app::demands::matching::Need,
    window: (i64, i64),
) -> anyhow::Result<Vec<i64>> {
    use app::demands::matching::*;
    let like = |w: &str| format!("%{}%", app::db::escape_like(w));
    let mut binds: Vec<String> = Vec::new();
    let mut terms = Vec::new();
    let bind = |v: String, binds: &mut Vec<String>| {
        binds.push(v);
        format!("${}", binds.len() + 3)
    };
    let p = bind(format!("%,{},%", app::db::escape_like(&need.category)), &mut binds);
    terms.push(format!(
        "CASE WHEN ',' || p.service_categories || ',' LIKE {p} ESCAPE '\\' THEN {W_CATEGORY} ELSE 0 END"
    ));
    let (county, city, province) = (
        bind(need.county.clone(), &mut binds),
        bind(need.city.clone(), &mut binds),
        bind(need.province.clone(), &mut binds),
    );
    terms.push(format!(
        "CASE WHEN p.county = {county} THEN {W_SAME_COUNTY} WHEN p.city = {city} THEN {W_SAME_CITY} WHEN p.province = {province} THEN {W_SAME_PROVINCE} ELSE 0 END"
    ));
    if !need.qualification.is_empty() {
        let p = bind(like(&need.qualification), &mut binds);
        terms.push(format!(
            "CASE WHEN COALESCE(p.qualifications, '') LIKE {p} ESCAPE '\\' THEN {W_QUALIFICATION} ELSE 0 END"
        ));
    }
    for word in &need.skill_words {
        let p = bind(like(word), &mut binds);
        terms.push(format!("CASE WHEN COALESCE(p.skills, '') LIKE {p} ESCAPE '\\' THEN {W_SKILL} ELSE 0 END"));
    }
    let sql = format!(
        "SELECT p.user_id
         FROM profiles p JOIN users u ON u.id = p.user_id
         WHERE u.status <> 'closed'
           AND EXISTS (SELECT 1 FROM memberships m JOIN org_closure c ON c.descendant_id = m.org_id
                       WHERE m.user_id = p.user_id AND m.status = 'active' AND c.ancestor_id = $1)
           AND NOT EXISTS (SELECT 1 FROM signups s JOIN activities a ON a.id = s.activity_id
                           WHERE s.user_id = p.user_id AND s.status IN ('pending', 'confirmed', 'waitlisted')
                             AND a.status <> 'cancelled' AND a.starts_at < $3 AND a.ends_at > $2)
         ORDER BY {} DESC, p.user_id
         LIMIT {SHOWN}",
        terms.join(" + ")
    );
    let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(root).bind(window.0).bind(window.1);
    for b in &binds {
        q = q.bind(b);
    }
    Ok(q.fetch_all(&mut *conn).await?)
}
