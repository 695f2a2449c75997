//! Server functions for the real-name profile and personal data rights (F-03, F-05, F-06).
use crate::error::AppError;
use crate::volunteers::model::{ProfileInput, VolunteerCard};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{audit, clock, db::now_us, http, state::app_state, volunteers::repo};

/// The signed-in person's own profile, unmasked (it is theirs), or `None` before it is filled in.
#[server(endpoint = "volunteers/my-profile")]
pub async fn my_profile() -> Result<Option<ProfileInput>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    repo::load(&state.db, uid).await
}

/// Saves the signed-in person's profile after the same checks the form ran.
#[server(endpoint = "volunteers/save-profile", input = Json)]
pub async fn save_my_profile(input: ProfileInput) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let valid = input.validate(clock::today())?;
    repo::save(&state.db, uid, &valid, now_us()).await
}

#[cfg(feature = "ssr")]
async fn card(
    state: &crate::state::AppState,
    volunteer_no: &str,
    unmasked: bool,
) -> Result<(i64, VolunteerCard), AppError> {
    use crate::accounts::mobile::Mobile;
    use crate::volunteers::id_number::IdNumber;
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT u.id, u.volunteer_no, u.mobile, p.real_name, p.gender, p.id_number, p.province, p.city, p.county,
                p.service_categories, p.skills
         FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.volunteer_no = $1 AND u.status <> 'closed'",
    )
    .bind(volunteer_no)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let mobile: String = row.try_get("mobile")?;
    let id_number: Option<String> = row.try_get("id_number")?;
    let county: Option<String> = row.try_get("county")?;
    let city: Option<String> = row.try_get("city")?;
    let region_code = county.filter(|c| !c.is_empty()).or(city);
    let card = VolunteerCard {
        volunteer_no: row.try_get("volunteer_no")?,
        real_name: row.try_get("real_name")?,
        gender: row.try_get("gender")?,
        mobile: if unmasked { mobile.clone() } else { Mobile::parse(&mobile).map(|m| m.masked()).unwrap_or_default() },
        id_number: id_number.map(|id| {
            if unmasked {
                id
            } else {
                IdNumber::parse(&id).map(|n| n.masked()).unwrap_or_default()
            }
        }),
        region: region_code.and_then(|c| crate::regions::full_name(&c)),
        service_categories: row
            .try_get::<Option<String>, _>("service_categories")?
            .map(|s| s.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default(),
        skills: row.try_get("skills")?,
        unmasked,
    };
    Ok((row.try_get("id")?, card))
}

/// Who may look at a volunteer's card: the person, platform admins, and staff of an
/// organisation whose subtree the person belongs (or belonged) to.
#[cfg(feature = "ssr")]
async fn may_view(state: &crate::state::AppState, actor: i64, subject: i64) -> Result<bool, AppError> {
    use crate::scope;
    Ok(actor == subject
        || scope::is_platform_admin(&state.db, actor).await?
        || scope::manages_person(&state.db, actor, subject).await?)
}

/// A volunteer's card with identifiers masked.
#[server(endpoint = "volunteers/card")]
pub async fn get_volunteer_card(volunteer_no: String) -> Result<VolunteerCard, AppError> {
    let state = app_state()?;
    let actor = http::require_uid().await?;
    let (subject, card) = card(&state, volunteer_no.trim(), false).await?;
    if !may_view(&state, actor, subject).await? {
        return Err(AppError::Forbidden);
    }
    Ok(card)
}

/// The same card unmasked. Anyone but the owner leaves an audit entry first: no entry, no data.
#[server(endpoint = "volunteers/reveal")]
pub async fn reveal_volunteer(volunteer_no: String) -> Result<VolunteerCard, AppError> {
    let state = app_state()?;
    let actor = http::require_uid().await?;
    let (subject, card) = card(&state, volunteer_no.trim(), true).await?;
    if !may_view(&state, actor, subject).await? {
        return Err(AppError::Forbidden);
    }
    if actor != subject {
        let client = http::client_addr(&state.policy).await;
        audit::record(&state.db, actor, "reveal_personal_data", Some(subject), "mobile,id_number", &client).await?;
    }
    Ok(card)
}
