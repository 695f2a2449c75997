//! What the HTTP benchmarks share: the real application served in-process beside a bare axum
//! route (the yardstick), concurrent clients sending requests back to back, and the figures
//! table they print.
use app::db::{Db, Engine};
use app::state::Policy;
use leptos::config::LeptosOptions;
use server::sms::OutboxSender;
use server::startup::{build, serve, AppParts};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::percentile;

/// The application and the bare route, each on a random local port.
pub(super) struct Served {
    /// `http://127.0.0.1:PORT` of the application.
    pub(super) base: String,
    /// GET this for the bare axum route's "ok".
    pub(super) bare: reqwest::Url,
}

/// Serves the real application over `db` as the integration tests start it, and a bare axum
/// route answered by the same runtime.
pub(super) async fn serve_app(db: &Db) -> anyhow::Result<Served> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut leptos_options = LeptosOptions::builder().output_name("sciserve").site_root("target/site").build();
    leptos_options.site_addr = addr;
    let outbox = std::env::temp_dir().join(format!("sciserve-bench-outbox-{}.jsonl", std::process::id()));
    let router = build(AppParts {
        leptos_options,
        db: db.clone(),
        sms: Arc::new(OutboxSender::new(outbox)),
        policy: Policy::default(),
        keys: app::keys::Keys::random(),
        files_dir: std::env::temp_dir().join(format!("sciserve-bench-files-{}", std::process::id())),
        secure_cookies: false,
        body_limit: 2 * 1024 * 1024,
        // What the server runs with unless the operator says otherwise; `SCISERVE_PAGE_CACHE_MS=0`
        // measures every request computed (the map and matching figures in the README).
        pages: server::pages::Settings { ttl: std::time::Duration::from_millis(page_cache_ms()) },
    });
    tokio::spawn(serve(listener, router, std::future::pending()));
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let bare_addr = bare_listener.local_addr()?;
    let bare = axum::Router::new().route("/bench-bare", axum::routing::get(|| async { "ok" }));
    tokio::spawn(async move { axum::serve(bare_listener, bare).await });
    Ok(Served { base: format!("http://{addr}"), bare: reqwest::Url::parse(&format!("http://{bare_addr}/bench-bare"))? })
}

/// `SCISERVE_PAGE_CACHE_MS`, as the server reads it (default 1,000).
fn page_cache_ms() -> u64 {
    std::env::var("SCISERVE_PAGE_CACHE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000)
}

/// Rows were inserted with explicit ids: on PostgreSQL, moves the identity sequences past them.
pub(super) async fn sync_sequences(db: &Db, tables: &[&str]) -> anyhow::Result<()> {
    if db.engine != Engine::Postgres {
        return Ok(());
    }
    for table in tables {
        sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"))
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// How one client builds each request it sends.
pub(super) type MakeRequest = Arc<dyn Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync>;

/// GET `url`.
pub(super) fn get(url: reqwest::Url) -> MakeRequest {
    Arc::new(move |client| client.get(url.clone()))
}

pub(super) struct Figures {
    pub(super) samples: Vec<f64>,
    pub(super) errors: usize,
    pub(super) statuses: std::collections::BTreeMap<String, usize>,
    pub(super) bytes: u64,
}

/// `clients` tasks each sending the request `make` builds back to back: 2 s warm-up, then
/// `seconds` counted.
pub(super) async fn load(
    make: MakeRequest,
    clients: usize,
    seconds: u64,
    encoding: &str,
) -> anyhow::Result<(Figures, f64)> {
    let begin = Instant::now();
    let counted_from = begin + Duration::from_secs(2);
    let until = counted_from + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let make = Arc::clone(&make);
        let encoding = encoding.to_owned();
        tasks.push(tokio::spawn(async move {
            let client =
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
            let mut f = Figures { samples: Vec::new(), errors: 0, statuses: Default::default(), bytes: 0 };
            loop {
                let sent = Instant::now();
                if sent >= until {
                    break;
                }
                let mut request = make(&client);
                if !encoding.is_empty() {
                    request = request.header(reqwest::header::ACCEPT_ENCODING, encoding.as_str());
                }
                let (ok, status, bytes) = match request.send().await {
                    Ok(response) => {
                        let status = response.status();
                        match response.bytes().await {
                            Ok(b) => (status.is_success(), status.as_u16().to_string(), b.len() as u64),
                            Err(e) => (false, format!("body error: {e}"), 0),
                        }
                    }
                    Err(e) => (false, format!("request error: {e}"), 0),
                };
                let ms = sent.elapsed().as_secs_f64() * 1000.0;
                if sent >= counted_from {
                    f.samples.push(ms);
                    f.bytes += bytes;
                    *f.statuses.entry(status).or_default() += 1;
                    if !ok {
                        f.errors += 1;
                    }
                }
            }
            f
        }));
    }
    let mut all = Figures { samples: Vec::new(), errors: 0, statuses: Default::default(), bytes: 0 };
    for t in tasks {
        let f = t.await?;
        all.samples.extend(f.samples);
        all.errors += f.errors;
        all.bytes += f.bytes;
        for (k, v) in f.statuses {
            *all.statuses.entry(k).or_default() += v;
        }
    }
    let window = (Instant::now() - counted_from).as_secs_f64().max(seconds as f64);
    all.samples.sort_by(|a, b| a.total_cmp(b));
    Ok((all, window))
}

/// One request before a load, to say what the endpoint answers.
pub(super) async fn probe(url: &reqwest::Url) -> String {
    let client = reqwest::Client::new();
    match client.get(url.clone()).send().await {
        Ok(r) => {
            let status = r.status();
            let kind =
                r.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let body = r.bytes().await.unwrap_or_default();
            let items = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("items").and_then(|i| i.as_array()).map(|a| format!(", {} items in JSON", a.len())))
                .unwrap_or_default();
            let links = if kind.starts_with("text/html") {
                format!(
                    ", {} links to /activities/<id>",
                    String::from_utf8_lossy(&body).matches("href=\"/activities/").count()
                )
            } else {
                String::new()
            };
            format!("{status}, {kind}, {} bytes uncompressed{items}{links}", body.len())
        }
        Err(e) => format!("request failed: {e}"),
    }
}

/// One row of the figures table (see [`print_table`]).
pub(super) fn table_row(name: &str, f: &Figures, window: f64) -> String {
    let n = f.samples.len();
    let statuses = f.statuses.iter().map(|(k, v)| format!("{k}×{v}")).collect::<Vec<_>>().join(" ");
    if n == 0 {
        return format!("| {name} | 0 | – | – | – | – | {} | – | {statuses} |", f.errors);
    }
    format!(
        "| {name} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {} of {n} | {:.0} | {statuses} |",
        n as f64 / window,
        percentile(&f.samples, 0.5),
        percentile(&f.samples, 0.95),
        percentile(&f.samples, 0.99),
        f.samples[n - 1],
        f.errors,
        f.bytes as f64 / n as f64,
    )
}

/// The figures table under a line saying how the loads ran (Accept-Encoding gzip).
pub(super) fn print_gzip_table(engine: &str, clients: usize, seconds: u64, rows: &[String]) {
    println!(
        "\n[{engine}] HTTP load: {clients} clients, {seconds} s each after a 2 s warm-up, Accept-Encoding gzip, server and clients in one process\n"
    );
    print_table(rows);
}

pub(super) fn print_table(rows: &[String]) {
    println!("| load | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | bytes/response | statuses |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for line in rows {
        println!("{line}");
    }
}
