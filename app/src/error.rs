//! The one error type of the server-function boundary.
//!
//! Every server function returns `Result<T, AppError>`. Each variant carries just enough for the
//! browser to say, in the person's language, what went wrong and what to do next
//! (`ui::error_text`); internal details stay in the server log under a reference.
use crate::validation::FieldErrors;
use crate::wire::coded_enum;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Some fields were refused by the shared validators.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error("login required")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// A limit was hit; `retry_after_s` says when trying again will work.
    #[error("rate limited: {reason:?}, retry after {retry_after_s}s")]
    RateLimited { reason: RateReason, retry_after_s: u64 },
    /// The SMS code could not be accepted.
    #[error("sms code refused: {0:?}")]
    Code(CodeProblem),
    /// The account cannot be used (closed or closing).
    #[error("account closed")]
    AccountClosed,
    /// A rule of the domain refused the request (not about one form field).
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// Something broke on the server; `reference` finds it in the log.
    #[error("server error (ref {reference})")]
    Internal { reference: String },
    /// The request itself failed (network, decoding) before reaching our code.
    #[error("request failed: {0}")]
    Request(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateReason {
    /// A code was sent to this number less than a minute ago.
    ResendTooSoon,
    /// Too many codes for this number in the last hour.
    NumberHourly,
    /// Too many codes from this client address in the last hour.
    ClientHourly,
    /// Too many password attempts.
    LoginAttempts,
    /// Too many collective registrations (dry runs included) by this staff member this hour.
    Imports,
}

coded_enum! {
    /// Business-rule refusals, each with what the person can do about it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Refusal {
        /// Already `max` open memberships; leave one or withdraw an application first.
        MembershipLimit { max } = "membership_limit",
        /// Already a member of (or applying to) this organisation.
        AlreadyMember = "already_member",
        /// The organisation is not approved (pending, rejected or closed): nobody can join it,
        /// register under it or publish for it.
        OrgNotOpen = "org_not_open",
        /// An organisation with sub-organisations that are open or waiting for review cannot close.
        OrgHasOpenChildren = "org_has_open_children",
        /// The real-name profile must be complete first.
        ProfileIncomplete = "profile_incomplete",
        /// The request was already decided, withdrawn or ended by someone else meanwhile.
        AlreadyDecided = "already_decided",
        /// Only a platform admin creates corps.
        CorpsByPlatformOnly = "corps_by_platform_only",
        /// `max` registrations already wait for an answer, from this registrant or naming this number.
        TooManyOpenRegistrations { max } = "too_many_open_registrations",
        /// The registration waited longer than its deadline for its named admin.
        RegistrationExpired = "registration_expired",
        /// The registration no longer fits (its name was taken or its parent changed meanwhile).
        RegistrationOutdated = "registration_outdated",
        /// The last admin of an organisation cannot be removed.
        LastAdmin = "last_admin",
        /// The platform must keep at least one platform admin.
        LastPlatformAdmin = "last_platform_admin",
        /// A transfer must go to a different organisation.
        SameOrganisation = "same_organisation",
        /// Sign-up for this activity is not open (not yet, closed, cancelled or a draft).
        SignupNotOpen = "signup_not_open",
        /// Already signed up (or waiting) for this activity.
        AlreadySignedUp = "already_signed_up",
        /// The activity takes volunteers aged `min`..=`max` (0 = no limit on that side).
        AgeOutOfRange { min, max } = "age_out_of_range",
        /// The activity requires a qualification the profile does not list.
        QualificationMissing = "qualification_missing",
        /// The organiser's cancellation deadline has passed; contact the organiser.
        CancelDeadlinePassed = "cancel_deadline_passed",
        /// The activity was cancelled or has ended and can no longer be changed.
        ActivityClosed = "activity_closed",
        /// The capacity cannot drop below the `confirmed` volunteers already confirmed.
        CapacityBelowConfirmed { confirmed } = "capacity_below_confirmed",
        /// Check-in is for volunteers whose sign-up for this activity is confirmed.
        CheckinNotSignedUp = "checkin_not_signed_up",
        /// Check-in opens `minutes` before the activity starts; not yet.
        CheckinTooEarly { minutes } = "checkin_too_early",
        /// Check-in closed when the activity ended.
        CheckinClosed = "checkin_closed",
        /// Check-out closed `minutes` after the activity ended.
        CheckoutClosed { minutes } = "checkout_closed",
        /// This person is already checked in to this activity.
        AlreadyCheckedIn = "already_checked_in",
        /// This person has already checked out of this activity.
        AlreadyCheckedOut = "already_checked_out",
        /// A check-out needs a check-in first.
        NotCheckedIn = "not_checked_in",
        /// The scanned code was not made by this platform (or was altered).
        CheckinCodeInvalid = "checkin_code_invalid",
        /// The scanned code has expired; scan the one on the screen now.
        CheckinCodeExpired = "checkin_code_expired",
        /// The scanned code belongs to another activity.
        CheckinCodeOtherActivity = "checkin_code_other_activity",
        /// The position is `distance_m` from the venue; check-in by position takes `radius_m`.
        TooFarFromVenue { distance_m, radius_m } = "too_far_from_venue",
        /// The activity has no position to check in by (online, or none set): scan or ask staff.
        NoVenuePosition = "no_venue_position",
        /// A scan kept offline reached the server more than `hours` after it was made.
        OfflineScanTooOld { hours } = "offline_scan_too_old",
        /// The activity already has its service record (closed once).
        RecordExists = "record_exists",
        /// The activity has not ended yet: it cannot be closed.
        ActivityNotEnded = "activity_not_ended",
        /// A certificate was asked for a scope with no approved hours of the person.
        NoApprovedHours = "no_approved_hours",
        /// Only a volunteer with a confirmed sign-up may ask for a make-up.
        MakeupNotConfirmed = "makeup_not_confirmed",
        /// A make-up can be asked for once the activity has started.
        MakeupNotStarted = "makeup_not_started",
        /// A make-up request for this activity already waits for a decision.
        MakeupAlreadyOpen = "makeup_already_open",
        /// Check-in and check-out are both recorded: there is nothing to make up.
        MakeupAttendanceComplete = "makeup_attendance_complete",
        /// No approved organisation manages the demand's region: pick one by name.
        NoManagingOrg = "no_managing_org",
        /// The recruitment notice for this demand was already sent.
        RecruitmentSent = "recruitment_sent",
        /// Enough volunteers match: no recruitment notice is needed.
        RecruitmentNotNeeded = "recruitment_not_needed",
        /// A venue shows at most `max` photos: retire one before adding another.
        TooManyPhotos { max } = "too_many_photos",
    }
}

// Read by hand (crate::wire), as `validation::Invalid` is.
impl<'de> Deserialize<'de> for Refusal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::wire::read_tagged(deserializer, Refusal::from_code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeProblem {
    /// No code was requested for this number (or it was already used).
    NotRequested,
    /// The code is older than five minutes.
    Expired,
    /// Wrong code; `remaining` tries are left before the code is void.
    Wrong { remaining: u32 },
    /// Five wrong tries: this code is void, ask for a new one.
    TooManyTries,
    /// The mobile number and password do not match an account.
    BadPassword,
}

impl AppError {
    /// A single refused field.
    pub fn field(field: &str, invalid: crate::validation::Invalid) -> Self {
        let mut errors = FieldErrors::new();
        errors.push(field, invalid);
        AppError::Invalid(errors)
    }

    /// The field errors to show under form fields, if this is a validation failure.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::validation::Invalid;
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};

    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            AppError::internal(error)
        }
    }

    impl AppError {
        /// Logs an unexpected failure and returns an error that names only a reference.
        pub fn internal(error: impl std::fmt::Display) -> Self {
            let reference = format!("{:08x}", rand::random::<u32>());
            tracing::error!(%reference, %error, "internal error");
            AppError::Internal { reference }
        }

        /// The one HTTP status of each error (RFC 9110 §15), used by server functions (the
        /// router sets it from the error body), downloads and the public API alike:
        ///
        /// * `Invalid` 422: the request was understood but a field was refused. A file over the
        ///   upload size is the one field with its own status, 413, so a proxy or client that
        ///   knows only statuses still sees why.
        /// * `Code` 422, a wrong password (`BadPassword`) included: what was typed is refused like
        ///   any other field. 401 keeps its single meaning, "sign in first", so a client can send
        ///   the person to the login page on every 401 without catching a mistyped code.
        /// * `Unauthenticated` 401, `Forbidden` 403, `NotFound` 404.
        /// * `Refused` and `AccountClosed` 409: the request is valid but the current state of the
        ///   data (a limit, a decision already taken, an account being closed) forbids it.
        /// * `RateLimited` 429, with `Retry-After` (its `retry_after_s`; see [`Self::mark`]).
        /// * `Request` 400: the body could not be read at all. `Internal` 500, and only it: a 5xx
        ///   always means a fault on our side.
        pub fn status(&self) -> StatusCode {
            match self {
                AppError::Invalid(errors) if matches!(errors.get("file"), Some(Invalid::FileTooLarge { .. })) => {
                    StatusCode::PAYLOAD_TOO_LARGE
                }
                AppError::Invalid(_) | AppError::Code(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Refused(_) | AppError::AccountClosed => StatusCode::CONFLICT,
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Request(_) => StatusCode::BAD_REQUEST,
                AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }

        /// Sets [`Self::status`] on a response that carries this error, and `Retry-After`
        /// (seconds, RFC 9110 §10.2.3) when trying again later will work.
        pub fn mark(&self, response: &mut Response) {
            *response.status_mut() = self.status();
            if let AppError::RateLimited { retry_after_s, .. } = self {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_s));
            }
        }
    }

    /// The answer of a download or other plain handler: the status above and the error as
    /// JSON, the same body a server function sends.
    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let mut response = (
                [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")],
                serde_json::to_string(&self).unwrap_or_default(),
            )
                .into_response();
            self.mark(&mut response);
            response
        }
    }
}

/// Reading back by `crate::wire` against serde's writing, for both enums it reads.
#[cfg(test)]
mod wire_tests {
    use crate::error::{AppError, Refusal};
    use crate::validation::{FieldError, FieldErrors, Invalid};

    #[test]
    fn every_invalid_reads_back_as_serde_writes_it() {
        for invalid in Invalid::examples() {
            let json = serde_json::to_string(&invalid).unwrap();
            assert_eq!(serde_json::from_str::<Invalid>(&json).unwrap(), invalid, "{json}");
            let error = FieldError { field: "f".into(), invalid };
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(serde_json::from_slice::<FieldError>(json.as_bytes()).unwrap(), error, "{json}");
        }
    }

    #[test]
    fn every_refusal_reads_back_as_serde_writes_it() {
        for refusal in Refusal::examples() {
            let json = serde_json::to_string(&AppError::Refused(refusal)).unwrap();
            assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), AppError::Refused(refusal), "{json}");
        }
    }

    #[test]
    fn the_wire_shapes_are_unchanged() {
        let mut errors = FieldErrors::new();
        errors.push("name", Invalid::TooLong { max: 20 });
        errors.push("mobile", Invalid::MobileFormat);
        let json =
            r#"{"Invalid":[{"field":"name","code":"too_long","max":20},{"field":"mobile","code":"mobile_format"}]}"#;
        assert_eq!(serde_json::to_string(&AppError::Invalid(errors.clone())).unwrap(), json);
        assert_eq!(serde_json::from_str::<AppError>(json).unwrap(), AppError::Invalid(errors));
        let refusal = AppError::Refused(Refusal::AgeOutOfRange { min: 18, max: 60 });
        let json = r#"{"Refused":{"age_out_of_range":{"min":18,"max":60}}}"#;
        assert_eq!(serde_json::to_string(&refusal).unwrap(), json);
        assert_eq!(serde_json::from_str::<AppError>(json).unwrap(), refusal);
        assert_eq!(
            serde_json::from_str::<AppError>(r#"{"Refused":"signup_not_open"}"#).unwrap(),
            AppError::Refused(Refusal::SignupNotOpen)
        );
    }

    #[test]
    fn unknown_codes_and_missing_parameters_are_refused() {
        assert!(serde_json::from_str::<Invalid>(r#"{"code":"no_such_code"}"#).is_err());
        assert!(serde_json::from_str::<Invalid>(r#"{"code":"too_long"}"#).is_err());
        assert!(serde_json::from_str::<Invalid>(r#"{"max":3}"#).is_err());
        assert!(serde_json::from_str::<FieldError>(r#"{"code":"required"}"#).is_err());
        assert!(serde_json::from_str::<Refusal>(r#""no_such_refusal""#).is_err());
        assert!(serde_json::from_str::<Refusal>(r#"{"membership_limit":{}}"#).is_err());
        // Keys nobody knows are skipped, as serde's derive skips them.
        assert_eq!(
            serde_json::from_str::<Invalid>(r#"{"code":"required","extra":[1,{"a":2}]}"#).unwrap(),
            Invalid::Required
        );
    }
}
