//! Command line: `server [serve]`, `server migrate`, `server seed-demo`, `server import`,
//! `server admin grant|revoke MOBILE`.
use crate::config::{load_env_file, Settings};
use crate::sms::{GatewaySender, OutboxSender};
use crate::startup::{build, serve, shutdown_signal, AppParts};
use anyhow::Context;
use app::db::Db;
use app::sms::SmsSender;
use clap::{Parser, Subcommand};
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(name = "server", about = "sciserve — the S&T volunteer service platform")]
struct Cli {
    /// A `KEY=value` file with settings the environment does not already set.
    #[arg(long, env = "SCISERVE_CONFIG", global = true)]
    config: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Migrate, optionally seed, and serve (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Load the demo data into an empty database and exit.
    SeedDemo,
    /// Collective registration from a spreadsheet (the seed's tables), as on the import page.
    /// Prints a per-row report; exits non-zero when any row is refused.
    Import {
        /// organisations | volunteers
        kind: String,
        /// An .xlsx or .csv file with the table's Chinese header row.
        file: std::path::PathBuf,
        /// The organisation the people (or sub-organisations) go into.
        #[arg(long)]
        into: i64,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Platform admins: how a fresh install gets its first one.
    Admin {
        #[command(subcommand)]
        action: AdminCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Makes MOBILE a platform admin. A number with no account gets a bare one, which signs in
    /// with an SMS code and fills in the profile then.
    Grant { mobile: String },
    /// Takes platform admin away from MOBILE. The last platform admin stays unless --force.
    Revoke {
        mobile: String,
        /// Leave the platform with no admin (for handing it over; grant the next one after).
        #[arg(long)]
        force: bool,
    },
}

/// Runs `server admin …` and returns what to print. Audited with no actor: the operator at the
/// command line has no account to name.
pub async fn admin_command(db: &Db, command: AdminCommand) -> anyhow::Result<String> {
    use app::accounts::mobile::Mobile;
    use app::platform::admins::{self, Granted};
    const CLIENT: &str = "command line";
    let parse =
        |text: &str| Mobile::parse(text).map_err(|e| anyhow::anyhow!("{text:?} is not a mobile number ({e:?})"));
    match command {
        AdminCommand::Grant { mobile } => {
            let mobile = parse(&mobile)?;
            let granted = admins::grant(db, &mobile, None, CLIENT).await?;
            let masked = mobile.masked();
            Ok(match granted {
                Granted::NewAccount => {
                    format!("{masked} is now a platform admin (new account: sign in with an SMS code)")
                }
                Granted::Granted => format!("{masked} is now a platform admin"),
                Granted::Already => format!("{masked} was already a platform admin; nothing changed"),
            })
        }
        AdminCommand::Revoke { mobile, force } => {
            let mobile = parse(&mobile)?;
            let masked = mobile.masked();
            let user = app::accounts::users::find_by_mobile(db, &mobile)
                .await?
                .with_context(|| format!("no account has the mobile number {masked}"))?;
            match admins::revoke(db, user.id, None, CLIENT, force).await {
                Ok(true) => Ok(format!("{masked} is no longer a platform admin")),
                Ok(false) => Ok(format!("{masked} was not a platform admin; nothing changed")),
                Err(app::error::AppError::Refused(app::error::Refusal::LastPlatformAdmin)) => anyhow::bail!(
                    "{masked} is the last platform admin; grant another first, or pass --force to leave none"
                ),
                Err(e) => Err(e.into()),
            }
        }
    }
}

fn init_tracing(format: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // Logs go to stderr, so a command's report on stdout stays clean to read or pipe.
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub fn sms_sender(settings: &Settings) -> anyhow::Result<Arc<dyn SmsSender>> {
    match settings.sms_sender.as_str() {
        "outbox" => Ok(Arc::new(OutboxSender::new(settings.sms_outbox.clone()))),
        "gateway" => {
            let url = settings.sms_gateway_url.clone().context("SMS_SENDER=gateway needs SMS_GATEWAY_URL")?;
            Ok(Arc::new(GatewaySender::new(url, settings.sms_gateway_token.clone())?))
        }
        other => anyhow::bail!("SMS_SENDER must be outbox or gateway, not {other:?}"),
    }
}

async fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    crate::files::prepare_sqlite_file(&settings.database_url)
        .with_context(|| format!("creating the database file of {}", settings.database_url))?;
    let db = Db::connect(&settings.database_url).await.context("connecting to the database")?;
    db.migrate().await.context("applying migrations")?;
    Ok(db)
}

#[derive(Parser, Debug)]
struct SettingsOnly {
    #[command(flatten)]
    settings: Settings,
}

pub async fn main() -> anyhow::Result<()> {
    // Settings come from the environment (after the optional file), the command from argv.
    let cli = Cli::parse();
    if let Some(path) = &cli.config {
        load_env_file(path)?;
    }
    let settings = SettingsOnly::parse_from(["server"]).settings;
    init_tracing(&settings.log_format);

    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            open_db(&settings).await?;
            tracing::info!("migrations applied");
        }
        Command::SeedDemo => {
            let db = open_db(&settings).await?;
            crate::seed::seed_demo(&db).await?;
        }
        Command::Import { kind, file, into, dry_run } => {
            let db = open_db(&settings).await?;
            let clean = crate::import_cli::run(&db, &settings.policy(), &kind, &file, into, dry_run).await?;
            if !clean {
                std::process::exit(1);
            }
        }
        Command::Admin { action } => {
            let db = open_db(&settings).await?;
            println!("{}", admin_command(&db, action).await?);
        }
        Command::Serve => {
            let db = open_db(&settings).await?;
            if settings.seed_demo {
                crate::seed::seed_demo(&db).await?;
            }
            let mut leptos_options = leptos::config::get_configuration(None)
                .context("reading Leptos settings (LEPTOS_* variables)")?
                .leptos_options;
            if let Some(addr) = settings.addr {
                leptos_options.site_addr = addr;
            }
            // cargo-leptos names the /pkg files by their hashes (`hash-files` in Cargo.toml) and
            // leaves the names in hash.txt beside this binary; use them whenever it did.
            leptos_options.hash_files |= std::env::current_exe()
                .ok()
                .and_then(|exe| Some(exe.parent()?.join(leptos_options.hash_file.as_ref()).exists()))
                .unwrap_or(false);
            let addr = leptos_options.site_addr;
            let sms = sms_sender(&settings)?;
            let router = build(AppParts {
                leptos_options,
                db: db.clone(),
                sms: sms.clone(),
                policy: settings.policy(),
                keys: crate::files::signing_key(settings.secret_key.as_deref(), &settings.data_dir)?,
                files_dir: settings.data_dir.join("files"),
                secure_cookies: settings.secure_cookies,
                body_limit: settings.body_limit,
                pages: crate::pages::Settings { ttl: std::time::Duration::from_millis(settings.page_cache_ms) },
            });
            crate::jobs::spawn(db, sms, std::time::Duration::from_secs(settings.notice_interval_s.max(1)));
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
            let engine = if settings.database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
            tracing::info!(%addr, engine, "listening");
            println!("sciserve is running at http://{addr}  (database: {engine}; Ctrl-C to stop)");
            serve(listener, router, shutdown_signal()).await?;
        }
    }
    Ok(())
}
