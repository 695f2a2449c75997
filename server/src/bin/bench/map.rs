//! `bench map` (F-41): 20,000 venues and 200,000 activities (the activities bench's own
//! seeding, sign-ups left out), then the map-data request for a city-sized box and for the
//! whole country at the map's lowest zoom over HTTP at 32 clients: p50/p95 and the gzip size
//! of the answer, beside a bare axum route served by the same process. Prints figures;
//! asserts nothing but that the answers are 200s and their counts add up.
use super::activities::{loading_db, seed_activities, seed_orgs};
use super::http::{get, load, print_gzip_table, probe, serve_app, sync_sequences, table_row};
use super::{fresh_sqlite, insert_people, insert_rows, Args, I, S};
use anyhow::Context;
use app::db::{now_us, Db};
use app::venues::model::VENUE_KIND;
use std::time::Instant;

/// City centres the venues gather around (WGS-84 microdegrees): the activities bench's five
/// Jiangsu cities and some others, so the country view has groups everywhere.
const CENTRES: &[(i64, i64)] = &[
    (31_811_000, 119_974_000),
    (32_060_000, 118_797_000),
    (31_299_000, 120_585_000),
    (31_491_000, 120_312_000),
    (31_980_000, 120_894_000),
    (39_904_000, 116_407_000),
    (31_230_000, 121_473_000),
    (23_129_000, 113_264_000),
    (30_572_000, 104_066_000),
    (34_341_000, 108_940_000),
    (30_593_000, 114_305_000),
    (45_803_000, 126_534_000),
    (25_040_000, 102_712_000),
    (43_825_000, 87_616_000),
];

/// A city-sized box around Changzhou (about 60 × 60 km) and the zoom a phone shows it at.
const CITY_BOX: &str = "119.65,31.55,120.30,32.05";
const CITY_ZOOM: &str = "11";
/// The map's lowest zoom (`minZoom` in public/map.js) over all of China (the default box).
const COUNTRY_ZOOM: &str = "3";

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
}

pub(super) async fn seed_venues(db: &Db, count: usize, orgs: &[i64], now: i64) -> anyhow::Result<()> {
    let mut rng = Rng(20261203);
    let physical: Vec<&str> =
        VENUE_KIND.items.iter().map(|c| c.code).filter(|c| !app::venues::model::is_online(c)).collect();
    let mut rows = Vec::with_capacity(count);
    for n in 0..count {
        // Two thirds around a city centre, the rest anywhere in eastern and central China.
        let (lat, lng) = if n % 3 != 2 {
            let (clat, clng) = CENTRES[rng.range(0, CENTRES.len() as i64 - 1) as usize];
            (clat + rng.range(-300_000, 300_000), clng + rng.range(-400_000, 400_000))
        } else {
            (rng.range(21_000_000, 46_000_000), rng.range(98_000_000, 123_000_000))
        };
        let kind = physical[rng.range(0, physical.len() as i64 - 1) as usize];
        let org = orgs[rng.range(0, orgs.len() as i64 - 1) as usize];
        rows.push(vec![
            I(n as i64 + 1),
            I(org),
            S(kind.to_owned()),
            S(format!("科普阵地{n}")),
            S("32".into()),
            S("3204".into()),
            S("320412".into()),
            S(format!("示范路 {n} 号")),
            I(lat),
            I(lng),
            I(now),
            I(now),
        ]);
    }
    insert_rows(
        db,
        "INSERT INTO venues (id, org_id, kind, name, province, city, county, address, lat_e6, lng_e6, created_at, updated_at)",
        12,
        &rows,
    )
    .await
}

pub async fn run(mut args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/map.db?mode=rwc".into());
    fresh_sqlite(&url)?;
    let venues = 20_000;
    // The map reads activities, not sign-ups: a small roster keeps the seeding short.
    args.signups_per_activity = 0;
    args.volunteers = args.volunteers.min(1_000);
    let total = Instant::now();
    let loader = loading_db(&url).await.context("connect")?;
    loader.migrate().await.context("migrate")?;
    let engine = format!("{:?}", loader.engine);
    let now = now_us();
    let (orgs, teams) = seed_orgs(&loader, now).await?;
    insert_people(&loader, 0, args.volunteers, now).await?;
    seed_activities(&loader, &args, &teams, now).await?;
    let org_ids: Vec<i64> = teams.iter().map(|t| t.id).collect();
    seed_venues(&loader, venues, &org_ids, now).await?;
    sync_sequences(&loader, &["users", "organisations", "activities", "venues"]).await?;
    let upcoming: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activities WHERE status = 'published' AND ends_at > $1 AND lat_e6 IS NOT NULL",
    )
    .bind(now)
    .fetch_one(&loader.pool)
    .await?;
    loader.pool.close().await;
    println!(
        "[{engine}] seeded {orgs} organisations, {} activities ({upcoming} upcoming published with a position), {venues} venues in {:.1} s",
        args.activities,
        total.elapsed().as_secs_f64()
    );

    let db = Db::connect(&url).await.context("connect")?;
    sqlx::query("ANALYZE").execute(&db.pool).await?;
    let served = serve_app(&db).await?;
    let base = served.base.clone();
    let map = |bbox: Option<&str>, zoom: &str| {
        let mut params = vec![("zoom", zoom.to_owned())];
        if let Some(b) = bbox {
            params.push(("bbox", b.to_owned()));
        }
        reqwest::Url::parse_with_params(&format!("{base}/api/v1/map"), &params)
    };
    let loads = [
        ("bare axum GET /bench-bare".to_owned(), served.bare.clone()),
        (format!("GET /api/v1/map city box {CITY_BOX} zoom {CITY_ZOOM}"), map(Some(CITY_BOX), CITY_ZOOM)?),
        (format!("GET /api/v1/map all of China zoom {COUNTRY_ZOOM}"), map(None, COUNTRY_ZOOM)?),
    ];
    let mut table = Vec::new();
    println!();
    for (name, url) in loads {
        let answer = probe(&url).await;
        if url.path() == "/api/v1/map" {
            let data: app::venues::views::MapData = reqwest::get(url.clone()).await?.json().await?;
            let sum: i64 = data.items.iter().map(|i| i.count).sum();
            anyhow::ensure!(sum == data.venues + data.activities, "counts do not add up");
            println!(
                "[{engine}] {name}: {answer}; {} markers for {} venues and {} activities (cell {} µ°)",
                data.items.len(),
                data.venues,
                data.activities,
                data.cell_e6
            );
        }
        let (f, window) = load(get(url), args.clients, args.seconds, "gzip").await?;
        table.push(table_row(&name, &f, window));
    }
    print_gzip_table(&engine, args.clients, args.seconds, &table);
    Ok(())
}
