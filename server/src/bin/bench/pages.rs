//! `bench pages`: the public pages as their users meet them (issue 14). The application (the
//! router `server serve` builds, in a process of its own) and, beside it in that same process, a
//! bare axum page of 10 KB are loaded over HTTP by an external load generator, oha
//! (`cargo install oha`), at `--clients` connections with `Accept-Encoding: gzip, br`. Each page's
//! rate is printed as a share of the bare page's, with p50/p95/p99, errors and the server's
//! peak RSS; once with every page rendered (page cache off) and once as deployed (cache on).
//! Then, for each, a run of `--requests` requests spread over every page, counting failures,
//! and last a run of requests abandoned mid-render. Every phase counts the panics the server
//! printed (its stderr is kept in target/bench/pages-server-*.log).
//!
//! Needs a database `bench activities` (or `bench map`) seeded: 200,000 activities, 1,000,000
//! volunteers; `--db` names it.
use super::Args;
use anyhow::Context;
use app::db::Db;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The bare page: 10 KB of HTML, what a page of ours weighs before compression.
fn bare_page() -> String {
    let mut page = String::from("<!DOCTYPE html><html><head><title>bare</title></head><body>");
    while page.len() < 10 * 1024 {
        page.push_str("<p>科技志愿服务 bare axum page for comparison.</p>");
    }
    page.push_str("</body></html>");
    page
}

struct Figures {
    rate: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    errors: u64,
    not_ok: u64,
    total: u64,
    bytes: f64,
}

/// Runs oha against `url`: for `seconds`, or for `requests` requests if given.
fn oha(url: &str, clients: usize, seconds: u64, requests: Option<u64>) -> anyhow::Result<Figures> {
    let mut command = Command::new("oha");
    command.args(["--no-tui", "--output-format", "json", "-c", &clients.to_string()]);
    command.args(["-H", "Accept-Encoding: gzip, br"]);
    match requests {
        Some(n) => command.args(["-n", &n.to_string()]),
        None => command.args(["-z", &format!("{seconds}s")]),
    };
    let output = command.arg(url).stderr(Stdio::inherit()).output().context("running oha (cargo install oha)")?;
    anyhow::ensure!(output.status.success(), "oha failed on {url}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).context("reading oha's JSON")?;
    let ms = |key: &str| json["latencyPercentiles"][key].as_f64().unwrap_or(f64::NAN) * 1000.0;
    let count = |section: &str, ok: fn(&str) -> bool| -> u64 {
        json[section]
            .as_object()
            .map(|m| m.iter().filter(|(k, _)| ok(k)).map(|(_, v)| v.as_u64().unwrap_or(0)).sum())
            .unwrap_or(0)
    };
    let total = count("statusCodeDistribution", |_| true);
    Ok(Figures {
        rate: json["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50: ms("p50"),
        p95: ms("p95"),
        p99: ms("p99"),
        errors: count("errorDistribution", |_| true),
        not_ok: count("statusCodeDistribution", |code| !code.starts_with('2')),
        total,
        bytes: json["summary"]["sizePerRequest"].as_f64().unwrap_or(0.0),
    })
}

/// The pages measured: (name, path). Values come from the seeded database.
async fn pages(db: &Db) -> anyhow::Result<Vec<(String, String)>> {
    let one = |sql: &'static str| sqlx::query_scalar::<_, String>(sql).fetch_one(&db.pool);
    let activity: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM activities WHERE status = 'published'").fetch_one(&db.pool).await?;
    let org: i64 = sqlx::query_scalar("SELECT MIN(id) FROM organisations").fetch_one(&db.pool).await?;
    let category = one("SELECT category FROM activities WHERE status = 'published' LIMIT 1").await?;
    let city = one("SELECT city FROM activities WHERE status = 'published' AND city <> '' LIMIT 1").await?;
    let (lat, lng): (i64, i64) =
        sqlx::query_as("SELECT lat_e6, lng_e6 FROM activities WHERE lat_e6 IS NOT NULL LIMIT 1")
            .fetch_one(&db.pool)
            .await?;
    let near = format!("{:.3},{:.3}", lat as f64 / 1e6, lng as f64 / 1e6);
    Ok(vec![
        ("home".into(), "/".into()),
        ("activity list".into(), "/activities".into()),
        ("keyword, 2 characters".into(), "/activities?q=%E7%A7%91%E6%99%AE".into()),
        ("keyword, 4 characters".into(), "/activities?q=%E5%AE%89%E5%85%A8%E6%95%99%E8%82%B2".into()),
        ("category filter".into(), format!("/activities?category={category}")),
        ("region filter".into(), format!("/activities?city={city}")),
        ("distance sort".into(), format!("/activities?near={near}")),
        ("activity page".into(), format!("/activities/{activity}")),
        ("organisation directory".into(), "/orgs".into()),
        ("organisation page".into(), format!("/orgs/{org}")),
        ("API list".into(), "/api/v1/activities?limit=20".into()),
    ])
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/activities.db".into());
    let db = Db::connect(&url).await.context("connect (run `bench activities` first to seed)")?;
    let activities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(&db.pool).await?;
    anyhow::ensure!(activities > 0, "no activities in {url}: run `bench activities` first");
    let pages = pages(&db).await?;
    db.pool.close().await;
    println!(
        "[pages] {activities} activities in {url}; oha at {} connections, {} s per page",
        args.clients, args.seconds
    );

    for (label, cache_ms) in [("every page rendered (page cache off)", 0u64), ("as deployed (page cache 1 s)", 1000)] {
        let (mut child, base, log) = start(&url, cache_ms).await?;
        let bare = oha(&format!("{base}/bench-bare"), args.clients, args.seconds, None)?;
        println!("\n[pages] {label}: bare axum page {:.0} req/s, p95 {:.2} ms\n", bare.rate, bare.p95);
        println!("| page | req/s | % of bare | p50 ms | p95 ms | p99 ms | errors | non-2xx | bytes |");
        println!("|---|---|---|---|---|---|---|---|---|");
        for (name, path) in &pages {
            // When oha stops it drops its connections, but the server finishes what they asked
            // for: one request first, so a page is not measured behind the last one's backlog.
            settle(&format!("{base}{path}")).await;
            let f = oha(&format!("{base}{path}"), args.clients, args.seconds, None)?;
            println!(
                "| {name} `{path}` | {:.0} | {:.1} % | {:.1} | {:.1} | {:.1} | {} | {} | {:.0} |",
                f.rate,
                100.0 * f.rate / bare.rate,
                f.p50,
                f.p95,
                f.p99,
                f.errors,
                f.not_ok,
                f.bytes
            );
        }
        println!("\n[pages] peak RSS of the server: {:.0} MB", peak_rss_mb(&child));
        // oha ends a timed run by dropping the requests still open (the errors column).
        println!("[pages] panics the server printed: {}", panics(&log));
        stop(&mut child);
    }

    // Every public page, `--requests` requests in all, each answered in full: nothing dropped,
    // nothing 5xx, no panic.
    for (label, cache_ms) in [("page cache 1 s", 1000u64), ("page cache off", 0)] {
        let (mut child, base, log) = start(&url, cache_ms).await?;
        let each = (args.requests / pages.len() as u64).max(1);
        let started = Instant::now();
        let (mut total, mut errors, mut not_ok) = (0, 0, 0);
        for (_, path) in &pages {
            let f = oha(&format!("{base}{path}"), args.clients, 0, Some(each))?;
            (total, errors, not_ok) = (total + f.total, errors + f.errors, not_ok + f.not_ok);
        }
        println!(
            "\n[pages] {label}: {total} requests over {} pages in {:.0} s: {errors} failed connections, {not_ok} answers not 2xx, {} panics; peak RSS {:.0} MB",
            pages.len(),
            started.elapsed().as_secs_f64(),
            panics(&log),
            peak_rss_mb(&child)
        );
        stop(&mut child);
    }

    // Requests their clients abandon while the page renders (a phone that loses its signal, a
    // reload): the server must drop them quietly and go on serving.
    let (mut child, base, log) = start(&url, 0).await?;
    let sent = (args.requests / 20).max(pages.len() as u64);
    let abandoned = abandon(&base, &pages, args.clients, sent).await;
    let after = reqwest::get(format!("{base}/activities")).await.map(|r| r.status().as_u16()).unwrap_or(0);
    println!(
        "\n[pages] page cache off, {sent} requests given up after 1–40 ms ({abandoned} of them before the answer was read): {} panics; the list page answers {after} afterwards",
        panics(&log)
    );
    stop(&mut child);
    Ok(())
}

/// Sends `n` requests over `pages` from `clients` tasks, each giving up after 1–40 ms; returns
/// how many were given up before their answer was read in full.
async fn abandon(base: &str, pages: &[(String, String)], clients: usize, n: u64) -> u64 {
    let client = reqwest::Client::new();
    let urls: Vec<String> =
        pages.iter().filter(|(_, p)| !p.starts_with("/api/")).map(|(_, p)| format!("{base}{p}")).collect();
    let tasks = clients.max(1) as u64;
    let workers = (0..tasks).map(|w| {
        let (client, urls) = (client.clone(), urls.clone());
        tokio::spawn(async move {
            let mut given_up = 0;
            let mut i = w;
            while i < n {
                let url = &urls[i as usize % urls.len()];
                let limit = Duration::from_millis(1 + (i * 7 + w) % 40);
                let done = tokio::time::timeout(limit, async { client.get(url).send().await?.bytes().await }).await;
                if !matches!(done, Ok(Ok(_))) {
                    given_up += 1;
                }
                i += tasks;
            }
            given_up
        })
    });
    let mut given_up = 0;
    for worker in workers.collect::<Vec<_>>() {
        given_up += worker.await.unwrap_or(0);
    }
    // What the server still renders for them finishes, or is dropped, within this time.
    tokio::time::sleep(Duration::from_secs(3)).await;
    given_up
}

/// Panics the server printed to its stderr so far.
fn panics(log: &std::path::Path) -> usize {
    std::fs::read_to_string(log).map(|text| text.matches(" panicked at ").count()).unwrap_or(0)
}

/// Starts `bench pages-serve` and waits for /healthz; returns the child, its base URL and the
/// file its stderr goes to.
async fn start(url: &str, cache_ms: u64) -> anyhow::Result<(Child, String, std::path::PathBuf)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    std::fs::create_dir_all("target/bench")?;
    let log = std::path::PathBuf::from(format!("target/bench/pages-server-{port}.log"));
    let child = Command::new(std::env::current_exe()?)
        .args(["pages-serve", "--db", url, "--port", &port.to_string(), "--page-cache-ms", &cache_ms.to_string()])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?)
        .spawn()
        .context("starting the server")?;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok((child, base, log));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the server did not answer /healthz within 120 s")
}

/// One GET of `url`, waited for (at most a minute).
async fn settle(url: &str) {
    let client = reqwest::Client::new();
    let _ = tokio::time::timeout(Duration::from_secs(60), client.get(url).send()).await;
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// The child's high-water mark of resident memory (Linux `VmHWM`).
fn peak_rss_mb(child: &Child) -> f64 {
    std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// `bench pages-serve --db URL --port N --page-cache-ms N`: the application as `server serve`
/// builds it, plus `GET /bench-bare`, until killed.
pub async fn serve(args: Args) -> anyhow::Result<()> {
    use leptos::config::LeptosOptions;
    use server::sms::OutboxSender;
    use server::startup::{build, serve, AppParts};
    use std::sync::Arc;
    let url = args.db.clone().context("--db")?;
    let port = args.port.context("--port")?;
    let db = Db::connect(&url).await?;
    // A database seeded before the latest migrations (indexes) gets them, as `server serve` would.
    db.migrate().await?;
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let mut leptos_options = LeptosOptions::builder().output_name("sciserve").site_root("target/site").build();
    leptos_options.site_addr = addr;
    let dir = std::env::temp_dir().join(format!("sciserve-bench-pages-{}", std::process::id()));
    let bare = bare_page();
    let router = build(AppParts {
        leptos_options,
        db,
        sms: Arc::new(OutboxSender::new(dir.join("outbox.jsonl"))),
        policy: app::state::Policy::default(),
        keys: app::keys::Keys::random(),
        files_dir: dir.join("files"),
        secure_cookies: false,
        body_limit: 2 * 1024 * 1024,
        pages: server::pages::Settings { ttl: Duration::from_millis(args.page_cache_ms) },
    })
    .route(
        "/bench-bare",
        axum::routing::get(move || {
            let bare = bare.clone();
            async move { axum::response::Html(bare) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve(listener, router, std::future::pending()).await?;
    Ok(())
}
