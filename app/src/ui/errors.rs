//! Turns error codes into sentences in the person's language. The only place that does, so the
//! browser's pre-submit check and the server's refusal read the same.
use crate::error::{AppError, CodeProblem, RateReason, Refusal};
use crate::i18n::*;
use crate::ui::fields::focus_first_error;
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The refusal a plain form post (without JavaScript) came back with in the address
/// (`?__err=`, how leptos returns a server function's error to a form), if any.
pub fn refusal_from_address() -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    crate::ui::light::query_param("__err").map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
}

/// [`refusal_from_address`] when the post was to the server function at `path` (`?__path=`),
/// for a page with more than one form.
pub fn refusal_for(path: &str) -> Option<AppError> {
    (crate::ui::light::query_param("__path").as_deref() == Some(path)).then(refusal_from_address).flatten()
}

pub fn invalid_text(i18n: I18nContext<Locale>, invalid: Invalid) -> String {
    invalid_text_in(i18n.get_locale(), invalid)
}

/// [`invalid_text`] for a given locale, outside any page (the import CLI prints these).
pub fn invalid_text_in(locale: Locale, invalid: Invalid) -> String {
    match invalid {
        Invalid::Required => td_string!(locale, errors.required).to_string(),
        Invalid::TooLong { max } => td_string!(locale, errors.too_long, max = max).to_string(),
        Invalid::TooShort { min } => td_string!(locale, errors.too_short, min = min).to_string(),
        Invalid::TooManyTerms { max } => td_string!(locale, errors.too_many_terms, max = max).to_string(),
        Invalid::MobileFormat => td_string!(locale, errors.mobile_format).to_string(),
        Invalid::SmsCodeFormat => td_string!(locale, errors.sms_code_format).to_string(),
        Invalid::IdFormat => td_string!(locale, errors.id_format).to_string(),
        Invalid::IdChecksum => td_string!(locale, errors.id_checksum).to_string(),
        Invalid::IdBirthDate => td_string!(locale, errors.id_birth_date).to_string(),
        Invalid::IdTooYoung { min_age } => td_string!(locale, errors.id_too_young, min_age = min_age).to_string(),
        Invalid::IdGenderMismatch => td_string!(locale, errors.id_gender_mismatch).to_string(),
        Invalid::IdTaken => td_string!(locale, errors.id_taken).to_string(),
        Invalid::MobileNoAccount => td_string!(locale, errors.mobile_no_account).to_string(),
        Invalid::RegionUnknown => td_string!(locale, errors.region_unknown).to_string(),
        Invalid::NotInList => td_string!(locale, errors.not_in_list).to_string(),
        Invalid::PasswordWeak => td_string!(locale, errors.password_weak).to_string(),
        Invalid::NameChars => td_string!(locale, errors.name_chars).to_string(),
        Invalid::OrgNamePattern => td_string!(locale, errors.org_name_pattern).to_string(),
        Invalid::OrgNameCorpsSuffix => td_string!(locale, errors.org_name_corps_suffix).to_string(),
        Invalid::OrgNameCorpsReserved => td_string!(locale, errors.org_name_corps_reserved).to_string(),
        Invalid::OrgNameForbiddenWord => td_string!(locale, errors.org_name_forbidden_word).to_string(),
        Invalid::OrgNameTaken => td_string!(locale, errors.org_name_taken).to_string(),
        Invalid::DateFormat => td_string!(locale, errors.date_format).to_string(),
        Invalid::DateInFuture => td_string!(locale, errors.date_in_future).to_string(),
        Invalid::NumberRange { min, max } => td_string!(locale, errors.number_range, min = min, max = max).to_string(),
        Invalid::PhoneFormat => td_string!(locale, errors.phone_format).to_string(),
        Invalid::DateTimeFormat => td_string!(locale, errors.datetime_format).to_string(),
        Invalid::EndsBeforeStart => td_string!(locale, errors.ends_before_start).to_string(),
        Invalid::SpanTooLong { max_days } => td_string!(locale, errors.span_too_long, max_days = max_days).to_string(),
        Invalid::SignupWindow => td_string!(locale, errors.signup_window).to_string(),
        Invalid::AfterStart => td_string!(locale, errors.after_start).to_string(),
        Invalid::InThePast => td_string!(locale, errors.in_the_past).to_string(),
        Invalid::AgeRange => td_string!(locale, errors.age_range).to_string(),
        Invalid::Coordinates => td_string!(locale, errors.coordinates).to_string(),
        Invalid::UrlFormat => td_string!(locale, errors.url_format).to_string(),
        Invalid::MustAccept => td_string!(locale, errors.must_accept).to_string(),
        Invalid::FileTooLarge { max_mb } => td_string!(locale, errors.file_too_large, max_mb = max_mb).to_string(),
        Invalid::SheetTooManyRows { max } => td_string!(locale, errors.sheet_too_many_rows, max = max).to_string(),
        Invalid::SheetTooManyColumns { max } => {
            td_string!(locale, errors.sheet_too_many_columns, max = max).to_string()
        }
        Invalid::FileExpandsTooMuch { max_mb } => {
            td_string!(locale, errors.file_expands_too_much, max_mb = max_mb).to_string()
        }
        Invalid::RangeOrder => td_string!(locale, errors.range_order).to_string(),
        Invalid::FileType => td_string!(locale, makeup.errors.file_type).to_string(),
        Invalid::MakeupOutsideSchedule => td_string!(locale, makeup.errors.outside_schedule).to_string(),
    }
}

fn minutes(seconds: u64) -> u64 {
    seconds.div_ceil(60)
}

/// A sentence for errors that are not about one field (those go under their fields).
pub fn error_text(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Invalid(errors) => {
            let count = errors.0.len();
            t_string!(i18n, common.error_summary, count = count).to_string()
        }
        AppError::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        AppError::Forbidden => t_string!(i18n, errors.forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::RateLimited { reason, retry_after_s } => {
            let seconds = *retry_after_s;
            let minutes = minutes(seconds);
            match reason {
                RateReason::ResendTooSoon => t_string!(i18n, errors.resend_too_soon, seconds = seconds).to_string(),
                RateReason::NumberHourly => t_string!(i18n, errors.number_hourly, minutes = minutes).to_string(),
                RateReason::ClientHourly => t_string!(i18n, errors.client_hourly, minutes = minutes).to_string(),
                RateReason::LoginAttempts => t_string!(i18n, errors.login_attempts, minutes = minutes).to_string(),
                RateReason::Imports => t_string!(i18n, errors.imports_hourly, minutes = minutes).to_string(),
            }
        }
        AppError::Code(problem) => match problem {
            CodeProblem::NotRequested => t_string!(i18n, errors.code_not_requested).to_string(),
            CodeProblem::Expired => t_string!(i18n, errors.code_expired).to_string(),
            CodeProblem::Wrong { remaining } => {
                let remaining = *remaining;
                t_string!(i18n, errors.code_wrong, remaining = remaining).to_string()
            }
            CodeProblem::TooManyTries => t_string!(i18n, errors.code_too_many).to_string(),
            CodeProblem::BadPassword => t_string!(i18n, errors.bad_password).to_string(),
        },
        AppError::AccountClosed => t_string!(i18n, errors.account_closed).to_string(),
        AppError::Refused(refusal) => match *refusal {
            Refusal::MembershipLimit { max } => t_string!(i18n, errors.membership_limit, max = max).to_string(),
            Refusal::AlreadyMember => t_string!(i18n, errors.already_member).to_string(),
            Refusal::OrgNotOpen => t_string!(i18n, errors.org_not_open).to_string(),
            Refusal::OrgHasOpenChildren => t_string!(i18n, errors.org_has_open_children).to_string(),
            Refusal::ProfileIncomplete => t_string!(i18n, errors.profile_incomplete).to_string(),
            Refusal::AlreadyDecided => t_string!(i18n, errors.already_decided).to_string(),
            Refusal::CorpsByPlatformOnly => t_string!(i18n, errors.corps_by_platform_only).to_string(),
            Refusal::TooManyOpenRegistrations { max } => {
                t_string!(i18n, errors.too_many_open_registrations, max = max).to_string()
            }
            Refusal::RegistrationExpired => t_string!(i18n, errors.registration_expired).to_string(),
            Refusal::RegistrationOutdated => t_string!(i18n, errors.registration_outdated).to_string(),
            Refusal::LastAdmin => t_string!(i18n, errors.last_admin).to_string(),
            Refusal::LastPlatformAdmin => t_string!(i18n, errors.last_platform_admin).to_string(),
            Refusal::SameOrganisation => t_string!(i18n, errors.same_organisation).to_string(),
            Refusal::SignupNotOpen => t_string!(i18n, errors.signup_not_open).to_string(),
            Refusal::AlreadySignedUp => t_string!(i18n, errors.already_signed_up).to_string(),
            Refusal::AgeOutOfRange { min, max } => {
                t_string!(i18n, errors.age_out_of_range, min = min, max = max).to_string()
            }
            Refusal::QualificationMissing => t_string!(i18n, errors.qualification_missing).to_string(),
            Refusal::CancelDeadlinePassed => t_string!(i18n, errors.cancel_deadline_passed).to_string(),
            Refusal::ActivityClosed => t_string!(i18n, errors.activity_closed).to_string(),
            Refusal::CapacityBelowConfirmed { confirmed } => {
                t_string!(i18n, errors.capacity_below_confirmed, confirmed = confirmed).to_string()
            }
            Refusal::CheckinNotSignedUp => t_string!(i18n, attendance.refused_not_signed_up).to_string(),
            Refusal::CheckinTooEarly { minutes } => {
                t_string!(i18n, attendance.refused_too_early, minutes = minutes).to_string()
            }
            Refusal::CheckinClosed => t_string!(i18n, attendance.refused_checkin_closed).to_string(),
            Refusal::CheckoutClosed { minutes } => {
                t_string!(i18n, attendance.refused_checkout_closed, minutes = minutes).to_string()
            }
            Refusal::AlreadyCheckedIn => t_string!(i18n, attendance.refused_already_in).to_string(),
            Refusal::AlreadyCheckedOut => t_string!(i18n, attendance.refused_already_out).to_string(),
            Refusal::NotCheckedIn => t_string!(i18n, attendance.refused_not_checked_in).to_string(),
            Refusal::CheckinCodeInvalid => t_string!(i18n, attendance.refused_code_invalid).to_string(),
            Refusal::CheckinCodeExpired => t_string!(i18n, attendance.refused_code_expired).to_string(),
            Refusal::CheckinCodeOtherActivity => t_string!(i18n, attendance.refused_code_other).to_string(),
            Refusal::TooFarFromVenue { distance_m, radius_m } => {
                t_string!(i18n, attendance.refused_too_far, distance = distance_m, radius = radius_m).to_string()
            }
            Refusal::NoVenuePosition => t_string!(i18n, attendance.refused_no_position).to_string(),
            Refusal::OfflineScanTooOld { hours } => {
                t_string!(i18n, attendance.refused_offline_too_old, hours = hours).to_string()
            }
            Refusal::RecordExists => t_string!(i18n, records.err_record_exists).to_string(),
            Refusal::ActivityNotEnded => t_string!(i18n, records.err_not_ended).to_string(),
            Refusal::NoApprovedHours => t_string!(i18n, certificates.no_hours).to_string(),
            Refusal::MakeupNotConfirmed => t_string!(i18n, makeup.errors.not_confirmed).to_string(),
            Refusal::MakeupNotStarted => t_string!(i18n, makeup.errors.not_started).to_string(),
            Refusal::MakeupAlreadyOpen => t_string!(i18n, makeup.errors.already_open).to_string(),
            Refusal::MakeupAttendanceComplete => t_string!(i18n, makeup.errors.attendance_complete).to_string(),
            Refusal::NoManagingOrg => t_string!(i18n, demands.errors.no_org).to_string(),
            Refusal::RecruitmentSent => t_string!(i18n, demands.errors.recruit_sent).to_string(),
            Refusal::RecruitmentNotNeeded => t_string!(i18n, demands.errors.recruit_not_needed).to_string(),
            Refusal::TooManyPhotos { max } => t_string!(i18n, venue_photos.too_many, max = max).to_string(),
        },
        AppError::Internal { reference } => {
            let reference = reference.clone();
            t_string!(i18n, errors.internal, reference = reference).to_string()
        }
        AppError::Request(_) => t_string!(i18n, errors.request).to_string(),
    }
}

/// A polite live region for a form-level message (error or success).
#[component]
pub fn FormMessage(
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into, optional)] success: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="form-message" aria-live="polite">
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            {move || success.get().map(|s| view! { <p class="banner banner-success">{s}</p> })}
        </div>
    }
}

/// Shows a server refusal: field errors under their fields, anything else in the banner.
pub fn show_error(
    i18n: I18nContext<Locale>,
    error: &AppError,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
) {
    if let Some(fields) = error.field_errors() {
        errors.set(fields.clone());
        focus_first_error(fields);
    }
    banner.set(Some(error_text(i18n, error)));
}

/// Where a page that needs a signed-in person sends everyone else: the login page, which
/// comes back here afterwards. On the server this is a 302, in the browser a navigation.
#[component]
pub fn LoginRequired(next: &'static str) -> impl IntoView {
    view! { <leptos_router::components::Redirect path=format!("/login?next={next}") /> }
}

/// A public page's answer when its record does not exist or is not public: HTTP 404 (set on the
/// server's render), the sentence, and the way back to the list.
#[component]
pub fn NotFoundPage(
    title: Signal<String>,
    body: Signal<String>,
    back_href: &'static str,
    back: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <crate::ui::head::PageTitle text=move || format!("{} · {}", title.get(), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || title.get()}</h1>
            <p>{move || body.get()}</p>
            <a class="button" href=back_href>
                {move || back.get()}
            </a>
        </section>
    }
}
