//! What every server function can reach: the database, the SMS sender and the policy values.
//! Built once by the server binary (or a test) and provided as Leptos context per request.
use crate::db::Db;
use crate::error::AppError;
use crate::sms::SmsSender;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Tunable limits and defaults; the server fills them from its configuration.
#[derive(Clone, Debug)]
pub struct Policy {
    /// How long an SMS code stays valid.
    pub code_ttl_s: i64,
    /// Minimum wait before another code is sent to the same number.
    pub code_resend_s: i64,
    /// Wrong entries after which a code is void.
    pub code_max_attempts: i64,
    /// Codes per number per rolling hour.
    pub codes_per_number_hourly: i64,
    /// Codes per client address per rolling hour.
    pub codes_per_client_hourly: i64,
    /// Wrong passwords per number per rolling hour before password login pauses.
    pub password_failures_hourly: i64,
    /// Reverse proxies in front of the server that append to `X-Forwarded-For` (0: the header
    /// is ignored). The client is the right-most hop these proxies did not add.
    pub trusted_proxies: usize,
    /// Platform display time zone (IANA name), e.g. Asia/Shanghai.
    pub time_zone: String,
    /// Open memberships (pending or active) one volunteer may hold (F-14; 5 on the national platform).
    pub max_memberships: i64,
    /// Names of the hierarchy's levels, top first (F-12).
    pub level_names: crate::codes::levels::LevelNames,
    /// Largest spreadsheet a collective registration accepts, in data rows.
    pub import_max_rows: usize,
    /// Largest spreadsheet file an upload accepts, in bytes; below the server's request body
    /// limit so that the person gets this limit's message rather than a bare refusal.
    pub import_max_bytes: usize,
    /// Collective registrations (dry runs included) one staff member may run per rolling hour:
    /// each run sends invitations and reveals whether rows match existing accounts.
    pub imports_hourly: i64,
    /// The address the public reaches the site by (share links, QR codes, Open Graph tags);
    /// empty: taken from each request's Host header.
    pub public_url: String,
    /// A signed-in session ends after this many seconds without a request, and
    pub session_idle_s: i64,
    /// this many seconds after login however busy it is. OWASP ASVS 4.0 3.3.2 asks level 2
    /// applications to re-authenticate after 30 minutes idle and 12 hours in all.
    pub session_absolute_s: i64,
    /// Attendance (F-30, F-31, F-35): see [`AttendancePolicy`].
    pub attendance: AttendancePolicy,
    /// The CJK font certificates are drawn with (F-34): a TrueType/OpenType file or collection
    /// (its first face). Missing → a certificate download is a 500 with a log line naming it.
    pub cert_font: String,
    /// The map's tiles (F-41): see [`MapTiles`].
    pub map_tiles: MapTiles,
}

/// The tile server the public map draws on. Coordinates are stored in WGS-84; `datum` says
/// what the tiles use (`wgs84`, also right for 天地图's CGCS2000, or `gcj02` for AMap and
/// Tencent, whose points the server shifts before sending them).
#[derive(Clone, Debug)]
pub struct MapTiles {
    /// A Leaflet URL template: `{s}`, `{z}`, `{x}`, `{y}`.
    pub url: String,
    pub attribution: String,
    /// Letters substituted for `{s}` (empty: none).
    pub subdomains: String,
    pub datum: String,
}

impl Default for MapTiles {
    fn default() -> Self {
        MapTiles {
            url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
            subdomains: String::new(),
            datum: "wgs84".into(),
        }
    }
}

/// The rules of check-in, hours and offline scans.
#[derive(Clone, Debug)]
pub struct AttendancePolicy {
    /// A check-in QR code changes this often (seconds); the previous code is still taken.
    pub qr_rotation_s: i64,
    /// Check-in opens this many minutes before the activity starts.
    pub checkin_opens_before_min: i64,
    /// Check-out is taken until this many minutes after the activity ends.
    pub checkout_closes_after_min: i64,
    /// A scan made offline is taken if it reaches the server within this many hours.
    pub offline_accept_h: i64,
    /// A scan that reaches the server more than this many seconds after it was made is flagged delayed.
    pub delayed_after_s: i64,
    /// Hours are rounded down to this many minutes (15: a quarter of an hour; 1: exact minutes).
    pub rounding_min: i64,
    /// Speed above which travel between two check-ins is impossible (km/h).
    pub max_travel_kmh: i64,
    /// A device that checks in more than this many people to one activity is flagged.
    pub device_people_max: i64,
}

impl Default for AttendancePolicy {
    fn default() -> Self {
        AttendancePolicy {
            qr_rotation_s: 30,
            checkin_opens_before_min: 60,
            checkout_closes_after_min: 120,
            offline_accept_h: 72,
            delayed_after_s: 120,
            rounding_min: 15,
            max_travel_kmh: 300,
            device_people_max: 3,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            code_ttl_s: 300,
            code_resend_s: 60,
            code_max_attempts: 5,
            codes_per_number_hourly: 5,
            codes_per_client_hourly: 30,
            password_failures_hourly: 10,
            trusted_proxies: 0,
            time_zone: "Asia/Shanghai".into(),
            max_memberships: 5,
            level_names: crate::codes::levels::LevelNames::default(),
            import_max_rows: 20_000,
            import_max_bytes: 7 * 1024 * 1024,
            imports_hourly: 20,
            public_url: String::new(),
            session_idle_s: 30 * 60,
            session_absolute_s: 12 * 3600,
            attendance: AttendancePolicy::default(),
            cert_font: DEFAULT_CERT_FONT.into(),
            map_tiles: MapTiles::default(),
        }
    }
}

/// Where Debian's fonts-wqy-microhei puts its font (scripts/setup.sh installs it).
pub const DEFAULT_CERT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub sms: Arc<dyn SmsSender>,
    pub policy: Arc<Policy>,
    /// The server's signing key (check-in tokens, certificate codes).
    pub keys: Arc<crate::keys::Keys>,
    /// Where uploaded files live (make-up request photos), private to the server's user.
    pub files_dir: Arc<std::path::PathBuf>,
    /// Matching's pre-selections (user ids best first, and whether that is every member), kept
    /// a short while per subtree and need.
    pub preselections: Arc<Memo<(Arc<Vec<i64>>, bool)>>,
    /// Moves on every successful write request: what is kept in memory is read again after it.
    pub changes: Arc<Changes>,
    /// Values kept in memory that domains above this module define (the map's points).
    pub caches: Arc<Caches>,
}

/// Counts successful write requests (server/src/pages.rs bumps it): a kept page or snapshot
/// made at another count may be out of date.
#[derive(Debug, Default)]
pub struct Changes(std::sync::atomic::AtomicU64);

impl Changes {
    pub fn count(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn bump(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

/// One value per type for the server's life, made on first use: lets a domain keep its own
/// cache in the state without this module knowing the type.
#[derive(Default)]
pub struct Caches(std::sync::Mutex<std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>);

impl Caches {
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut map = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let value = map.entry(std::any::TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default())).clone();
        // The entry under T's id was made as a T just above or on an earlier call.
        value.downcast::<T>().unwrap_or_else(|_| Arc::new(T::default()))
    }
}

/// Answers too costly to compute on every request, kept for a fixed time per key. Requests
/// asking for a key at the same time wait for one computation instead of each running their
/// own.
pub struct Memo<V> {
    slots: std::sync::Mutex<std::collections::HashMap<String, Slot<V>>>,
}

type Slot<V> = Arc<tokio::sync::Mutex<Option<(std::time::Instant, V)>>>;

/// Expired entries are dropped when the memo holds more keys than this.
const MEMO_PRUNE_AT: usize = 1_000;

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo { slots: Default::default() }
    }
}

impl<V: Clone> Memo<V> {
    /// The value kept under `key` if younger than `ttl`, else `compute`'s (kept from now on).
    pub async fn get_or_compute<F, Fut>(&self, key: String, ttl: std::time::Duration, compute: F) -> Result<V, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<V, AppError>>,
    {
        let slot = {
            let mut slots = self.slots.lock().map_err(|_| AppError::internal("memo lock poisoned"))?;
            if slots.len() > MEMO_PRUNE_AT {
                slots.retain(|_, s| {
                    s.try_lock().map(|v| v.as_ref().is_some_and(|(at, _)| at.elapsed() < ttl)).unwrap_or(true)
                });
            }
            Arc::clone(slots.entry(key).or_default())
        };
        let mut value = slot.lock().await;
        if let Some((at, v)) = value.as_ref() {
            if at.elapsed() < ttl {
                return Ok(v.clone());
            }
        }
        let fresh = compute().await?;
        *value = Some((std::time::Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Replaces the value under `key` (keeping the time it was first computed).
    pub async fn replace(&self, key: &str, v: V) {
        let slot = match self.slots.lock() {
            Ok(slots) => slots.get(key).cloned(),
            Err(_) => None,
        };
        if let Some(slot) = slot {
            if let Some((_, old)) = slot.lock().await.as_mut() {
                *old = v;
            }
        }
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
