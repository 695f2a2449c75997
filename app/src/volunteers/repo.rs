//! The `profiles` table.
use crate::db::{is_unique_violation, Db};
use crate::error::AppError;
use crate::validation::Invalid;
use crate::volunteers::model::{ProfileInput, ValidProfile};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Multi-choice codes are stored comma-joined in list order.
fn join(codes: &[&str]) -> String {
    codes.join(",")
}

fn split(stored: &str) -> Vec<String> {
    stored.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

pub const PROFILE_COLUMNS: &str = "real_name, gender, id_number, political_status, ethnicity, work_unit, title, \
     education, occupation, province, city, county, service_categories, service_fields, four_heads, skills, qualifications";

pub fn input_from_row(row: &AnyRow) -> Result<ProfileInput, sqlx::Error> {
    let opt = |c: &str| -> Result<String, sqlx::Error> { Ok(row.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
    Ok(ProfileInput {
        real_name: row.try_get("real_name")?,
        gender: row.try_get("gender")?,
        id_number: row.try_get("id_number")?,
        political_status: row.try_get("political_status")?,
        ethnicity: row.try_get("ethnicity")?,
        work_unit: opt("work_unit")?,
        title: row.try_get("title")?,
        education: row.try_get("education")?,
        occupation: row.try_get("occupation")?,
        province: row.try_get("province")?,
        city: row.try_get("city")?,
        county: row.try_get("county")?,
        service_categories: split(&row.try_get::<String, _>("service_categories")?),
        service_fields: split(&row.try_get::<String, _>("service_fields")?),
        four_heads: row.try_get("four_heads")?,
        skills: opt("skills")?,
        qualifications: opt("qualifications")?,
    })
}

pub async fn load(db: &Db, uid: i64) -> Result<Option<ProfileInput>, AppError> {
    let row = sqlx::query(&format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE user_id = $1"))
        .bind(uid)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.as_ref().map(input_from_row).transpose()?)
}

/// Creates or replaces the profile. An ID number already on another account is refused on the
/// field (the unique index decides, so two racing registrations cannot both win).
pub async fn save(db: &Db, uid: i64, p: &ValidProfile, now: i64) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    save_on(&mut conn, uid, p, now).await
}

/// [`save`] on the caller's connection, inside its transaction (collective registration).
pub async fn save_on(conn: &mut sqlx::AnyConnection, uid: i64, p: &ValidProfile, now: i64) -> Result<(), AppError> {
    save_many_on(conn, &[(uid, p)], now).await
}

/// Profile columns bound per row by [`save_many_on`] (created_at and updated_at share one).
const BOUND_PER_ROW: usize = 20;

/// Rows per statement in [`save_many_on`]: 1,000 bound values, far under both engines' limits
/// (SQLite's binding cost grows with the square of a statement's parameter count).
pub const SAVE_BATCH: usize = 50;

/// [`save_on`] for many people, [`SAVE_BATCH`] rows per statement (the import: one round trip
/// per 50 profiles instead of one per profile on PostgreSQL). The user ids must differ.
pub async fn save_many_on(
    conn: &mut sqlx::AnyConnection,
    rows: &[(i64, &ValidProfile)],
    now: i64,
) -> Result<(), AppError> {
    for chunk in rows.chunks(SAVE_BATCH) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * BOUND_PER_ROW;
                let marks: Vec<String> = (1..=BOUND_PER_ROW).map(|k| format!("${}", b + k)).collect();
                format!("({}, ${})", marks.join(", "), b + BOUND_PER_ROW)
            })
            .collect();
        let sql = format!(
            "INSERT INTO profiles (user_id, real_name, gender, id_number, birth_date, political_status, ethnicity,
                 work_unit, title, education, occupation, province, city, county, service_categories, service_fields,
                 four_heads, skills, qualifications, created_at, updated_at)
             VALUES {}
             ON CONFLICT (user_id) DO UPDATE SET
                 real_name = excluded.real_name, gender = excluded.gender, id_number = excluded.id_number,
                 birth_date = excluded.birth_date, political_status = excluded.political_status,
                 ethnicity = excluded.ethnicity, work_unit = excluded.work_unit, title = excluded.title,
                 education = excluded.education, occupation = excluded.occupation, province = excluded.province,
                 city = excluded.city, county = excluded.county, service_categories = excluded.service_categories,
                 service_fields = excluded.service_fields, four_heads = excluded.four_heads, skills = excluded.skills,
                 qualifications = excluded.qualifications, updated_at = excluded.updated_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (uid, p) in chunk {
            q = q
                .bind(*uid)
                .bind(p.real_name.as_str())
                .bind(p.gender.code())
                .bind(p.id_number.as_str())
                .bind(p.id_number.birth_date().format("%Y-%m-%d").to_string())
                .bind(p.political_status)
                .bind(p.ethnicity)
                .bind(p.work_unit.clone())
                .bind(p.title)
                .bind(p.education)
                .bind(p.occupation)
                .bind(p.province.as_str())
                .bind(p.city.as_str())
                .bind(p.county.as_str())
                .bind(join(&p.service_categories))
                .bind(join(&p.service_fields))
                .bind(p.four_heads)
                .bind(p.skills.clone())
                .bind(p.qualifications.clone())
                .bind(now);
        }
        let result = q.execute(&mut *conn).await;
        match result {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Err(AppError::field("id_number", Invalid::IdTaken)),
            Err(e) => return Err(e.into()),
        }
        save_choices(conn, chunk).await?;
    }
    Ok(())
}

/// The multi-choice lists kept row by row in `profile_choices` (what the roster filters by).
const CHOICE_LISTS: [&str; 2] = ["service_categories", "service_fields"];

/// Choice rows per INSERT (three bound values each).
const CHOICE_BATCH: usize = 300;

/// Replaces the `profile_choices` rows of the people in `rows` by their profiles' lists.
async fn save_choices(conn: &mut sqlx::AnyConnection, rows: &[(i64, &ValidProfile)]) -> Result<(), AppError> {
    let marks: Vec<String> = (1..=rows.len()).map(|i| format!("${i}")).collect();
    let sql = format!("DELETE FROM profile_choices WHERE user_id IN ({})", marks.join(", "));
    let mut q = sqlx::query(&sql);
    for (uid, _) in rows {
        q = q.bind(*uid);
    }
    q.execute(&mut *conn).await?;
    let choices: Vec<(i64, &str, &str)> = rows
        .iter()
        .flat_map(|(uid, p)| {
            let lists = [&p.service_categories, &p.service_fields];
            CHOICE_LISTS
                .into_iter()
                .zip(lists)
                .flat_map(move |(kind, codes)| codes.iter().map(move |c| (*uid, kind, *c)))
        })
        .collect();
    for chunk in choices.chunks(CHOICE_BATCH) {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect();
        let sql = format!(
            "INSERT INTO profile_choices (user_id, kind, code) VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for (uid, kind, code) in chunk {
            q = q.bind(*uid).bind(*kind).bind(*code);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}
