//! Configuration: command-line flags, each with an environment variable and a documented
//! default (see README "Configuration"). An optional `KEY=value` file named by `--config` /
//! `SCISERVE_CONFIG` fills in variables that the environment does not set.
use app::state::Policy;
use clap::builder::BoolishValueParser;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Clone, Debug)]
pub struct Settings {
    /// Database URL: `sqlite://FILE?mode=rwc` (embedded, default) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/sciserve.db?mode=rwc")]
    pub database_url: String,

    /// Where to listen; defaults to Leptos's site address (127.0.0.1:3000).
    #[arg(long, env = "SCISERVE_ADDR")]
    pub addr: Option<std::net::SocketAddr>,

    /// Where the server keeps its files: uploaded photos (`files/`) and, unless
    /// `SCISERVE_SECRET_KEY` is set, the signing key (`secret.key`, made on first start).
    #[arg(long, env = "SCISERVE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The signing key for check-in codes and certificate codes, as 64 hex digits (32 bytes)
    /// or more. Every server of one installation needs the same key. Unset: `DATA_DIR/secret.key`.
    #[arg(long, env = "SCISERVE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,

    /// SMS delivery: `outbox` (append to a file, for development and tests) or `gateway`.
    #[arg(long, env = "SMS_SENDER", default_value = "outbox")]
    pub sms_sender: String,

    /// The outbox file for the `outbox` sender, one JSON object per line.
    #[arg(long, env = "SMS_OUTBOX", default_value = "data/sms-outbox.jsonl")]
    pub sms_outbox: PathBuf,

    /// The operator's HTTP SMS gateway (POST JSON {"to","text"}), for the `gateway` sender.
    #[arg(long, env = "SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,

    /// Bearer token sent to the gateway.
    #[arg(long, env = "SMS_GATEWAY_TOKEN", hide_env_values = true)]
    pub sms_gateway_token: Option<String>,

    /// Load demo data into an empty database.
    #[arg(long, env = "SCISERVE_SEED_DEMO", default_value = "false", value_parser = BoolishValueParser::new())]
    pub seed_demo: bool,

    /// Mark the session cookie `Secure`; always on when `SCISERVE_PUBLIC_URL` is https.
    #[arg(long, env = "SCISERVE_SECURE_COOKIES", default_value = "false", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,

    /// Reverse proxies you run in front of the server, each appending to `X-Forwarded-For`;
    /// the client is the right-most hop they did not add. 0: the header is ignored.
    #[arg(long, env = "SCISERVE_TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,

    /// Older switch, the same as `SCISERVE_TRUSTED_PROXIES=1` when that is not set.
    #[arg(long, env = "SCISERVE_TRUST_PROXY", default_value = "false", value_parser = BoolishValueParser::new())]
    pub trust_proxy: bool,

    /// SMS codes allowed per client address per hour.
    #[arg(long, env = "SMS_PER_CLIENT_HOURLY", default_value_t = 30)]
    pub sms_per_client_hourly: i64,

    /// SMS codes allowed per mobile number per hour.
    #[arg(long, env = "SMS_PER_NUMBER_HOURLY", default_value_t = 5)]
    pub sms_per_number_hourly: i64,

    /// Seconds before another code may be sent to the same number.
    #[arg(long, env = "SMS_RESEND_S", default_value_t = 60)]
    pub sms_resend_s: i64,

    /// Largest request body accepted, in bytes (a 20,000-row registration sheet fits).
    #[arg(long, env = "SCISERVE_BODY_LIMIT", default_value_t = 8 * 1024 * 1024)]
    pub body_limit: usize,

    /// Milliseconds an anonymous page is served from memory before it is rendered again (any
    /// successful POST drops them all at once); 0 turns the page cache off.
    #[arg(long, env = "SCISERVE_PAGE_CACHE_MS", default_value_t = 1000)]
    pub page_cache_ms: u64,

    /// Organisations one volunteer may belong to (or apply to) at once.
    #[arg(long, env = "SCISERVE_MAX_MEMBERSHIPS", default_value_t = 5)]
    pub max_memberships: i64,

    /// Names of the hierarchy's levels, top first, comma-separated (e.g. 总队,队,支队,大队).
    #[arg(long, env = "SCISERVE_LEVEL_NAMES", default_value = "总队,队,支队,分队")]
    pub level_names: String,

    /// The address the public reaches the site by, e.g. https://kjzyfw.example.cn (share links,
    /// QR codes and Open Graph tags); empty: each request's Host header.
    #[arg(long, env = "SCISERVE_PUBLIC_URL", default_value = "")]
    pub public_url: String,

    /// Minutes without a request after which a signed-in session ends (OWASP ASVS 4.0 3.3.2,
    /// level 2: 30). Volunteers on phones may be given longer, at the cost of that level.
    #[arg(long, env = "SCISERVE_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,

    /// Hours after login at which a session ends however busy it is (ASVS level 2: 12).
    #[arg(long, env = "SCISERVE_SESSION_MAX_HOURS", default_value_t = 12)]
    pub session_max_hours: i64,

    /// Seconds between runs of the notice job (scheduled reminders and the SMS outbox).
    #[arg(long, env = "SCISERVE_NOTICE_INTERVAL_S", default_value_t = 60)]
    pub notice_interval_s: u64,

    /// The CJK font certificates are drawn with (F-34): a .ttf/.otf/.ttc file.
    #[arg(long, env = "SCISERVE_CERT_FONT", default_value = app::state::DEFAULT_CERT_FONT)]
    pub cert_font: String,

    /// The public map's tile URL template (Leaflet: `{s}`, `{z}`, `{x}`, `{y}`); see the README
    /// for 天地图 and AMap.
    #[arg(long, env = "SCISERVE_MAP_TILES", default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png")]
    pub map_tiles: String,

    /// The attribution the tile provider asks for.
    #[arg(long, env = "SCISERVE_MAP_ATTRIBUTION", default_value = "© OpenStreetMap contributors")]
    pub map_attribution: String,

    /// Letters for `{s}` in the tile URL (e.g. `1234` for AMap's webrd01–04); empty: none.
    #[arg(long, env = "SCISERVE_MAP_SUBDOMAINS", default_value = "")]
    pub map_subdomains: String,

    /// The tiles' datum: `wgs84` (OpenStreetMap; also 天地图's CGCS2000) or `gcj02` (AMap,
    /// Tencent): points are shifted to it before they reach the map.
    #[arg(long, env = "SCISERVE_MAP_DATUM", default_value = "wgs84")]
    pub map_datum: String,

    /// Log format: `pretty` or `json`.
    #[arg(long, env = "SCISERVE_LOG_FORMAT", default_value = "pretty")]
    pub log_format: String,
}

impl Settings {
    pub fn policy(&self) -> Policy {
        Policy {
            codes_per_client_hourly: self.sms_per_client_hourly,
            codes_per_number_hourly: self.sms_per_number_hourly,
            code_resend_s: self.sms_resend_s.max(1),
            trusted_proxies: self.trusted_proxies.max(usize::from(self.trust_proxy)),
            max_memberships: self.max_memberships.max(1),
            level_names: app::codes::levels::LevelNames::parse(&self.level_names).unwrap_or_default(),
            public_url: self.public_url.trim().to_owned(),
            session_idle_s: self.session_idle_minutes.max(1) * 60,
            session_absolute_s: self.session_max_hours.max(1) * 3600,
            cert_font: self.cert_font.trim().to_owned(),
            map_tiles: app::state::MapTiles {
                url: self.map_tiles.trim().to_owned(),
                attribution: self.map_attribution.trim().to_owned(),
                subdomains: self.map_subdomains.trim().to_owned(),
                datum: self.map_datum.trim().to_ascii_lowercase(),
            },
            ..Policy::default()
        }
    }
}

/// Reads `KEY=value` lines (blank lines and `#` comments skipped) into the environment,
/// without overriding variables already set.
pub fn load_env_file(path: &std::path::Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))?;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            anyhow::bail!("config file {} line {}: expected KEY=value", path.display(), n + 1);
        };
        let key = key.trim();
        if std::env::var_os(key).is_none() {
            // Called before the runtime starts, while the process is single-threaded.
            std::env::set_var(key, value.trim().trim_matches('"'));
        }
    }
    Ok(())
}
