//! `bench checkin` (issue 12): on the volunteer database of `bench orgs` (1,000,000 volunteers),
//! `--checkins` distinct volunteers (20,000) with confirmed sign-ups check in to
//! `--checkin-activities` activities (50) by QR token, as fast as `--clients` (32) HTTP clients
//! can send, one request in twenty a replay of an earlier one. The server is the real router in
//! a child process (this binary, `bench checkin-serve`), so that the second burst can end it
//! with SIGKILL halfway; after a restart every acknowledged check-in must be there, once. A bare
//! axum route in the same child process, loaded by the same clients, gives the yardstick.
//! Prints figures; asserts nothing.
use super::{fresh_sqlite, percentile, seed, Args};
use anyhow::Context;
use app::attendance::model::Direction;
use app::attendance::token;
use app::db::{now_us, Db};
use app::keys::Keys;
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HOUR_US: i64 = 3_600_000_000;
/// The signing key both the bench (which makes the tokens staff screens would show) and the
/// server it starts use.
const SECRET_HEX: &str = "62656e63682d6b65792d62656e63682d6b65792d62656e63682d6b65792d2d2d";

/// One check-in to send: who (their session cookie), where, and the scan's client id.
#[derive(Clone)]
struct Job {
    user_id: i64,
    activity_id: i64,
    cookie: String,
    client_id: String,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.db.clone().unwrap_or_else(|| "sqlite://target/bench/checkin.db?mode=rwc".into());
    fresh_sqlite(&url)?;
    let db = Db::connect(&url).await.context("connect")?;
    db.migrate().await.context("migrate")?;
    let engine = format!("{:?}", db.engine);
    seed(&db, args.orgs, args.volunteers).await?;
    super::http::sync_sequences(&db, &["users", "organisations", "memberships"]).await?;
    let people = args.checkins.min(args.volunteers / 2);
    let start = Instant::now();
    // Burst one: `people` volunteers over `checkin_activities` activities; burst two (the crash):
    // as many again, other volunteers, other activities.
    let first = seed_burst(&db, 0, args.checkin_activities, people).await?;
    let second = seed_burst(&db, people, args.checkin_activities, people).await?;
    println!(
        "[{engine}] seeded 2 × {} activities with {people} confirmed volunteers each burst, and their sessions, in {:.1} s",
        args.checkin_activities,
        start.elapsed().as_secs_f64()
    );
    db.pool.close().await;

    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&url, port).await?;

    // The yardstick: a bare axum handler in the same process, same clients, same length.
    let progress = Arc::new(AtomicUsize::new(0));
    let bare = hammer(&base, &bare_jobs(people), args.clients, 0, Send::Bare, &progress).await;
    println!(
        "\n[{engine}] bare axum POST /bench-bare: {} requests, {:.0} requests/s, p50 {:.1} ms, p95 {:.1} ms",
        bare.acked.len(),
        bare.rate(),
        bare.p(0.5),
        bare.p(0.95)
    );

    let keys = Keys::new(hex::decode(SECRET_HEX)?);
    let burst = hammer(&base, &first, args.clients, 20, Send::Checkin(keys.clone()), &progress).await;
    let db = Db::connect(&url).await?;
    let rows = count_rows(&db, &first).await?;
    println!(
        "[{engine}] burst 1: {} check-ins + {} replays sent by {} clients in {:.1} s: {:.0} check-ins/s ({:.1} % of bare axum), p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        people,
        burst.replays,
        args.clients,
        burst.seconds,
        burst.acked.len() as f64 / burst.seconds,
        100.0 * (burst.acked.len() as f64 / burst.seconds) / bare.rate(),
        burst.p(0.5),
        burst.p(0.95),
        burst.p(0.99)
    );
    println!(
        "[{engine}] burst 1: statuses {:?}; replays answered \"already recorded\": {}; attendance rows: {rows} (expected {people})",
        burst.statuses,
        burst.already.load(Ordering::Relaxed)
    );
    db.pool.close().await;

    // Burst two: SIGKILL the server once half the check-ins are acknowledged.
    let kill_at = people / 2;
    progress.store(0, Ordering::Relaxed);
    let killer = {
        let acked = Arc::clone(&progress);
        let pid = server.id();
        tokio::spawn(async move {
            while acked.load(Ordering::Relaxed) < kill_at {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        })
    };
    let crashed = hammer(&base, &second, args.clients, 0, Send::Checkin(keys.clone()), &progress).await;
    killer.await?;
    let _ = server.wait();
    server = start_server(&url, port).await?;
    let db = Db::connect(&url).await?;
    let acked: HashSet<(i64, i64)> = crashed.acked.iter().copied().collect();
    let stored = stored_pairs(&db, &second).await?;
    let missing = acked.iter().filter(|pair| !stored.contains(pair)).count();
    let total_rows = count_rows(&db, &second).await?;
    println!(
        "[{engine}] burst 2, server killed with SIGKILL after {} acknowledged check-ins: {} acknowledged in all, {} refused or cut off; after a restart {} attendance rows, {} acknowledged check-ins missing, {} people with more than one row",
        kill_at,
        acked.len(),
        crashed.failed,
        total_rows,
        missing,
        total_rows as usize - stored.len()
    );
    let _ = server.kill();
    let _ = server.wait();
    Ok(())
}

/// Activities running now, `people` volunteers from user id `first_user + 1` on spread over
/// them with confirmed sign-ups, and a signed-in session for each volunteer.
async fn seed_burst(db: &Db, first_user: usize, activities: usize, people: usize) -> anyhow::Result<Vec<Job>> {
    let now = now_us();
    let mut ids = Vec::with_capacity(activities);
    let per = people.div_ceil(activities.max(1)) as i64;
    for n in 0..activities {
        let row = sqlx::query(
            "INSERT INTO activities (org_id, status, title, category, content_form, mode, service_objects, content,
                 province, city, county, starts_at, ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at,
                 capacity, confirmed_count, contact_name, contact_phone, created_at, updated_at, published_at,
                 lat_e6, lng_e6)
             VALUES (1, 'published', $1, 'popular_science', 'lecture', 'offline', 'community', '现场科普',
                 '32', '3204', '320412', $2, $3, $4, $2, $2, $5, $5, '王老师', '13900000000', $4, $4, $4,
                 31810000, 119970000)
             RETURNING id",
        )
        .bind(format!("签到压测活动{}", first_user + n))
        .bind(now - HOUR_US / 2)
        .bind(now + 3 * HOUR_US)
        .bind(now - 48 * HOUR_US)
        .bind(per)
        .fetch_one(&db.pool)
        .await?;
        ids.push(sqlx::Row::try_get::<i64, _>(&row, "id")?);
    }
    let expires_s = now / 1_000_000 + 6 * 3600;
    let mut jobs = Vec::with_capacity(people);
    let mut tx = db.begin().await?;
    for n in 0..people {
        let user_id = (first_user + n) as i64 + 1;
        let activity_id = ids[n % ids.len()];
        sqlx::query(
            "INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at)
             VALUES ($1, $2, 'confirmed', $3, $3, $3)",
        )
        .bind(activity_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let session = tower_sessions::session::Id::default().to_string();
        let data =
            serde_json::json!({ app::http::UID_KEY: user_id, app::accounts::session_store::SIGNED_IN_AT_KEY: now });
        sqlx::query("INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)")
            .bind(&session)
            .bind(data.to_string())
            .bind(expires_s)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        jobs.push(Job {
            user_id,
            activity_id,
            cookie: format!("sciserve_session={session}"),
            client_id: format!("bench-{user_id}-{activity_id}"),
        });
    }
    tx.commit().await?;
    Ok(jobs)
}

fn bare_jobs(n: usize) -> Vec<Job> {
    (0..n).map(|i| Job { user_id: i as i64, activity_id: 0, cookie: String::new(), client_id: String::new() }).collect()
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts `bench checkin-serve` on `port` and waits until it answers /healthz.
async fn start_server(url: &str, port: u16) -> anyhow::Result<Child> {
    let child = Command::new(std::env::current_exe()?)
        .args(["checkin-serve", "--db", url, "--port", &port.to_string()])
        .env("SCISERVE_SECRET_KEY", SECRET_HEX)
        .stdout(Stdio::null())
        .spawn()
        .context("starting the server")?;
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return Ok(child);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the server did not answer /healthz within 60 s")
}

/// `bench checkin-serve --db URL --port N`: the application's router (as `server serve` builds
/// it) plus the bare route, on 127.0.0.1:N, until killed.
pub async fn serve(args: Args) -> anyhow::Result<()> {
    use leptos::config::LeptosOptions;
    use server::sms::OutboxSender;
    use server::startup::{build, serve, AppParts};
    let url = args.db.clone().context("--db")?;
    let port = args.port.context("--port")?;
    let db = Db::connect(&url).await?;
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let mut leptos_options = LeptosOptions::builder().output_name("sciserve").site_root("target/site").build();
    leptos_options.site_addr = addr;
    let secret = std::env::var("SCISERVE_SECRET_KEY").context("SCISERVE_SECRET_KEY")?;
    let dir = std::env::temp_dir().join(format!("sciserve-bench-checkin-{}", std::process::id()));
    let router = build(AppParts {
        leptos_options,
        db,
        sms: Arc::new(OutboxSender::new(dir.join("outbox.jsonl"))),
        policy: app::state::Policy::default(),
        keys: Keys::new(hex::decode(secret.trim())?),
        files_dir: dir.join("files"),
        secure_cookies: false,
        body_limit: 2 * 1024 * 1024,
        pages: server::pages::Settings { ttl: std::time::Duration::from_secs(1) },
    })
    .route("/bench-bare", axum::routing::post(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve(listener, router, std::future::pending()).await?;
    Ok(())
}

enum Send {
    Bare,
    Checkin(Keys),
}

#[derive(Default)]
struct Outcome {
    /// (user, activity) of each acknowledged first check-in.
    acked: Vec<(i64, i64)>,
    samples: Vec<f64>,
    statuses: std::collections::BTreeMap<String, usize>,
    replays: usize,
    failed: usize,
    already: AtomicUsize,
    seconds: f64,
}

impl Outcome {
    fn rate(&self) -> f64 {
        self.samples.len() as f64 / self.seconds.max(1e-9)
    }
    fn p(&self, q: f64) -> f64 {
        if self.samples.is_empty() {
            0.0
        } else {
            percentile(&self.samples, q)
        }
    }
}

/// Sends every job once from `clients` tasks sharing one queue; with `replay_every` = 20, every
/// 20th request sent is instead a replay (same person, same client id) of one already answered.
/// `progress` counts acknowledged first sends as they come (the crash burst watches it).
async fn hammer(
    base: &str,
    jobs: &[Job],
    clients: usize,
    replay_every: usize,
    send: Send,
    progress: &Arc<AtomicUsize>,
) -> Outcome {
    let queue = Arc::new(Mutex::new(jobs.iter().rev().cloned().collect::<Vec<_>>()));
    let done = Arc::new(Mutex::new(Vec::<Job>::new()));
    let sent = Arc::new(AtomicUsize::new(0));
    let send = Arc::new(send);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (queue, done, sent, send, base, progress) = (
            Arc::clone(&queue),
            Arc::clone(&done),
            Arc::clone(&sent),
            Arc::clone(&send),
            base.to_owned(),
            Arc::clone(progress),
        );
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client");
            let mut out = Outcome::default();
            loop {
                let n = sent.fetch_add(1, Ordering::Relaxed);
                let replay = replay_every > 0 && n % replay_every == replay_every - 1;
                let job = if replay {
                    let earlier = done.lock().expect("lock").get(n % 997).cloned();
                    match earlier {
                        Some(job) => job,
                        None => continue,
                    }
                } else {
                    match queue.lock().expect("lock").pop() {
                        Some(job) => job,
                        None => break,
                    }
                };
                let request = match &*send {
                    Send::Bare => client.post(format!("{base}/bench-bare")),
                    Send::Checkin(keys) => {
                        let window = token::window_of(now_us(), 30);
                        let t = token::issue(keys, job.activity_id, window, Direction::In).to_text();
                        client
                            .post(format!("{base}/api/attendance/check"))
                            .header(reqwest::header::COOKIE, &job.cookie)
                            .header(reqwest::header::ACCEPT, "application/json")
                            .form(&[("input[token]", t.as_str()), ("input[client_id]", job.client_id.as_str())])
                    }
                };
                let at = Instant::now();
                let answer = request.send().await;
                let ms = at.elapsed().as_secs_f64() * 1000.0;
                let (status, body) = match answer {
                    Ok(r) => {
                        let status = r.status();
                        (status.as_u16().to_string(), r.text().await.unwrap_or_default())
                    }
                    Err(e) if e.is_timeout() => ("timeout".to_owned(), String::new()),
                    Err(_) => ("connection failed".to_owned(), String::new()),
                };
                *out.statuses.entry(status.clone()).or_default() += 1;
                if status == "200" {
                    out.samples.push(ms);
                    if replay {
                        out.replays += 1;
                        if body.contains("\"already_recorded\":true") {
                            out.already.fetch_add(1, Ordering::Relaxed);
                        }
                    } else {
                        out.acked.push((job.user_id, job.activity_id));
                        progress.fetch_add(1, Ordering::Relaxed);
                        done.lock().expect("lock").push(job);
                    }
                } else {
                    out.failed += 1;
                }
            }
            out
        }));
    }
    let mut all = Outcome::default();
    for task in tasks {
        if let Ok(out) = task.await {
            all.acked.extend(out.acked);
            all.samples.extend(out.samples);
            all.replays += out.replays;
            all.failed += out.failed;
            all.already.fetch_add(out.already.load(Ordering::Relaxed), Ordering::Relaxed);
            for (k, v) in out.statuses {
                *all.statuses.entry(k).or_default() += v;
            }
        }
    }
    all.seconds = started.elapsed().as_secs_f64();
    all.samples.sort_by(|a, b| a.total_cmp(b));
    all
}

fn activities_of(jobs: &[Job]) -> Vec<i64> {
    let mut ids: Vec<i64> = jobs.iter().map(|j| j.activity_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

async fn count_rows(db: &Db, jobs: &[Job]) -> anyhow::Result<i64> {
    let ids = activities_of(jobs);
    let (low, high) = (ids.first().copied().unwrap_or(0), ids.last().copied().unwrap_or(0));
    let row = sqlx::query("SELECT COUNT(*) AS n FROM attendances WHERE activity_id BETWEEN $1 AND $2")
        .bind(low)
        .bind(high)
        .fetch_one(&db.pool)
        .await?;
    Ok(sqlx::Row::try_get(&row, "n")?)
}

async fn stored_pairs(db: &Db, jobs: &[Job]) -> anyhow::Result<HashSet<(i64, i64)>> {
    let ids = activities_of(jobs);
    let (low, high) = (ids.first().copied().unwrap_or(0), ids.last().copied().unwrap_or(0));
    let rows = sqlx::query("SELECT user_id, activity_id FROM attendances WHERE activity_id BETWEEN $1 AND $2")
        .bind(low)
        .bind(high)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((sqlx::Row::try_get(r, "user_id")?, sqlx::Row::try_get(r, "activity_id")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(Into::into)
}
