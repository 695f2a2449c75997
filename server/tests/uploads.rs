//! Hostile uploads against the real router (issue 11, item 3): each file must be refused
//! quickly with a 4xx and the message for the file field, and the server must keep answering.
use crate::common;

use app::accounts::model::OrgRole;
use app::codes::VOLUNTEER_HEADERS;
use app::db::now_us;
use app::error::AppError;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::state::Policy;
use app::validation::Invalid;
use common::{spawn_with, test_policy, user, TestApp};
use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

const ADMIN: &str = "13811110001";
/// Below the test server's 2 MiB request body limit, so the upload's own limit is what answers.
const MAX_BYTES: usize = 1024 * 1024;
/// Far longer than any refusal takes here, and far shorter than building what the files declare.
const QUICK: Duration = Duration::from_secs(3);

async fn setup() -> (TestApp, reqwest::Client, i64) {
    let app = spawn_with(Policy { import_max_bytes: MAX_BYTES, ..test_policy() }).await;
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let team = insert(&app.db, &org("常州市科技志愿服务队", Some(corps)), now).await.unwrap();
    set_staff(&app.db, team, user(&app, ADMIN).await, OrgRole::Admin, now).await.unwrap();
    let admin = app.person(ADMIN).await;
    (app, admin, team)
}

/// Uploads `body` as the file of a dry run; the status, the error if any, and how long it took.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    org: i64,
    name: &str,
    body: reqwest::Body,
) -> (u16, Option<AppError>, Duration) {
    let form = reqwest::multipart::Form::new()
        .text("org_id", org.to_string())
        .text("kind", "volunteers")
        .text("commit", "0")
        .part("file", reqwest::multipart::Part::stream(body).file_name(name.to_owned()));
    let started = Instant::now();
    let response = client.post(format!("{}/api/orgs/import", app.base)).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let took = started.elapsed();
    eprintln!("{name}: {status} in {took:?}");
    (status, serde_json::from_str(&text).ok(), took)
}

async fn assert_refused(
    app: &TestApp,
    client: &reqwest::Client,
    org: i64,
    name: &str,
    bytes: Vec<u8>,
    status: u16,
    invalid: Invalid,
) {
    let (got, error, took) = upload(app, client, org, name, bytes.into()).await;
    assert_eq!((got, error), (status, Some(AppError::field("file", invalid))), "{name}");
    assert!(took < QUICK, "{name} took {took:?}");
    assert_healthy(app).await;
}

async fn assert_healthy(app: &TestApp) {
    let health = app.new_client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

/// A real workbook from the XLSX writer, with its worksheet XML passed through `edit`.
fn workbook_with(edit: impl Fn(String) -> String, extra: Option<(&str, u64)>) -> Vec<u8> {
    let headers: Vec<&str> = VOLUNTEER_HEADERS.to_vec();
    let original = app::sheets::write_xlsx("志愿者", &headers, &[]).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(original)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            text = edit(text);
        }
        out.start_file(name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    if let Some((name, zeros)) = extra {
        out.start_file(name, options.large_file(zeros > u32::MAX as u64)).unwrap();
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..zeros / chunk.len() as u64 {
            out.write_all(&chunk).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

fn rows_xml(rows: impl Iterator<Item = String>) -> impl Fn(String) -> String {
    let rows: String = rows.collect();
    move |xml: String| xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
}

#[tokio::test]
async fn hostile_spreadsheets_are_refused_in_moments_and_the_server_keeps_answering() {
    let (app, admin, org) = setup().await;
    let max_rows = test_policy().import_max_rows as u32;

    // Declares the whole of Excel's grid: 1,048,576 rows × 16,384 columns.
    let declared = workbook_with(|xml| with_dimension(&xml, "A1:XFD1048576"), None);
    assert_refused(&app, &admin, org, "declared.xlsx", declared, 422, Invalid::SheetTooManyRows { max: max_rows })
        .await;

    // Declares one cell but holds a value at the grid's far corner (the range would be built whole).
    let corner = workbook_with(
        |xml| {
            with_dimension(
                &rows_xml(std::iter::once(
                    r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#.to_owned(),
                ))(xml),
                "A1",
            )
        },
        None,
    );
    assert_refused(&app, &admin, org, "corner.xlsx", corner, 422, Invalid::SheetTooManyRows { max: max_rows }).await;

    // A value in column 1,000 of the header row.
    let wide = workbook_with(
        |xml| {
            with_dimension(&xml.replacen("</row>", r#"<c r="ALL1" t="inlineStr"><is><t>x</t></is></c></row>"#, 1), "A1")
        },
        None,
    );
    assert_refused(&app, &admin, org, "wide.xlsx", wide, 422, Invalid::SheetTooManyColumns { max: 256 }).await;

    // 100,000 styled blank rows under the header: nothing to import, but every row is read.
    let blank_rows = (2..100_002).map(|r| format!(r#"<row r="{r}"><c r="A{r}" s="1"/></row>"#));
    let blanks = workbook_with(rows_xml(blank_rows), None);
    assert_refused(&app, &admin, org, "blanks.xlsx", blanks, 422, Invalid::SheetTooManyRows { max: max_rows }).await;
    let mut blank_csv = VOLUNTEER_HEADERS.join(",").into_bytes();
    blank_csv.extend(",,,\r\n".repeat(100_000).bytes());
    assert_refused(&app, &admin, org, "blanks.csv", blank_csv, 422, Invalid::SheetTooManyRows { max: max_rows }).await;

    // A zip entry that inflates to 256 MiB from a quarter of a megabyte.
    let bomb = workbook_with(|xml| xml, Some(("xl/media/bomb.xml", 256 * 1024 * 1024)));
    assert!(bomb.len() < MAX_BYTES, "the bomb itself is small: {}", bomb.len());
    assert_refused(&app, &admin, org, "bomb.xlsx", bomb, 422, Invalid::FileExpandsTooMuch { max_mb: 64 }).await;

    // Over the upload limit, sent without a length (chunked), so only counting stops it.
    let big = vec![b'a'; MAX_BYTES + 1];
    let chunks =
        futures::stream::iter(big.chunks(64 * 1024).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>());
    let (status, error, took) = upload(&app, &admin, org, "big.csv", reqwest::Body::wrap_stream(chunks)).await;
    assert_eq!((status, error), (413, Some(AppError::field("file", Invalid::FileTooLarge { max_mb: 1 }))));
    assert!(took < QUICK);
    assert_healthy(&app).await;

    // Over the server's request limit with a declared length: refused before it is read.
    let (status, _, _) = upload(&app, &admin, org, "huge.csv", vec![b'a'; 3 * 1024 * 1024].into()).await;
    assert_eq!(status, 413);
    assert_healthy(&app).await;

    // A clean file still imports after all that.
    let fine = app::sheets::write_csv(VOLUNTEER_HEADERS, &[]);
    let (status, _, _) = upload(&app, &admin, org, "empty.csv", fine.into()).await;
    assert_eq!(status, 200);
}

/// The worksheet XML with its `<dimension ref>` set to `range`.
fn with_dimension(xml: &str, range: &str) -> String {
    let start = xml.find("<dimension ref=\"").expect("the writer declares a dimension") + "<dimension ref=\"".len();
    let end = start + xml[start..].find('"').unwrap();
    format!("{}{range}{}", &xml[..start], &xml[end..])
}
