//! Venue photos (F-40) over real HTTP on both engines: who may add and retire them (staff of the
//! venue's subtree only), what a photo may be (its bytes decide, at most 5 MiB, at most eight
//! shown), what the public gets (the bytes, their type, a long public cache, untouched by the
//! page middleware), and that retired photos and photos of retired venues are gone (404).
use crate::common;

use app::accounts::model::OrgRole;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::validation::Invalid;
use app::venues::model::VenueInput;
use app::venues::photos::PhotoManager;
use app::venues::views::VenueDetail;
use common::{spawn_full, test_policy, user, volunteer, TestApp};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE, X_CONTENT_TYPE_OPTIONS};
use serde_json::json;
use sqlx::Row;

const STAFF_A: &str = "13822240001";
const STAFF_B: &str = "13822240002";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba,
    0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The start of a JPEG: SOI, an APP0 segment, then a frame header of 640 × 480.
fn jpeg() -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
    bytes.extend_from_slice(&[0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9]);
    bytes
}

struct World {
    a: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
    venue: i64,
}

/// Two trees: staff of team `a` (whose venue `venue` is) and the admin of team `b` in another corps.
async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps_a = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps_a)), now).await.unwrap();
    let corps_b = insert(&app.db, &org("浙江省科技志愿服务总队", None), now).await.unwrap();
    let b = insert(&app.db, &org("杭州市科技志愿服务队", Some(corps_b)), now).await.unwrap();
    set_staff(&app.db, a, user(app, STAFF_A).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, b, user(app, STAFF_B).await, OrgRole::Admin, now).await.unwrap();
    let staff_a = app.person(STAFF_A).await;
    let venue: i64 = app
        .call_json_as(&staff_a, "venues/save", json!({ "id": null, "input": VenueInput::sample(a) }))
        .await
        .expect("venue");
    World { a, staff_a, staff_b: app.person(STAFF_B).await, venue }
}

/// The page cache on, as deployed, and bodies up to 8 MiB (the server's default): the photo's
/// own limit is what answers.
async fn spawn() -> TestApp {
    spawn_full(test_policy(), 8 * 1024 * 1024, server::pages::Settings { ttl: std::time::Duration::from_secs(1) }).await
}

/// Posts the photo form as the browser does (multipart); the status and the decoded answer.
async fn add(
    app: &TestApp,
    client: &reqwest::Client,
    venue: i64,
    file: (&str, Vec<u8>, &str),
    caption: &str,
) -> (u16, Result<i64, AppError>) {
    let (name, bytes, media) = file;
    let form = reqwest::multipart::Form::new()
        .text("venue_id", venue.to_string())
        .text("caption", caption.to_owned())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(media).unwrap());
    let response =
        client.post(format!("{}/api/venues/photo-add", app.base)).multipart(form).send().await.expect("answer");
    let status = response.status().as_u16();
    (status, common::decode(response).await)
}

fn png() -> (&'static str, Vec<u8>, &'static str) {
    ("馆内.png", PNG.to_vec(), "image/png")
}

async fn retire(app: &TestApp, client: &reqwest::Client, photo: i64) -> Result<(), AppError> {
    app.call_as(client, "venues/photo-retire", &[("photo_id", &photo.to_string())]).await
}

async fn get(app: &TestApp, client: &reqwest::Client, venue: i64, photo: i64) -> reqwest::Response {
    client.get(format!("{}/venues/{venue}/photos/{photo}", app.base)).send().await.expect("answer")
}

/// (id, caption, width, height, removed) of every stored photo row.
async fn rows(app: &TestApp) -> Vec<(i64, String, Option<i64>, Option<i64>, bool)> {
    sqlx::query("SELECT id, caption, width, height, removed_at FROM venue_photos ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get("id"),
                r.get("caption"),
                r.get("width"),
                r.get("height"),
                r.get::<Option<i64>, _>("removed_at").is_some(),
            )
        })
        .collect()
}

/// Files under `files_dir/venue-photos`, with their permission bits.
fn stored_files(app: &TestApp) -> Vec<(String, u32)> {
    let Ok(entries) = std::fs::read_dir(app.dir.join("files").join("venue-photos")) else { return Vec::new() };
    entries
        .map(|e| {
            let e = e.unwrap();
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&e.metadata().unwrap().permissions()) & 0o777;
            #[cfg(not(unix))]
            let mode = 0;
            (e.file_name().to_string_lossy().into_owned(), mode)
        })
        .collect()
}

#[tokio::test]
async fn staff_add_a_photo_that_anyone_then_gets_back_byte_for_byte_with_its_type_and_cache() {
    let app = spawn().await;
    let w = world(&app).await;
    let (status, id) = add(&app, &w.staff_a, w.venue, png(), "  科技馆一楼的  机器人展区 ").await;
    assert_eq!(status, 200);
    let id = id.expect("added");
    let (status, jpeg_id) = add(&app, &w.staff_a, w.venue, ("b.jpg", jpeg(), "image/jpeg"), "").await;
    assert_eq!(status, 200);
    let jpeg_id = jpeg_id.expect("added");
    // The caption is kept with its spaces tidied; the size is read from the header.
    assert_eq!(
        rows(&app).await,
        vec![
            (id, "科技馆一楼的 机器人展区".to_owned(), Some(1), Some(1), false),
            (jpeg_id, String::new(), Some(640), Some(480), false)
        ]
    );
    // Stored under a random name, readable by the server's user only.
    let files = stored_files(&app);
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|(name, mode)| name.len() == 32 && !name.contains('.') && *mode == 0o600), "{files:?}");

    // Anyone gets the bytes, as stored, with the stored type, nosniff and a year's public cache
    // — the page middleware (which keeps and rewrites pages) leaves them alone — and no cookie.
    for _ in 0..2 {
        let response = get(&app, &app.new_client(), w.venue, id).await;
        assert_eq!(response.status().as_u16(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers[CONTENT_TYPE], "image/png");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert!(headers.get("etag").is_none() && headers.get("content-encoding").is_none(), "{headers:?}");
        assert!(headers.get(SET_COOKIE).is_none(), "a public image sets no cookie");
        assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
    }
    // Asked for compressed, still the same bytes (images are not recompressed).
    let response = app
        .new_client()
        .get(format!("{}/venues/{}/photos/{jpeg_id}", app.base, w.venue))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[CONTENT_TYPE], "image/jpeg");
    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.bytes().await.unwrap().as_ref(), jpeg().as_slice());

    // The venue's data and its server-rendered page list them; the first is og:image, the alt
    // text is the caption or, without one, derived from the venue's name.
    let detail: VenueDetail =
        app.call_as(&app.new_client(), "venues/detail", &[("id", &w.venue.to_string())]).await.unwrap();
    let shown: Vec<_> = detail.photos.iter().map(|p| (p.id, p.url.clone(), p.width, p.height)).collect();
    assert_eq!(
        shown,
        vec![
            (id, format!("/venues/{}/photos/{id}", w.venue), Some(1), Some(1)),
            (jpeg_id, format!("/venues/{}/photos/{jpeg_id}", w.venue), Some(640), Some(480))
        ]
    );
    // The public API lists the same photos with absolute addresses.
    let api: serde_json::Value = app
        .new_client()
        .get(format!("{}/api/v1/venues/{}", app.base, w.venue))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let urls: Vec<&str> = api["photos"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            format!("{}/venues/{}/photos/{id}", app.base, w.venue),
            format!("{}/venues/{}/photos/{jpeg_id}", app.base, w.venue)
        ]
    );
    let html =
        app.new_client().get(format!("{}/venues/{}", app.base, w.venue)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!(r#"property="og:image" content="{}/venues/{}/photos/{id}""#, app.base, w.venue)));
    assert!(html.contains(r#"alt="科技馆一楼的 机器人展区""#), "caption as alt");
    assert!(html.contains(r#"alt="常州科技馆 照片 2""#), "derived alt");
    assert!(html.contains(r#"loading="lazy""#) && html.contains(r#"width="640""#) && html.contains(r#"height="480""#));

    // Another venue's id in the path, an unknown id and a malformed one: 404.
    assert_eq!(get(&app, &app.new_client(), w.venue + 1, id).await.status().as_u16(), 404);
    assert_eq!(get(&app, &app.new_client(), w.venue, 999_999).await.status().as_u16(), 404);
    let odd = app.new_client().get(format!("{}/venues/{}/photos/x1", app.base, w.venue)).send().await.unwrap();
    assert_eq!(odd.status().as_u16(), 404);
}

#[tokio::test]
async fn a_file_is_judged_by_its_bytes_and_size_and_a_venue_shows_at_most_eight() {
    let app = spawn().await;
    let w = world(&app).await;
    // A PDF renamed .jpg and declared as JPEG: 422 under the file field.
    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    assert_eq!(
        add(&app, &w.staff_a, w.venue, ("门口.jpg", pdf, "image/jpeg"), "").await,
        (422, Err(AppError::field("file", Invalid::FileType)))
    );
    // An SVG (script inside an image) likewise; no file at all is a missing field.
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>1</script></svg>".to_vec();
    assert_eq!(add(&app, &w.staff_a, w.venue, ("a.png", svg, "image/png"), "").await.0, 422);
    assert_eq!(
        add(&app, &w.staff_a, w.venue, ("", Vec::new(), "application/octet-stream"), "").await,
        (422, Err(AppError::field("file", Invalid::Required)))
    );
    // A caption over 80 characters.
    assert_eq!(
        add(&app, &w.staff_a, w.venue, png(), &"长".repeat(81)).await,
        (422, Err(AppError::field("caption", Invalid::TooLong { max: 80 })))
    );
    // Over 5 MiB: 413, with the message for the file field; exactly 5 MiB is accepted.
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    assert_eq!(
        add(&app, &w.staff_a, w.venue, ("big.png", big, "image/png"), "").await,
        (413, Err(AppError::field("file", Invalid::FileTooLarge { max_mb: 5 })))
    );
    assert!(rows(&app).await.is_empty() && stored_files(&app).is_empty(), "nothing refused was kept");
    let mut fits = PNG.to_vec();
    fits.resize(5 * 1024 * 1024, 0);
    assert_eq!(add(&app, &w.staff_a, w.venue, ("fits.png", fits, "image/png"), "").await.0, 200);

    // Seven more make eight; the ninth is refused with the reason, and nothing is stored.
    for n in 2..=8 {
        assert_eq!(add(&app, &w.staff_a, w.venue, png(), &format!("照片 {n}")).await.0, 200, "photo {n}");
    }
    assert_eq!(
        add(&app, &w.staff_a, w.venue, png(), "第九张").await,
        (409, Err(AppError::Refused(Refusal::TooManyPhotos { max: 8 })))
    );
    assert_eq!((rows(&app).await.len(), stored_files(&app).len()), (8, 8));
    // Retiring one makes room again.
    let first = rows(&app).await[0].0;
    assert_eq!(retire(&app, &w.staff_a, first).await, Ok(()));
    assert_eq!(add(&app, &w.staff_a, w.venue, png(), "第九张").await.0, 200);
    let manager: PhotoManager =
        app.call_as(&w.staff_a, "venues/photos", &[("venue_id", &w.venue.to_string())]).await.unwrap();
    assert_eq!(manager.photos.len(), 8);
    assert!(!manager.photos.iter().any(|p| p.id == first));
}

#[tokio::test]
async fn only_staff_of_the_venues_subtree_add_see_the_console_and_retire() {
    let app = spawn().await;
    let w = world(&app).await;
    let volunteer_client = volunteer(&app, "13900240001", "19900101", true).await;
    let anonymous = app.new_client();
    // Adding: another tree's admin 403, a volunteer 403, nobody signed in 401; nothing stored.
    assert_eq!(add(&app, &w.staff_b, w.venue, png(), "").await, (403, Err(AppError::Forbidden)));
    assert_eq!(add(&app, &volunteer_client, w.venue, png(), "").await, (403, Err(AppError::Forbidden)));
    assert_eq!(add(&app, &anonymous, w.venue, png(), "").await, (401, Err(AppError::Unauthenticated)));
    assert_eq!(add(&app, &w.staff_a, 999_999, png(), "").await, (404, Err(AppError::NotFound)));
    assert!(rows(&app).await.is_empty() && stored_files(&app).is_empty());

    // The console's photo data: staff only.
    let manager = |client: reqwest::Client| {
        let app = &app;
        let venue = w.venue.to_string();
        async move {
            app.call_as::<PhotoManager>(&client, "venues/photos", &[("venue_id", &venue)]).await.map(|m| m.photos.len())
        }
    };
    assert_eq!(manager(w.staff_b.clone()).await, Err(AppError::Forbidden));
    assert_eq!(manager(volunteer_client.clone()).await, Err(AppError::Forbidden));
    assert_eq!(manager(app.new_client()).await, Err(AppError::Unauthenticated));

    let id = add(&app, &w.staff_a, w.venue, png(), "").await.1.expect("added");
    assert_eq!(manager(w.staff_a.clone()).await, Ok(1));
    // Retiring: the others are refused and the photo stays shown.
    assert_eq!(retire(&app, &w.staff_b, id).await, Err(AppError::Forbidden));
    assert_eq!(retire(&app, &volunteer_client, id).await, Err(AppError::Forbidden));
    assert_eq!(retire(&app, &anonymous, id).await, Err(AppError::Unauthenticated));
    assert_eq!(get(&app, &anonymous, w.venue, id).await.status().as_u16(), 200);

    // Retired by its staff: kept as a record (who, when), gone from the page, 404 for everyone.
    assert_eq!(retire(&app, &w.staff_a, id).await, Ok(()));
    let row = sqlx::query("SELECT removed_at, removed_by FROM venue_photos WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(row.get::<Option<i64>, _>("removed_at").is_some());
    assert_eq!(row.get::<Option<i64>, _>("removed_by"), Some(user(&app, STAFF_A).await));
    assert_eq!(stored_files(&app).len(), 1, "the file may stay");
    assert_eq!(get(&app, &anonymous, w.venue, id).await.status().as_u16(), 404);
    assert_eq!(get(&app, &w.staff_a, w.venue, id).await.status().as_u16(), 404);
    let detail: VenueDetail =
        app.call_as(&app.new_client(), "venues/detail", &[("id", &w.venue.to_string())]).await.unwrap();
    assert!(detail.photos.is_empty());
    let html =
        app.new_client().get(format!("{}/venues/{}", app.base, w.venue)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("og:image") && !html.contains("/photos/"));
    // Retiring again: not found.
    assert_eq!(retire(&app, &w.staff_a, id).await, Err(AppError::NotFound));
    let _ = w.a;
}

#[tokio::test]
async fn photos_of_a_retired_venue_are_gone_for_the_public_but_not_for_its_staff() {
    let app = spawn().await;
    let w = world(&app).await;
    let id = add(&app, &w.staff_a, w.venue, png(), "").await.1.expect("added");
    let _: () =
        app.call_as(&w.staff_a, "venues/retire", &[("id", &w.venue.to_string()), ("retired", "true")]).await.unwrap();
    assert_eq!(get(&app, &app.new_client(), w.venue, id).await.status().as_u16(), 404);
    assert_eq!(get(&app, &w.staff_b, w.venue, id).await.status().as_u16(), 404);
    // Its staff still see it on their photo page, never kept by shared caches.
    let response = get(&app, &w.staff_a, w.venue, id).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()[CACHE_CONTROL], "private, no-store");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
    // Reopened, it is public again.
    let _: () =
        app.call_as(&w.staff_a, "venues/retire", &[("id", &w.venue.to_string()), ("retired", "false")]).await.unwrap();
    assert_eq!(get(&app, &app.new_client(), w.venue, id).await.status().as_u16(), 200);
}

/// Without JavaScript the photo form posts itself: a 303 back to the page, a refusal riding
/// along in the address; the retire button's form likewise.
#[tokio::test]
async fn without_javascript_the_forms_answer_303_back_to_the_photo_page() {
    use reqwest::header::{ACCEPT, LOCATION, REFERER};
    let app = spawn().await;
    let w = world(&app).await;
    let page = format!("{}/venues/{}/photos", app.base, w.venue);
    let html_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let post = |bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("venue_id", w.venue.to_string())
            .text("caption", "报告厅")
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name("x.png"));
        w.staff_a
            .post(format!("{}/api/venues/photo-add", app.base))
            .header(ACCEPT, html_accept)
            .header(REFERER, page.clone())
            .multipart(form)
            .send()
    };
    let refused = post(b"%PDF-1.4".to_vec()).await.unwrap();
    assert_eq!(refused.status(), 303);
    let location = refused.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(location.contains(&format!("/venues/{}/photos", w.venue)) && location.contains("__err="), "{location}");
    // The page it goes back to shows the message under the file field.
    let shown = w.staff_a.get(&location).send().await.unwrap().text().await.unwrap();
    assert!(shown.contains("只接受 JPEG、PNG 或 WebP 图片。"), "the refusal under the field");

    let done = post(PNG.to_vec()).await.unwrap();
    assert_eq!(done.status(), 303);
    let url = reqwest::Url::parse(done.headers()[LOCATION].to_str().unwrap()).expect("a Location");
    assert_eq!((url.path(), url.query().unwrap_or("")), (format!("/venues/{}/photos", w.venue).as_str(), ""));
    let id = rows(&app).await[0].0;
    let listed = w.staff_a.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(listed.contains(&format!("/venues/{}/photos/{id}", w.venue)) && listed.contains(r#"alt="报告厅""#));

    let retired = w
        .staff_a
        .post(format!("{}/api/venues/photo-retire", app.base))
        .header(ACCEPT, html_accept)
        .header(REFERER, page.clone())
        .form(&[("photo_id", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(retired.status(), 303);
    assert!(rows(&app).await[0].4, "retired");
}
