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
    let result = sqlx::query(
        "INSERT INTO profiles (user_id, real_name, gender, id_number, birth_date, political_status, ethnicity,
             work_unit, title, education, occupation, province, city, county, service_categories, service_fields,
             four_heads, skills, qualifications, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
         ON CONFLICT (user_id) DO UPDATE SET
             real_name = excluded.real_name, gender = excluded.gender, id_number = excluded.id_number,
             birth_date = excluded.birth_date, political_status = excluded.political_status,
             ethnicity = excluded.ethnicity, work_unit = excluded.work_unit, title = excluded.title,
             education = excluded.education, occupation = excluded.occupation, province = excluded.province,
             city = excluded.city, county = excluded.county, service_categories = excluded.service_categories,
             service_fields = excluded.service_fields, four_heads = excluded.four_heads, skills = excluded.skills,
             qualifications = excluded.qualifications, updated_at = excluded.updated_at",
    )
    .bind(uid)
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
    .bind(&p.province)
    .bind(&p.city)
    .bind(&p.county)
    .bind(join(&p.service_categories))
    .bind(join(&p.service_fields))
    .bind(p.four_heads)
    .bind(p.skills.clone())
    .bind(p.qualifications.clone())
    .bind(now)
    .execute(&mut *conn)
    .await;
    match result {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Err(AppError::field("id_number", Invalid::IdTaken)),
        Err(e) => Err(e.into()),
    }
}
