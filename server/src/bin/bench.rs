//! `bench orgs`: seeds a realistic volume (100,000 organisations six levels deep, 1,000,000
//! volunteers with profiles and memberships) into a fresh database, then measures what staff
//! wait for: the first roster page and the subtree counts of the corps at the top, and the
//! import of a 10,000-row collective-registration file. Prints figures; asserts nothing.
//!
//! `bench activities` (in `bench/activities.rs`): 200,000 activities with sign-ups and their
//! keyword index, then the public list, a keyword search and the API list under concurrent
//! HTTP load against the real application served in-process, plus direct search timings.
//!
//! `bench map` (in `bench/map.rs`): 20,000 venues and 200,000 activities, then the map-data
//! request for a city box and for the whole country over HTTP, beside a bare axum route.
//!
//! `bench pages` (in `bench/pages.rs`): the public pages and `/api/v1` of that database, served
//! by the application in a process of its own beside a bare axum page, loaded by oha.
//! `bench matching` (in `bench/matching.rs`): 1,000,000 volunteers who are members, 200,000
//! activities with sign-ups and 20,000 venues, then the matching request for a demand over HTTP
//! by corps staff and by city staff, beside a bare axum route (`--reuse` keeps the seed).
//!
//! `bench checkin` (in `bench/checkin.rs`): QR check-ins over HTTP at volume, with replays, and
//! a server killed with SIGKILL in the middle of a burst.
//!
//!   cargo run --release -p server --bin bench -- orgs [--db URL] [--orgs N] [--volunteers N]
//!   cargo run --release -p server --bin bench -- activities [--db URL] [--activities N]
//!       [--volunteers N] [--signups-per-activity N] [--clients N] [--seconds N]
use anyhow::Context;
use app::codes::VOLUNTEER_HEADERS;
use app::db::{now_us, Db};
use app::orgs::import::{run::import, ImportKind};
use app::orgs::roster::ssr::{count, page};
use app::orgs::views::RosterQuery;
use app::state::Policy;
use app::volunteers::id_number::check_char;
use clap::Parser;
use std::time::Instant;

#[path = "bench/activities.rs"]
mod activities;
#[path = "bench/certificates.rs"]
mod certificates;
#[path = "bench/checkin.rs"]
mod checkin;
#[path = "bench/http.rs"]
mod http;
#[path = "bench/map.rs"]
mod map;
#[path = "bench/matching.rs"]
mod matching;
#[path = "bench/pages.rs"]
mod pages;

#[derive(Parser, Debug)]
struct Args {
    /// What to measure: `orgs` or `activities`.
    what: String,
    /// Database URL; a fresh SQLite file (target/bench/{orgs,activities}.db) by default.
    #[arg(long)]
    db: Option<String>,
    #[arg(long, default_value_t = 100_000)]
    orgs: usize,
    #[arg(long, default_value_t = 1_000_000)]
    volunteers: usize,
    /// Timed repetitions per measurement.
    #[arg(long, default_value_t = 50)]
    samples: usize,
    /// `activities`: how many activities to seed.
    #[arg(long, default_value_t = 200_000)]
    activities: usize,
    /// `activities`: mean sign-ups per activity whose sign-up has opened.
    #[arg(long, default_value_t = 10)]
    signups_per_activity: usize,
    /// `activities`: concurrent HTTP clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// `activities`: measured seconds per HTTP load (after a 2-second warm-up).
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// `activities`: the Accept-Encoding the HTTP clients send ("" for none).
    #[arg(long, default_value = "gzip, deflate, br")]
    accept_encoding: String,
    /// `checkin`: distinct volunteers checking in (each burst).
    #[arg(long, default_value_t = 20_000)]
    checkins: usize,
    /// `checkin`: activities they check in to (each burst).
    #[arg(long, default_value_t = 50)]
    checkin_activities: usize,
    /// `certificates`: how many certificates to render.
    #[arg(long, default_value_t = 1_000)]
    certificates: usize,
    /// `pages-serve` (started by `pages`): milliseconds anonymous pages are kept (0: off).
    #[arg(long, default_value_t = 1000)]
    page_cache_ms: u64,
    /// `pages`: requests of the final run over every public page.
    #[arg(long, default_value_t = 100_000)]
    requests: u64,
    /// `matching`: keep the database an earlier run seeded (when it holds the bench demand).
    #[arg(long)]
    reuse: bool,
    /// `checkin-serve` (started by `checkin`): the port to serve on.
    #[arg(long)]
    port: Option<u16>,
}

/// Bind parameters per multi-row INSERT. Far under both engines' limits on purpose: SQLite
/// looks a `$N` parameter's name up by a linear scan, and sqlx asks for every parameter's name,
/// so a statement's binding cost grows with the square of its parameter count (1.5M keyword
/// rows took 131 s at 5,000 rows a statement and 12 s at 333).
const PARAMS_PER_STATEMENT: usize = 1_000;

async fn insert_rows(db: &Db, head: &str, columns: usize, rows: &[Vec<Value>]) -> anyhow::Result<()> {
    insert_rows_by(db, head, columns, rows, (PARAMS_PER_STATEMENT / columns).max(1)).await
}

/// One transaction; `per_statement` rows per INSERT.
async fn insert_rows_by(
    db: &Db,
    head: &str,
    columns: usize,
    rows: &[Vec<Value>],
    per_statement: usize,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    for chunk in rows.chunks(per_statement) {
        let mut sql = String::from(head);
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            sql.push_str(if i == 0 { " VALUES (" } else { ", (" });
            for c in 0..columns {
                n += 1;
                sql.push_str(&format!("{}${n}", if c == 0 { "" } else { ", " }));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Value::I(i) => q.bind(*i),
                    Value::S(s) => q.bind(s.clone()),
                    Value::N => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone)]
enum Value {
    I(i64),
    S(String),
    /// NULL
    N,
}
use Value::{I, S};

/// A tree of `total` organisations: one corps, then ten children per node, level by level, up
/// to six levels. Returns (id, parent, level) in insertion order.
fn tree(total: usize) -> Vec<(i64, Option<i64>, i64)> {
    let mut out = vec![(1, None, 1)];
    let mut frontier = vec![1i64];
    let mut level = 1;
    while out.len() < total && level < 6 {
        level += 1;
        let mut next = Vec::new();
        let per = if level == 6 { (total - out.len()).div_ceil(frontier.len()) } else { 10 };
        'fill: for parent in &frontier {
            for _ in 0..per {
                if out.len() >= total {
                    break 'fill;
                }
                let id = out.len() as i64 + 1;
                out.push((id, Some(*parent), level));
                next.push(id);
            }
        }
        frontier = next;
    }
    out
}

fn id_number(n: usize) -> String {
    // 1,000,000+ distinct valid numbers: a birth day from 1960 on and a three-digit sequence.
    let day = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Duration::days((n / 1000) as i64);
    let body = format!("320412{}{:03}", day.format("%Y%m%d"), n % 1000);
    format!("{body}{}", check_char(&body).unwrap())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn timed<F, Fut, T>(samples: usize, mut f: F) -> anyhow::Result<(f64, f64)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, app::error::AppError>>,
{
    let mut ms = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        f().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    Ok((percentile(&ms, 0.5), percentile(&ms, 0.95)))
}

async fn seed(db: &Db, orgs: usize, volunteers: usize) -> anyhow::Result<Vec<(i64, Option<i64>, i64)>> {
    let now = now_us();
    let nodes = tree(orgs);
    let start = Instant::now();
    let org_rows: Vec<Vec<Value>> = nodes
        .iter()
        .map(|(id, parent, level)| {
            vec![
                I(*id),
                S(format!("第{id}号科技志愿服务队")),
                parent.map(I).unwrap_or(I(0)),
                I(*level),
                S("approved".into()),
                S("32".into()),
                I(now),
            ]
        })
        .collect();
    insert_orgs(db, &org_rows).await?;
    // Closure rows: each node's ancestors are its parent's plus itself.
    let mut ancestors: Vec<Vec<i64>> = vec![Vec::new(); nodes.len() + 1];
    let mut closure = Vec::new();
    for (id, parent, _) in &nodes {
        let mut chain = parent.map(|p| ancestors[p as usize].clone()).unwrap_or_default();
        chain.insert(0, *id);
        for (depth, a) in chain.iter().enumerate() {
            closure.push(vec![I(*a), I(*id), I(depth as i64)]);
        }
        ancestors[*id as usize] = chain;
    }
    insert_rows(db, "INSERT INTO org_closure (ancestor_id, descendant_id, depth)", 3, &closure).await?;
    println!(
        "seeded {} organisations ({} closure rows) in {:.1} s",
        nodes.len(),
        closure.len(),
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let leaves: Vec<i64> = nodes.iter().filter(|n| n.2 >= 5).map(|n| n.0).collect();
    for chunk_start in (0..volunteers).step_by(50_000) {
        let end = (chunk_start + 50_000).min(volunteers);
        insert_people(db, chunk_start, end, now).await?;
        let memberships: Vec<Vec<Value>> = (chunk_start..end)
            .map(|n| vec![I(leaves[n % leaves.len()]), I(n as i64 + 1), I(now - (volunteers - n) as i64 * 1_000_000)])
            .collect();
        insert_memberships(db, &memberships).await?;
    }
    println!("seeded {volunteers} volunteers with profiles and memberships in {:.1} s", start.elapsed().as_secs_f64());
    Ok(nodes)
}

/// Users `start+1 ..= end` (ids, volunteer numbers and mobiles from their index) with complete
/// profiles.
async fn insert_people(db: &Db, start: usize, end: usize, now: i64) -> anyhow::Result<()> {
    let users: Vec<Vec<Value>> = (start..end)
        .map(|n| {
            vec![I(n as i64 + 1), S(format!("KJ{:010}", n)), S(format!("1{:010}", 3_000_000_000u64 + n as u64)), I(now)]
        })
        .collect();
    insert_users(db, &users).await?;
    let profiles: Vec<Vec<Value>> = (start..end)
        .map(|n| {
            let categories = ["tech_training", "science_lecture", "agri_tech", "youth_education"][n % 4];
            vec![
                I(n as i64 + 1),
                S(format!("志愿者{}", ["甲", "乙", "丙", "丁", "戊"][n % 5])),
                S(if n % 2 == 0 { "male".into() } else { "female".into() }),
                S(id_number(n)),
                S(categories.into()),
                S(["320412", "320402", "320411"][n % 3].into()),
                S(if n % 7 == 0 { "无人机".into() } else { "科普讲解".into() }),
                I(now),
            ]
        })
        .collect();
    insert_profiles(db, &profiles).await
}

/// Deletes an SQLite file (and its WAL) named by `url`, so every run starts empty.
fn fresh_sqlite(url: &str) -> anyhow::Result<()> {
    if let Some(path) = url.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or(p)) {
        let _ = std::fs::remove_file(path);
        let _ = std::fs::remove_file(format!("{path}-wal"));
        let _ = std::fs::remove_file(format!("{path}-shm"));
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir)?;
        }
    }
    Ok(())
}

/// Organisations go in in id order, so a parent always exists before its children.
async fn insert_orgs(db: &Db, rows: &[Vec<Value>]) -> anyhow::Result<()> {
    let (roots, rest): (Vec<Vec<Value>>, Vec<Vec<Value>>) = rows.iter().cloned().partition(|r| matches!(r[2], I(0)));
    for root in roots {
        let mut r = root;
        r.remove(2);
        r.push(r[5].clone());
        insert_rows(
            db,
            "INSERT INTO organisations (id, name, level, status, province, created_at, updated_at)",
            7,
            &[r],
        )
        .await?;
    }
    let rest: Vec<Vec<Value>> = rest
        .into_iter()
        .map(|mut r| {
            r.push(r[6].clone());
            r
        })
        .collect();
    insert_rows(
        db,
        "INSERT INTO organisations (id, name, parent_id, level, status, province, created_at, updated_at)",
        8,
        &rest,
    )
    .await
}

async fn insert_users(db: &Db, rows: &[Vec<Value>]) -> anyhow::Result<()> {
    let rows: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.push(r[3].clone());
            r
        })
        .collect();
    insert_rows(db, "INSERT INTO users (id, volunteer_no, mobile, created_at, updated_at)", 5, &rows).await
}

/// Profiles: (user_id, real_name, gender, id_number, categories, county, skills, now) plus the
/// fixed columns every profile has.
async fn insert_profiles(db: &Db, rows: &[Vec<Value>]) -> anyhow::Result<()> {
    // What the roster filters by: each profile's category and its one field, row by row.
    let choices: Vec<Vec<Value>> = rows
        .iter()
        .flat_map(|r| {
            [
                vec![r[0].clone(), S("service_categories".into()), r[4].clone()],
                vec![r[0].clone(), S("service_fields".into()), S("science_education".into())],
            ]
        })
        .collect();
    let rows: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let mut full = r[..7].to_vec();
            let id = match &r[3] {
                S(s) => s.clone(),
                _ => String::new(),
            };
            full.push(S(format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14])));
            for v in ["13", "01", "intermediate", "bachelor", "enterprise", "32", "3204", "science_education", "none"] {
                full.push(S(v.into()));
            }
            full.push(r[7].clone());
            full.push(r[7].clone());
            full
        })
        .collect();
    insert_rows(
        db,
        "INSERT INTO profiles (user_id, real_name, gender, id_number, service_categories, county, skills, birth_date,
             political_status, ethnicity, title, education, occupation, province, city, service_fields, four_heads,
             created_at, updated_at)",
        19,
        &rows,
    )
    .await?;
    insert_rows(db, "INSERT INTO profile_choices (user_id, kind, code)", 3, &choices).await
}

/// Memberships: (org_id, user_id, joined_at), all active.
async fn insert_memberships(db: &Db, rows: &[Vec<Value>]) -> anyhow::Result<()> {
    let rows: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            vec![
                r[0].clone(),
                r[1].clone(),
                S("active".into()),
                S("import".into()),
                r[2].clone(),
                r[2].clone(),
                r[2].clone(),
            ]
        })
        .collect();
    insert_rows(
        db,
        "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)",
        7,
        &rows,
    )
    .await
}

fn import_file(rows: usize) -> Vec<u8> {
    let lines: Vec<Vec<String>> = (0..rows)
        .map(|n| {
            let id = id_number(5_000_000 + n);
            let male = id.as_bytes()[16] % 2 == 1;
            [
                (n + 1).to_string().as_str(),
                "导入志愿者",
                format!("1{:010}", 5_000_000_000u64 + n as u64).as_str(),
                if male { "男" } else { "女" },
                id.as_str(),
                "群众",
                "汉族",
                "常州大学",
                "中级",
                "本科",
                "企业",
                "江苏省",
                "常州市",
                "武进区",
                "科技培训、科普报告",
                "科学教育类",
                "否",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        })
        .collect();
    app::sheets::write_csv(VOLUNTEER_HEADERS, &lines)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    match args.what.as_str() {
        "orgs" => orgs(args).await,
        "activities" => activities::run(args).await,
        "checkin" => checkin::run(args).await,
        "checkin-serve" => checkin::serve(args).await,
        "certificates" => certificates::run(args).await,
        "map" => map::run(args).await,
        "pages" => pages::run(args).await,
        "pages-serve" => pages::serve(args).await,
        "matching" => matching::run(args).await,
        _ => anyhow::bail!(
            "usage: bench orgs [--db URL] [--orgs N] [--volunteers N]\n       bench activities [--db URL] [--activities N] [--volunteers N] [--signups-per-activity N] [--clients N] [--seconds N]\n       bench checkin [--db URL] [--volunteers N] [--checkins N] [--checkin-activities N] [--clients N]\n       bench map [--db URL] [--clients N] [--seconds N]\n       bench matching [--db URL] [--reuse] [--volunteers N] [--activities N] [--clients N] [--seconds N]\n       bench certificates [--certificates N]"
        ),
    }
}

async fn orgs(args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/orgs.db?mode=rwc".into());
    fresh_sqlite(&url)?;
    let db = Db::connect(&url).await.context("connect")?;
    db.migrate().await.context("migrate")?;
    let engine = format!("{:?}", db.engine);
    seed(&db, args.orgs, args.volunteers).await?;
    http::sync_sequences(&db, &["users", "organisations", "memberships"]).await?;
    let start = Instant::now();
    app::orgs::counts::recount_all(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "[{engine}] computed every subtree's member count from scratch in {:.1} s (done once after a bulk load)",
        start.elapsed().as_secs_f64()
    );
    sqlx::query("ANALYZE").execute(&db.pool).await?;

    let corps = RosterQuery { org_id: 1, ..Default::default() };
    let (p50, p95) = timed(args.samples, || page(&db, &corps, 50)).await?;
    println!("[{engine}] roster page 1 (50 rows) of the corps: p50 {p50:.1} ms, p95 {p95:.1} ms");
    let first = page(&db, &corps, 50).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let deep = RosterQuery { after: first.next.clone().unwrap_or_default(), ..corps.clone() };
    let (p50, p95) = timed(args.samples, || page(&db, &deep, 50)).await?;
    println!("[{engine}] roster page 2 (keyset) of the corps: p50 {p50:.1} ms, p95 {p95:.1} ms");
    let filtered = RosterQuery { category: "agri_tech".into(), county: "320412".into(), ..corps.clone() };
    let (p50, p95) = timed(args.samples, || page(&db, &filtered, 50)).await?;
    println!("[{engine}] roster page 1 of the corps, category + county filter: p50 {p50:.1} ms, p95 {p95:.1} ms");
    let team = RosterQuery { org_id: 2, ..Default::default() };
    let (p50, p95) = timed(args.samples, || page(&db, &team, 50)).await?;
    println!("[{engine}] roster page 1 of a team (level 2): p50 {p50:.1} ms, p95 {p95:.1} ms");
    let samples = (args.samples / 5).max(5);
    let (p50, p95) = timed(args.samples, || count(&db, &corps)).await?;
    let total = count(&db, &corps).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "[{engine}] subtree member count of the corps ({total} people, kept count): p50 {p50:.1} ms, p95 {p95:.1} ms"
    );
    let (p50, p95) = timed(samples, || count(&db, &filtered)).await?;
    let total = count(&db, &filtered).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("[{engine}] filtered member count of the corps, category + county ({total} people, counted): p50 {p50:.1} ms, p95 {p95:.1} ms");
    let (p50, p95) = timed(samples, || app::orgs::repo::subtree_size(&db, 1)).await?;
    println!("[{engine}] subtree organisation count of the corps: p50 {p50:.1} ms, p95 {p95:.1} ms");

    let file = import_file(10_000);
    let policy = Policy::default();
    let start = Instant::now();
    let dry = import(&db, &policy, ImportKind::Volunteers, 2, None, "bench.csv", &file, false)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let dry_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let done = import(&db, &policy, ImportKind::Volunteers, 2, None, "bench.csv", &file, true)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    anyhow::ensure!(dry.is_clean() && done.committed, "import refused rows: {:?}", done.problems.first());
    println!(
        "[{engine}] import of a 10,000-row volunteer CSV ({} bytes): dry run {dry_s:.1} s, commit {:.1} s ({} created)",
        file.len(),
        start.elapsed().as_secs_f64(),
        done.created
    );
    Ok(())
}
