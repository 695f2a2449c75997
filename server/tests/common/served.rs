//! Service hours inserted straight into the database: an ended activity of `org_id`, its
//! service record and one hours line, for tests of what reads hours (the roster, my hours,
//! certificates) without going through check-in and closing.
use super::TestApp;
use app::db::now_us;

/// One hour in stored microseconds.
pub const HOUR_US: i64 = 3_600_000_000;

/// An hours line of `minutes` (weighted the same) for `user_id` in a new activity of `org_id`
/// that ended a day ago; returns the hours line's id.
pub async fn served(app: &TestApp, org_id: i64, user_id: i64, minutes: i64, status: &str) -> i64 {
    let now = now_us();
    let (starts, ends) = (now - 26 * HOUR_US, now - 24 * HOUR_US);
    let insert = |sql: &'static str| sqlx::query(sql);
    let activity: i64 = sqlx::Row::get(
        &insert(
            "INSERT INTO activities (org_id, status, title, category, content_form, mode, service_objects, content,
                 province, city, county, starts_at, ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at,
                 capacity, contact_name, contact_phone, created_at, updated_at, closed_at)
             VALUES ($1, 'published', '科普进社区', 'popular_science', 'lecture', 'offline', 'community', '讲座',
                 '32', '3204', '320412', $2, $3, $4, $2, $2, 10, '王老师', '13900000000', $4, $4, $5)
             RETURNING id",
        )
        .bind(org_id)
        .bind(starts)
        .bind(ends)
        .bind(starts - 7 * 24 * HOUR_US)
        .bind(now)
        .fetch_one(&app.db.pool)
        .await
        .expect("insert activity"),
        "id",
    );
    served_in(app, activity, user_id, minutes, status).await
}

/// An hours line of `minutes` for `user_id` in `activity` (its service record made if missing);
/// returns the hours line's id.
pub async fn served_in(app: &TestApp, activity: i64, user_id: i64, minutes: i64, status: &str) -> i64 {
    let now = now_us();
    let insert = |sql: &'static str| sqlx::query(sql);
    let a = insert("SELECT org_id, starts_at, ends_at FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&app.db.pool)
        .await
        .expect("the activity");
    let (org_id, starts, ends): (i64, i64, i64) =
        (sqlx::Row::get(&a, "org_id"), sqlx::Row::get(&a, "starts_at"), sqlx::Row::get(&a, "ends_at"));
    let existing = insert("SELECT id FROM service_records WHERE activity_id = $1")
        .bind(activity)
        .fetch_optional(&app.db.pool)
        .await
        .expect("service records");
    let record: i64 = match existing {
        Some(row) => sqlx::Row::get(&row, "id"),
        None => {
            let recorder: i64 = sqlx::Row::get(
                &insert("SELECT id FROM users ORDER BY id LIMIT 1").fetch_one(&app.db.pool).await.expect("a user"),
                "id",
            );
            sqlx::Row::get(
                &insert(
                    "INSERT INTO service_records (activity_id, org_id, activity_title, starts_at, ends_at, place,
                         service_objects, content, recorder_id, created_at, updated_at)
                     VALUES ($1, $2, '科普进社区', $3, $4, '常州市武进区', 'community', '讲座', $5, $6, $6) RETURNING id",
                )
                .bind(activity)
                .bind(org_id)
                .bind(starts)
                .bind(ends)
                .bind(recorder)
                .bind(now)
                .fetch_one(&app.db.pool)
                .await
                .expect("insert service record"),
                "id",
            )
        }
    };
    sqlx::Row::get(
        &insert(
            "INSERT INTO service_hours (record_id, activity_id, org_id, user_id, from_at, to_at, raw_minutes,
                 weighted_minutes, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $9) RETURNING id",
        )
        .bind(record)
        .bind(activity)
        .bind(org_id)
        .bind(user_id)
        .bind(starts)
        .bind(ends)
        .bind(minutes)
        .bind(status)
        .bind(now)
        .fetch_one(&app.db.pool)
        .await
        .expect("insert hours"),
        "id",
    )
}
