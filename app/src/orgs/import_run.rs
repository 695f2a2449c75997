//! Running an import: read the sheet within the upload bounds, turn each row into the form's
//! input and validate it — all before the database is touched — then write in one short
//! transaction that is kept only when it is a clean commit. Reading and validating a large
//! sheet takes seconds; holding a write transaction (and the organisation's lock) that long
//! would stall every other writer, on SQLite the whole database.
//!
//! An organisation row's admin cell names a contact, never an admin by itself (F-10 consent):
//! the import creates no account for that number and gives nobody a role, except the importing
//! staff member when the number is their own (they agree by importing). Anyone else is made
//! admin afterwards on the staff page, which takes only a number that has signed in with an SMS
//! code; meanwhile the admins above manage the new organisation. The report says the same
//! whatever the number, so it never tells whether the number has an account.
use super::{FileProblem, ImportKind, ImportReport, RowIssue, RowProblem};
use crate::accounts::mobile::Mobile;
use crate::accounts::model::OrgRole;
use crate::accounts::users::{find_or_create_on, new_volunteer_no};
use crate::codes::{
    ChoiceList, EDUCATION, ETHNICITY, FOUR_HEADS, OCCUPATION, POLITICAL_STATUS, SERVICE_CATEGORY, SERVICE_FIELD, TITLE,
};
use crate::db::{now_us, Db};
use crate::error::AppError;
use crate::orgs::model::{OrgInput, ValidOrg, SUPERVISOR_TYPE, YES_NO};
use crate::orgs::{counts, invitations, repo};
use crate::sheets::{read_table_within, Limits, SheetError, SheetRow};
use crate::state::Policy;
use crate::validation::{FieldErrors, Invalid};
use crate::volunteers::model::{ProfileInput, ValidProfile};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// Collects a row's problems against its column headers.
struct RowCheck<'a> {
    line: usize,
    headers: &'a [&'a str],
    problems: Vec<RowProblem>,
}

impl<'a> RowCheck<'a> {
    fn new(line: usize, headers: &'a [&'a str]) -> Self {
        RowCheck { line, headers, problems: Vec::new() }
    }

    fn push(&mut self, column: usize, issue: RowIssue) {
        let column = self.headers.get(column).copied().unwrap_or_default().to_owned();
        self.problems.push(RowProblem { line: self.line, column, issue });
    }

    fn invalid(&mut self, column: usize, invalid: Invalid) {
        self.push(column, RowIssue::Field { invalid });
    }

    /// A single-choice cell by label or code; `None` (with a problem) when it is not in the list.
    fn choice(&mut self, list: &'static ChoiceList, cells: &[String], column: usize) -> String {
        match list.parse(&cells[column]) {
            Ok(choice) => choice.code.to_owned(),
            Err(invalid) => {
                self.invalid(column, invalid);
                String::new()
            }
        }
    }

    fn choices(&mut self, list: &'static ChoiceList, cells: &[String], column: usize) -> Vec<String> {
        match list.parse_multi(&cells[column]) {
            Ok(items) => items.iter().map(|c| c.code.to_owned()).collect(),
            Err(invalid) => {
                self.invalid(column, invalid);
                Vec::new()
            }
        }
    }

    /// Province/city/county names to codes; problems go to the province column.
    fn region(&mut self, cells: &[String], province: usize) -> (String, String, String) {
        let (p, c, k) = (&cells[province], &cells[province + 1], &cells[province + 2]);
        if c.trim().is_empty() && k.trim().is_empty() {
            return match crate::regions::by_name(None, p) {
                Some(r) => (r.code.to_owned(), String::new(), String::new()),
                None => {
                    self.invalid(
                        province,
                        if p.trim().is_empty() { Invalid::Required } else { Invalid::RegionUnknown },
                    );
                    Default::default()
                }
            };
        }
        if k.trim().is_empty() {
            if let Some(pr) = crate::regions::by_name(None, p) {
                if let Some(city) = crate::regions::by_name(Some(pr.code), c) {
                    return (pr.code.to_owned(), city.code.to_owned(), String::new());
                }
            }
        }
        match crate::regions::resolve_names(p, c, k) {
            Ok(place) => (
                place.province.code.to_owned(),
                place.city.code.to_owned(),
                place.county.map(|r| r.code.to_owned()).unwrap_or_default(),
            ),
            Err(invalid) => {
                self.invalid(province, invalid);
                Default::default()
            }
        }
    }

    /// Maps the validator's field names back to the sheet's columns.
    fn fields(&mut self, errors: &FieldErrors, columns: &[(&str, usize)]) {
        for e in &errors.0 {
            let column = columns.iter().find(|(f, _)| *f == e.field).map(|(_, c)| *c).unwrap_or(0);
            // A cell already reported (e.g. not in the list) is not reported twice.
            let header = self.headers.get(column).copied().unwrap_or_default();
            if !self.problems.iter().any(|p| p.column == header) {
                self.invalid(column, e.invalid);
            }
        }
    }
}

/// What the person fixes inside the sheet goes into the report; a file beyond the upload
/// bounds is refused as a whole, as an error on the file field (413/422 on the wire).
fn file_problem(error: SheetError) -> Result<FileProblem, AppError> {
    let capped = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mib = |bytes: u64| capped((bytes / (1024 * 1024)) as usize);
    let refused = |invalid| Err(AppError::field("file", invalid));
    match error {
        SheetError::Unreadable => Ok(FileProblem::Unreadable),
        SheetError::HeaderNotFound { missing } => Ok(FileProblem::HeaderNotFound { missing }),
        SheetError::TooManyRows { max } => refused(Invalid::SheetTooManyRows { max: capped(max) }),
        SheetError::TooManyColumns { max } => refused(Invalid::SheetTooManyColumns { max: capped(max) }),
        SheetError::TooLarge { max_bytes } => refused(Invalid::FileTooLarge { max_mb: mib(max_bytes as u64) }),
        SheetError::ExpandsTooMuch { max_bytes } => refused(Invalid::FileExpandsTooMuch { max_mb: mib(max_bytes) }),
    }
}

/// The bounds of one import under `policy`.
pub fn limits(policy: &Policy) -> Limits {
    Limits { max_bytes: policy.import_max_bytes, ..Limits::for_rows(policy.import_max_rows) }
}

/// Imports `bytes` (an .xlsx or .csv named `file_name`) into organisation `into` for staff member
/// `by` (`None`: the command line). Writes only when `commit` is set and every row passes;
/// otherwise reports what would happen.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    db: &Db,
    policy: &Policy,
    kind: ImportKind,
    into: i64,
    by: Option<i64>,
    file_name: &str,
    bytes: &[u8],
    commit: bool,
) -> Result<ImportReport, AppError> {
    let mut report = ImportReport {
        kind,
        rows: 0,
        file_problem: None,
        problems: Vec::new(),
        committed: false,
        created: 0,
        invited: 0,
    };
    let table = match read_table_within(bytes, file_name, kind.headers(), &limits(policy)) {
        Ok(table) => table,
        Err(e) => {
            report.file_problem = Some(file_problem(e)?);
            return Ok(report);
        }
    };
    report.rows = table.rows.len();
    if table.rows.is_empty() {
        report.file_problem = Some(FileProblem::NoRows);
        return Ok(report);
    }
    let checked = match kind {
        ImportKind::Volunteers => Checked::Volunteers(check_volunteers(&table.rows, &mut report)),
        ImportKind::Organisations => {
            let level = repo::child_level(&mut *db.pool.acquire().await?, Some(into)).await?;
            Checked::Organisations(check_organisations(policy, into, level, &table.rows, &mut report))
        }
    };
    let mut tx = db.begin().await?;
    repo::lock_org(&mut tx, into).await?;
    if !repo::is_approved(&mut tx, into).await? {
        return Err(AppError::Refused(crate::error::Refusal::OrgNotOpen));
    }
    let now = now_us();
    match checked {
        Checked::Volunteers(rows) => {
            let name = repo::name_of(&mut tx, into).await?;
            place_volunteers(&mut tx, (into, &name), by, &rows, now, &mut report).await?
        }
        Checked::Organisations(rows) => place_organisations(&mut tx, into, by, &rows, now, &mut report).await?,
    }
    // Problems found while writing come after those found while checking; the report lists rows in order.
    report.problems.sort_by_key(|p| p.line);
    if commit && report.problems.is_empty() {
        tx.commit().await?;
        report.committed = true;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

/// Row → profile form input, with list labels turned into codes.
fn profile_input(check: &mut RowCheck, cells: &[String]) -> ProfileInput {
    let (province, city, county) = check.region(cells, 11);
    let four_heads = if cells[16].trim().is_empty() { "none".to_owned() } else { check.choice(&FOUR_HEADS, cells, 16) };
    ProfileInput {
        real_name: cells[1].clone(),
        gender: cells[3].clone(),
        id_number: cells[4].clone(),
        political_status: check.choice(&POLITICAL_STATUS, cells, 5),
        ethnicity: check.choice(&ETHNICITY, cells, 6),
        work_unit: cells[7].clone(),
        title: check.choice(&TITLE, cells, 8),
        education: check.choice(&EDUCATION, cells, 9),
        occupation: check.choice(&OCCUPATION, cells, 10),
        province,
        city,
        county,
        service_categories: check.choices(&SERVICE_CATEGORY, cells, 14),
        service_fields: check.choices(&SERVICE_FIELD, cells, 15),
        four_heads,
        skills: String::new(),
        qualifications: String::new(),
    }
}

const PROFILE_COLUMNS: &[(&str, usize)] = &[
    ("real_name", 1),
    ("gender", 3),
    ("id_number", 4),
    ("political_status", 5),
    ("ethnicity", 6),
    ("work_unit", 7),
    ("title", 8),
    ("education", 9),
    ("occupation", 10),
    ("region", 11),
    ("service_categories", 14),
    ("service_fields", 15),
    ("four_heads", 16),
];

/// Rows that passed every check that needs no database.
enum Checked {
    Volunteers(Vec<VolunteerRow>),
    Organisations(Vec<(usize, ValidOrg)>),
}

struct VolunteerRow {
    mobile: Mobile,
    valid: ValidProfile,
}

fn check_volunteers(rows: &[SheetRow], report: &mut ImportReport) -> Vec<VolunteerRow> {
    let headers = ImportKind::Volunteers.headers();
    let mut checked = Vec::new();
    let today = crate::clock::today();
    let mut seen_phone: HashMap<String, usize> = HashMap::new();
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let mut check = RowCheck::new(row.line, headers);
        let mobile = check_mobile(&mut check, &row.cells[2], 2);
        let input = profile_input(&mut check, &row.cells);
        let valid = match input.validate(today) {
            Ok(valid) => Some(valid),
            Err(errors) => {
                check.fields(&errors, PROFILE_COLUMNS);
                None
            }
        };
        let (Some(mobile), Some(valid)) = (mobile, valid) else {
            report.problems.append(&mut check.problems);
            continue;
        };
        if let Some(first) = seen_phone.insert(mobile.as_str().to_owned(), row.line) {
            check.push(2, RowIssue::DuplicateInFile { first_line: first });
        }
        if let Some(first) = seen_id.insert(valid.id_number.as_str().to_owned(), row.line) {
            check.push(4, RowIssue::DuplicateInFile { first_line: first });
        }
        if check.problems.is_empty() {
            checked.push(VolunteerRow { mobile, valid });
        }
        report.problems.append(&mut check.problems);
    }
    checked
}

/// Rows whose existing accounts are looked up in one query (by phone, then by ID number).
const LOOKUP_BATCH: usize = 500;

/// Users or memberships inserted per statement (three bound values a row).
const INSERT_BATCH: usize = 300;

/// Places the rows [`LOOKUP_BATCH`] at a time: two queries find which rows match an account,
/// and the new people's accounts, profiles and memberships go in as multi-row INSERTs, so
/// PostgreSQL pays a round trip per batch rather than several per row. The rows of a file
/// differ in phone and ID number (checked before), so looking a whole batch up before writing
/// any of it finds what row-by-row placing would.
async fn place_volunteers(
    conn: &mut AnyConnection,
    into: (i64, &str),
    by: Option<i64>,
    rows: &[VolunteerRow],
    now: i64,
    report: &mut ImportReport,
) -> Result<(), AppError> {
    for chunk in rows.chunks(LOOKUP_BATCH) {
        let by_phone =
            users_by(conn, "SELECT id, mobile AS k FROM users WHERE mobile", chunk, |r| r.mobile.as_str()).await?;
        let by_id = users_by(conn, "SELECT user_id AS id, id_number AS k FROM profiles WHERE id_number", chunk, |r| {
            r.valid.id_number.as_str()
        })
        .await?;
        let mut fresh = Vec::with_capacity(chunk.len());
        for row in chunk {
            let by_phone = by_phone.get(row.mobile.as_str()).copied();
            let by_id = by_id.get(row.valid.id_number.as_str()).copied();
            if by_phone.is_some() || by_id.is_some() {
                invite_matched(conn, into, by, by_phone, by_id, now).await?;
                report.invited += 1;
            } else {
                fresh.push(row);
            }
        }
        create_volunteers(conn, into.0, &fresh, now, report).await?;
    }
    Ok(())
}

/// The accounts whose `key(row)` column (named `k` in `select`, which ends before `IN`) is one of
/// the rows', keyed by that value.
async fn users_by(
    conn: &mut AnyConnection,
    select: &str,
    rows: &[VolunteerRow],
    key: impl Fn(&VolunteerRow) -> &str,
) -> Result<HashMap<String, i64>, AppError> {
    let marks: Vec<String> = (1..=rows.len()).map(|i| format!("${i}")).collect();
    let sql = format!("{select} IN ({})", marks.join(", "));
    let mut q = sqlx::query(&sql);
    for row in rows {
        q = q.bind(key(row));
    }
    let mut found = HashMap::new();
    for r in q.fetch_all(&mut *conn).await? {
        found.insert(r.try_get::<String, _>("k")?, r.try_get::<i64, _>("id")?);
    }
    Ok(found)
}

/// A row that matches an existing account — by phone, by ID number, or each to a different
/// person — writes nothing onto any account and enrols nobody: every account it matched is
/// invited (they alone decide), and the report counts the row as invited however it matched,
/// so it never tells whether the phone number and the ID number belong together. The
/// invitation names only the organisation, so nobody learns the row's other cells.
async fn invite_matched(
    conn: &mut AnyConnection,
    into: (i64, &str),
    by: Option<i64>,
    by_phone: Option<i64>,
    by_id: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    for user in by_phone.into_iter().chain(by_id.filter(|i| by_phone != Some(*i))) {
        invitations::invite(conn, into, user, by, now).await?;
    }
    Ok(())
}

/// Rows that matched no account: creates each person with their profile and enrols them.
async fn create_volunteers(
    conn: &mut AnyConnection,
    into: i64,
    rows: &[&VolunteerRow],
    now: i64,
    report: &mut ImportReport,
) -> Result<(), AppError> {
    // Accounts, many per statement. A generated volunteer number that is taken (or a phone
    // registered since the lookup) skips its row; those few go through `find_or_create_on`.
    let mut user_of: HashMap<&str, i64> = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_BATCH) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("(${}, ${}, 0, 'active', $1, $1)", 2 * i + 2, 2 * i + 3)).collect();
        let sql = format!(
            "INSERT INTO users (volunteer_no, mobile, is_platform_admin, status, created_at, updated_at)
             VALUES {} ON CONFLICT DO NOTHING RETURNING id, mobile",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(now);
        for row in chunk {
            q = q.bind(new_volunteer_no()).bind(row.mobile.as_str());
        }
        let mobiles: HashMap<&str, &str> = chunk.iter().map(|row| (row.mobile.as_str(), row.mobile.as_str())).collect();
        for r in q.fetch_all(&mut *conn).await? {
            let mobile: String = r.try_get("mobile")?;
            if let Some(key) = mobiles.get(mobile.as_str()) {
                user_of.insert(key, r.try_get("id")?);
            }
        }
    }
    // Inserted above: new accounts, members of nothing yet. The rest may have been found.
    let mut new_people = Vec::with_capacity(rows.len());
    let mut others = Vec::new();
    for row in rows {
        match user_of.get(row.mobile.as_str()) {
            Some(user) => new_people.push((*user, &row.valid)),
            None => others.push((find_or_create_on(conn, &row.mobile, now).await?, &row.valid)),
        }
    }
    let people: Vec<(i64, &ValidProfile)> = new_people.iter().chain(others.iter()).copied().collect();
    crate::volunteers::repo::save_many_on(conn, &people, now).await?;
    let memberships = enrol(conn, into, &people, now).await?;
    report.created += people.len();
    // A new account has no other membership, so it adds one to the organisation and to each
    // ancestor; anyone else is counted as a single join would be.
    counts::joined_new(conn, into, new_people.len() as i64).await?;
    for (user, _) in &others {
        if let Some(id) = memberships.get(user) {
            counts::joined(conn, *user, into, *id).await?;
        }
    }
    Ok(())
}

/// Active memberships of `people` in `into`, [`INSERT_BATCH`] per statement; their ids by user.
async fn enrol(
    conn: &mut AnyConnection,
    into: i64,
    people: &[(i64, &ValidProfile)],
    now: i64,
) -> Result<HashMap<i64, i64>, AppError> {
    let mut ids = HashMap::with_capacity(people.len());
    for chunk in people.chunks(INSERT_BATCH) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("($1, ${}, 'active', 'import', $2, $2, $2)", i + 3)).collect();
        let sql = format!(
            "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
             VALUES {} RETURNING id, user_id",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(into).bind(now);
        for (user, _) in chunk {
            q = q.bind(*user);
        }
        for r in q.fetch_all(&mut *conn).await? {
            ids.insert(r.try_get::<i64, _>("user_id")?, r.try_get::<i64, _>("id")?);
        }
    }
    Ok(ids)
}

fn check_mobile(check: &mut RowCheck, cell: &str, column: usize) -> Option<Mobile> {
    match Mobile::parse(cell) {
        Ok(m) => Some(m),
        Err(invalid) => {
            check.invalid(column, invalid);
            None
        }
    }
}

/// "张三\n13710986743", "张三 13710986743" or "张三13710986743" → (name, mobile).
pub fn split_admin_cell(cell: &str) -> Option<(String, String)> {
    let digits_start = cell.char_indices().find(|(_, c)| c.is_ascii_digit() || *c == '+').map(|(i, _)| i)?;
    let (name, phone) = cell.split_at(digits_start);
    let name = name.trim().trim_end_matches([',', '，', '、', ':', '：', '/']).trim();
    (!name.is_empty() && !phone.trim().is_empty()).then(|| (name.to_owned(), phone.trim().to_owned()))
}

const ORG_COLUMNS: &[(&str, usize)] = &[
    ("name", 1),
    ("contact_name", 2),
    ("contact_mobile", 2),
    ("civil_registered", 3),
    ("supervisor_type", 4),
    ("supervisor_name", 5),
    ("founded_on", 6),
    ("service_categories", 7),
    ("region", 8),
    ("leader_name", 11),
    ("leader_title", 12),
    ("leader_unit", 13),
    ("leader_phone", 14),
];

fn check_organisations(
    policy: &Policy,
    into: i64,
    level: u32,
    rows: &[SheetRow],
    report: &mut ImportReport,
) -> Vec<(usize, ValidOrg)> {
    let headers = ImportKind::Organisations.headers();
    let mut checked = Vec::new();
    let level_name = policy.level_names.name(level);
    let today = crate::clock::today();
    let mut seen_name: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let cells = &row.cells;
        let mut check = RowCheck::new(row.line, headers);
        let (contact_name, contact_mobile) = split_admin_cell(&cells[2]).unwrap_or_default();
        if contact_name.is_empty() {
            check.push(2, RowIssue::AdminCell);
        }
        let (province, city, county) = check.region(cells, 8);
        let input = OrgInput {
            name: cells[1].clone(),
            parent_id: Some(into),
            contact_name,
            contact_mobile,
            civil_registered: check.choice(&YES_NO, cells, 3),
            supervisor_type: check.choice(&SUPERVISOR_TYPE, cells, 4),
            supervisor_name: cells[5].clone(),
            founded_on: cells[6].clone(),
            service_categories: check.choices(&SERVICE_CATEGORY, cells, 7),
            province,
            city,
            county,
            leader_name: cells[11].clone(),
            leader_title: cells[12].clone(),
            leader_unit: cells[13].clone(),
            leader_phone: cells[14].clone(),
            ..OrgInput::default()
        };
        let valid = match input.validate_with(level, level_name, today, false) {
            Ok(valid) => Some(valid),
            Err(errors) => {
                check.fields(&errors, ORG_COLUMNS);
                None
            }
        };
        let Some(valid) = valid.filter(|_| check.problems.is_empty()) else {
            report.problems.append(&mut check.problems);
            continue;
        };
        if let Some(first) = seen_name.insert(valid.name.clone(), row.line) {
            check.push(1, RowIssue::DuplicateInFile { first_line: first });
            report.problems.append(&mut check.problems);
            continue;
        }
        checked.push((row.line, valid));
    }
    checked
}

async fn place_organisations(
    conn: &mut AnyConnection,
    into: i64,
    by: Option<i64>,
    rows: &[(usize, ValidOrg)],
    now: i64,
    report: &mut ImportReport,
) -> Result<(), AppError> {
    // The importing staff member and their own number: the only admin an import may make.
    let importer: Option<(i64, String)> = match by {
        Some(uid) => sqlx::query_scalar("SELECT mobile FROM users WHERE id = $1")
            .bind(uid)
            .fetch_optional(&mut *conn)
            .await?
            .map(|mobile| (uid, mobile)),
        None => None,
    };
    for (line, valid) in rows {
        let mut check = RowCheck::new(*line, ImportKind::Organisations.headers());
        let taken = sqlx::query("SELECT 1 AS hit FROM organisations WHERE name = $1")
            .bind(&valid.name)
            .fetch_optional(&mut *conn)
            .await?;
        if taken.is_some() {
            check.invalid(1, Invalid::OrgNameTaken);
            report.problems.append(&mut check.problems);
            continue;
        }
        let new = repo::NewOrg {
            name: &valid.name,
            parent_id: Some(into),
            status: "approved",
            province: &valid.province,
            city: &valid.city,
            county: &valid.county,
        };
        let id = repo::insert_on(conn, &new, now).await?;
        repo::write_details(conn, id, valid, None).await?;
        if let Some((uid, _)) = importer.as_ref().filter(|(_, own)| own == valid.contact_mobile.as_str()) {
            repo::set_staff_on(conn, id, *uid, OrgRole::Admin, now).await?;
        }
        report.created += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_admin_cell;

    #[test]
    fn admin_cell_shapes() {
        let want = Some(("张三".to_owned(), "13710986743".to_owned()));
        assert_eq!(split_admin_cell("张三\n13710986743"), want);
        assert_eq!(split_admin_cell("张三 13710986743"), want);
        assert_eq!(split_admin_cell("张三，13710986743"), want);
        assert_eq!(split_admin_cell("张三13710986743"), want);
        assert_eq!(split_admin_cell("13710986743"), None);
        assert_eq!(split_admin_cell("张三"), None);
    }
}
