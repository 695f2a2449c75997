//! The roster's multi-choice filters (issue 14) ask `profile_choices`, which every write of a
//! profile keeps in step with the profile's comma-joined lists: profile edits, imports (one of
//! them spanning several write batches, with matched rows in a later batch), and a dry run
//! that writes nothing. The filters must return exactly the people whose stored list holds the
//! code, in both reading orders, with the count agreeing.
use crate::common;

use app::codes::{SERVICE_CATEGORY, SERVICE_FIELD};
use app::orgs::import::{run::import, ImportKind, ImportReport};
use app::orgs::roster::ssr::{count, page_planned};
use app::orgs::views::{RosterPage, RosterQuery};
use app::state::Policy;
use app::volunteers::model::ProfileInput;
use common::orgs::{row, team_with_admin};
use common::{spawn_app, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;

const ADMIN: &str = "13855550001";

/// The volunteer numbers `query` lists (every page at once), sorted; both reading orders and
/// the count must agree on them.
async fn listed(app: &TestApp, query: RosterQuery) -> Vec<String> {
    let narrow = page_planned(&app.db, &query, 10_000, Some(false)).await.unwrap();
    let wide = page_planned(&app.db, &query, 10_000, Some(true)).await.unwrap();
    assert_eq!(narrow, wide, "both reading orders of {query:?}");
    let mut numbers: Vec<String> = wide.rows.iter().map(|r| r.volunteer_no.clone()).collect();
    numbers.sort();
    assert_eq!(count(&app.db, &query).await.unwrap() as usize, numbers.len(), "count of {query:?}");
    numbers
}

/// The active members of the database whose stored text list `column` holds `code`, decided
/// here from the text, not by the query under test.
async fn holding(app: &TestApp, column: &str, code: &str) -> Vec<String> {
    let rows = sqlx::query(&format!(
        "SELECT DISTINCT u.volunteer_no, p.{column} AS list FROM users u JOIN profiles p ON p.user_id = u.id
         JOIN memberships m ON m.user_id = u.id AND m.status = 'active'"
    ))
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let mut numbers: Vec<String> = rows
        .iter()
        .filter(|r| r.try_get::<String, _>("list").unwrap().split(',').any(|c| c == code))
        .map(|r| r.try_get("volunteer_no").unwrap())
        .collect();
    numbers.sort();
    numbers
}

/// Every category and field filter over `org` lists exactly who holds the code; returns how
/// many each category filter listed, so callers can pin the numbers.
async fn assert_filters_exact(app: &TestApp, org: i64) -> Vec<usize> {
    let mut sizes = Vec::new();
    for item in SERVICE_CATEGORY.items {
        let got = listed(app, RosterQuery { org_id: org, category: item.code.into(), ..Default::default() }).await;
        assert_eq!(got, holding(app, "service_categories", item.code).await, "category {}", item.code);
        sizes.push(got.len());
    }
    for item in SERVICE_FIELD.items {
        let got = listed(app, RosterQuery { org_id: org, field: item.code.into(), ..Default::default() }).await;
        assert_eq!(got, holding(app, "service_fields", item.code).await, "field {}", item.code);
    }
    sizes
}

/// The choice rows equal the text lists, profile by profile.
async fn assert_choices_match_lists(app: &TestApp) {
    let mut from_lists: Vec<(i64, String, String)> = Vec::new();
    for r in sqlx::query("SELECT user_id, service_categories, service_fields FROM profiles")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
    {
        let user: i64 = r.try_get("user_id").unwrap();
        for kind in ["service_categories", "service_fields"] {
            for code in r.try_get::<String, _>(kind).unwrap().split(',').filter(|c| !c.is_empty()) {
                from_lists.push((user, kind.to_owned(), code.to_owned()));
            }
        }
    }
    from_lists.sort();
    let stored: Vec<(i64, String, String)> =
        sqlx::query("SELECT user_id, kind, code FROM profile_choices ORDER BY user_id, kind, code")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get("user_id").unwrap(), r.try_get("kind").unwrap(), r.try_get("code").unwrap()))
            .collect();
    assert_eq!(stored, from_lists);
}

async fn assert_counts_consistent(app: &TestApp) {
    let pairs = |sql: &'static str| async move {
        sqlx::query(sql)
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get::<i64, _>("org_id").unwrap(), r.try_get::<i64, _>("members").unwrap()))
            .collect::<Vec<_>>()
    };
    let kept = pairs("SELECT org_id, members FROM org_member_counts WHERE members <> 0 ORDER BY org_id").await;
    let counted = pairs(
        "SELECT c.ancestor_id AS org_id, COUNT(DISTINCT m.user_id) AS members FROM org_closure c
         JOIN memberships m ON m.org_id = c.descendant_id AND m.status = 'active' GROUP BY c.ancestor_id ORDER BY c.ancestor_id",
    )
    .await;
    assert_eq!(kept, counted);
}

/// A sheet row with the given category and field labels (list labels, as people type them).
fn row_with(n: usize, mobile: &str, birth: &str, seq: usize, categories: &[usize], fields: &[usize]) -> Vec<String> {
    let id = server::seed::id_with_check(&format!("320412{birth}{seq:03}")).unwrap();
    let mut cells = row(&format!("导入{}", common::chinese_digits(&format!("{n}"))), mobile, &id);
    cells[0] = n.to_string();
    cells[14] = categories.iter().map(|i| SERVICE_CATEGORY.items[*i].zh).collect::<Vec<_>>().join("、");
    cells[15] = fields.iter().map(|i| SERVICE_FIELD.items[*i].zh).collect::<Vec<_>>().join("、");
    cells
}

async fn run_import(app: &TestApp, org: i64, rows: &[Vec<String>], commit: bool) -> ImportReport {
    let file = app::sheets::write_csv(app::codes::VOLUNTEER_HEADERS, rows);
    import(&app.db, &Policy::default(), ImportKind::Volunteers, org, None, "名单.csv", &file, commit).await.unwrap()
}

async fn people(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap()
}

#[tokio::test]
async fn category_and_field_filters_follow_profile_edits_and_imports() {
    let app = spawn_app().await;
    let team = team_with_admin(&app, ADMIN).await;
    let admin = app.person(ADMIN).await;
    // Three members who signed up themselves: each lists category 0 and field 0 (the fixture).
    let mut clients = Vec::new();
    for (i, mobile) in ["13955550011", "13955550012", "13955550013"].into_iter().enumerate() {
        let v = volunteer(&app, mobile, &format!("1985030{}", i + 1), i % 2 == 0).await;
        let m: i64 = app.call_as(&v, "orgs/apply", &[("org_id", &team.to_string())]).await.unwrap();
        app.call_as::<()>(
            &admin,
            "orgs/decide-application",
            &[("membership_id", m.to_string().as_str()), ("approve", "true"), ("reason", "")],
        )
        .await
        .unwrap();
        clients.push(v);
    }
    assert_eq!(SERVICE_CATEGORY.items[0].code, "tech_training", "the fixture's category");
    assert_eq!(assert_filters_exact(&app, team).await[..4], [3, 0, 0, 0]);

    // Edits: the first moves to categories 2 and 3 and field 1; the second adds category 1.
    let edit = |client: &reqwest::Client, categories: &[usize], fields: &[usize]| {
        let app = &app;
        let client = client.clone();
        let categories: Vec<String> = categories.iter().map(|i| SERVICE_CATEGORY.items[*i].code.to_owned()).collect();
        let fields: Vec<String> = fields.iter().map(|i| SERVICE_FIELD.items[*i].code.to_owned()).collect();
        async move {
            let mut p: ProfileInput =
                app.call_as::<Option<ProfileInput>>(&client, "volunteers/my-profile", &[]).await.unwrap().unwrap();
            p.service_categories = categories;
            p.service_fields = fields;
            app.call_json_as::<()>(&client, "volunteers/save-profile", json!({ "input": p })).await.unwrap();
        }
    };
    edit(&clients[0], &[2, 3], &[1]).await;
    edit(&clients[1], &[0, 1], &[0]).await;
    assert_eq!(assert_filters_exact(&app, team).await[..4], [2, 1, 1, 1]);
    assert_choices_match_lists(&app).await;

    // An import: two new people, and a row with the third member's phone, which invites them
    // and changes nothing of theirs. A dry run first writes no choice rows.
    let third_mobile = "13955550013";
    let rows = vec![
        row_with(1, "13955550101", "19900101", 24, &[2, 1], &[3]),
        row_with(2, "13955550102", "19900102", 13, &[3], &[0, 1]),
        row_with(3, third_mobile, "19900103", 24, &[1], &[3]),
    ];
    let dry = run_import(&app, team, &rows, false).await;
    assert_eq!((dry.committed, dry.created, dry.invited), (false, 2, 1), "{dry:?}");
    assert_eq!(assert_filters_exact(&app, team).await[..4], [2, 1, 1, 1], "a dry run changes nothing");
    let done = run_import(&app, team, &rows, true).await;
    assert_eq!((done.committed, done.created, done.invited), (true, 2, 1), "{done:?}");
    assert_eq!(assert_filters_exact(&app, team).await[..4], [2, 2, 2, 2]);
    // From the corps above as well, and through the server function.
    let corps: i64 = sqlx::query("SELECT parent_id FROM organisations WHERE id = $1")
        .bind(team)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("parent_id")
        .unwrap();
    let field = SERVICE_FIELD.items[3].code;
    let page: RosterPage =
        app.call_json_as(&admin, "orgs/roster", json!({ "query": { "org_id": team, "field": field } })).await.unwrap();
    let mut names: Vec<String> = page.rows.iter().map(|r| r.real_name.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["导入一".to_owned()]);
    assert_eq!(
        listed(&app, RosterQuery { org_id: corps, field: field.into(), ..Default::default() }).await,
        holding(&app, "service_fields", field).await
    );
    assert_choices_match_lists(&app).await;
    assert_counts_consistent(&app).await;
}

#[tokio::test]
async fn a_large_import_writes_in_batches_and_matches_rows_in_every_batch() {
    let app = spawn_app().await;
    let team = team_with_admin(&app, ADMIN).await;
    let first: Vec<Vec<String>> =
        (0..3).map(|i| row_with(i + 1, &format!("1396666{:04}", 9000 + i), "19700101", 100 + i, &[1], &[1])).collect();
    let done = run_import(&app, team, &first, true).await;
    assert_eq!((done.committed, done.created), (true, 3), "{done:?}");
    let before = people(&app).await;

    // 620 rows cross every batch size; rows 10 and 560 carry earlier people's phone or ID number.
    let mut rows: Vec<Vec<String>> =
        (0..620).map(|i| row_with(i + 1, &format!("1396666{i:04}"), "19800101", i, &[i % 4], &[i % 3])).collect();
    rows[10][2] = first[0][2].clone();
    rows[560][4] = first[1][4].clone();
    rows[560][3] = first[1][3].clone();
    let dry = run_import(&app, team, &rows, false).await;
    assert!(dry.problems.is_empty(), "{:?}", dry.problems.first());
    assert_eq!((dry.committed, dry.created, dry.invited), (false, 618, 2));
    assert_eq!(people(&app).await, before, "a dry run writes nothing");
    assert_eq!(count(&app.db, &RosterQuery { org_id: team, ..Default::default() }).await.unwrap(), 3);

    // A bad row anywhere refuses the whole file.
    let mut bad = rows.clone();
    bad[600][2] = "1234".into();
    let refused = run_import(&app, team, &bad, true).await;
    assert!(!refused.committed && refused.problems.len() == 1, "{refused:?}");
    assert_eq!(people(&app).await, before, "a refused file writes nothing");

    let done = run_import(&app, team, &rows, true).await;
    assert_eq!((done.committed, done.created, done.invited), (true, 618, 2), "{:?}", done.problems.first());
    assert_eq!(people(&app).await, before + 618);
    assert_eq!(count(&app.db, &RosterQuery { org_id: team, ..Default::default() }).await.unwrap(), 621);
    let invitations: i64 = sqlx::query("SELECT COUNT(*) AS n FROM invitations WHERE org_id = $1")
        .bind(team)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(invitations, 0, "people already members of the team are not invited again");
    // Every new person has their profile, one active membership and their choice rows.
    let members_without_profile: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM memberships m WHERE m.org_id = $1 AND m.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.user_id = m.user_id)",
    )
    .bind(team)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(members_without_profile, 0);
    let sizes = assert_filters_exact(&app, team).await;
    assert_eq!(
        sizes[..4],
        [154, 158, 154, 155],
        "155 rows each, but for rows 10 (2) and 560 (0), plus the first three (1)"
    );
    assert_choices_match_lists(&app).await;
    assert_counts_consistent(&app).await;
}
