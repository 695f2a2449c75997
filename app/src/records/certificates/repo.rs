//! Issuing and checking certificates (server only).
//!
//! A certificate freezes, at issue, who it is for, what it covers and the totals it states. Its
//! code is the keyed signature (`state.keys`, purpose "certificate") of exactly that frozen
//! content, 120 bits printed as 24 Crockford base-32 characters: nobody without the server's key
//! can make a code that verifies, and a row altered in the database no longer matches its code
//! (it then verifies as not found). Guessing a valid code means guessing 120 bits, so the
//! public lookup needs no rate limit.
//!
//! `digest` hashes the ids and versions of the approved hours lines counted. Verification
//! recomputes it over the lines approved in the same scope now: a corrected line (new
//! version), a declined one, or one approved later all change it, and the page then says the
//! records changed since issue.
use super::model::*;
use crate::clock::local;
use crate::error::{AppError, Refusal};
use crate::keys::Keys;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

pub const PURPOSE: &str = "certificate";
/// Bytes of the signature printed as the code (≥ 10, see `Keys::verify`).
const CODE_BYTES: usize = 15;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What to certify, as asked by the holder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub scope: Scope,
    pub org_id: Option<i64>,
    pub activity_id: Option<i64>,
    /// Microseconds: first instant covered, and the first instant after.
    pub period_from: Option<i64>,
    pub period_to: Option<i64>,
}

/// One approved hours line, as the certificate lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: i64,
    pub version: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub org_id: i64,
    pub org_name: String,
    pub starts_at: i64,
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
}

/// A stored certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub code: String,
    pub user_id: i64,
    pub request: Request,
    pub holder_name: String,
    pub record_count: i64,
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
    pub digest: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_reason: String,
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// A code as someone typed it: case, spaces and dashes ignored; O read as 0, I and L as 1.
/// `None` when it cannot be a code (wrong length or characters).
pub fn normalise_code(typed: &str) -> Option<String> {
    let mut out = String::new();
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    (out.len() == CODE_BYTES * 8 / 5).then_some(out)
}

fn unbase32(code: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in code.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The frozen content the code signs.
// The signed message is every frozen field in a fixed order; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
fn message(
    user_id: i64,
    r: &Request,
    holder: &str,
    count: i64,
    raw: i64,
    weighted: i64,
    digest: &str,
    at: i64,
) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    format!(
        "v1|{user_id}|{}|{}|{}|{}|{}|{holder}|{count}|{raw}|{weighted}|{digest}|{at}",
        r.scope.code(),
        opt(r.org_id),
        opt(r.activity_id),
        opt(r.period_from),
        opt(r.period_to)
    )
}

fn stored_message(s: &Stored) -> String {
    message(
        s.user_id,
        &s.request,
        &s.holder_name,
        s.record_count,
        s.raw_minutes,
        s.weighted_minutes,
        &s.digest,
        s.issued_at,
    )
}

/// The digest of the lines counted: their ids and versions, in id order.
pub fn digest(lines: &[Line]) -> String {
    let mut ids: Vec<(i64, i64)> = lines.iter().map(|l| (l.id, l.version)).collect();
    ids.sort_unstable();
    let mut hash = Sha256::new();
    for (id, version) in ids {
        hash.update(format!("{id}:{version};").as_bytes());
    }
    hex::encode(hash.finalize())
}

/// The approved hours lines of `user_id` in the request's scope, oldest activity first.
pub async fn approved_lines(conn: &mut AnyConnection, user_id: i64, r: &Request) -> Result<Vec<Line>, AppError> {
    let (filter, values) = match r.scope {
        Scope::Period => ("r.starts_at >= $2 AND r.starts_at < $3", vec![r.period_from, r.period_to]),
        Scope::Org => ("h.org_id IN (SELECT descendant_id FROM org_closure WHERE ancestor_id = $2)", vec![r.org_id]),
        Scope::Activity => ("h.activity_id = $2", vec![r.activity_id]),
        // Nothing issues training certificates yet.
        Scope::Training => return Ok(Vec::new()),
    };
    let sql = format!(
        "SELECT h.id, h.version, h.activity_id, r.activity_title, h.org_id, o.name AS org_name, r.starts_at,
                h.raw_minutes, h.weighted_minutes
         FROM service_hours h
         JOIN service_records r ON r.id = h.record_id
         JOIN organisations o ON o.id = h.org_id
         WHERE h.user_id = $1 AND h.status = 'approved' AND {filter}
         ORDER BY r.starts_at, h.id"
    );
    let mut query = sqlx::query(&sql).bind(user_id);
    for value in values {
        query = query.bind(value.unwrap_or(0));
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            Ok(Line {
                id: row.try_get("id")?,
                version: row.try_get("version")?,
                activity_id: row.try_get("activity_id")?,
                activity_title: row.try_get("activity_title")?,
                org_id: row.try_get("org_id")?,
                org_name: row.try_get("org_name")?,
                starts_at: row.try_get("starts_at")?,
                raw_minutes: row.try_get("raw_minutes")?,
                weighted_minutes: row.try_get("weighted_minutes")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

const COLUMNS: &str = "id, code, user_id, scope, org_id, activity_id, period_from, period_to, holder_name,
    record_count, raw_minutes, weighted_minutes, digest, issued_at, revoked_at, revoked_reason";

fn stored(row: &sqlx::any::AnyRow) -> Result<Stored, AppError> {
    let scope: String = row.try_get("scope")?;
    Ok(Stored {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        user_id: row.try_get("user_id")?,
        request: Request {
            scope: Scope::from_code(&scope).ok_or_else(|| AppError::internal(format!("certificate scope {scope}")))?,
            org_id: row.try_get("org_id")?,
            activity_id: row.try_get("activity_id")?,
            period_from: row.try_get("period_from")?,
            period_to: row.try_get("period_to")?,
        },
        holder_name: row.try_get("holder_name")?,
        record_count: row.try_get("record_count")?,
        raw_minutes: row.try_get("raw_minutes")?,
        weighted_minutes: row.try_get("weighted_minutes")?,
        digest: row.try_get("digest")?,
        issued_at: row.try_get("issued_at")?,
        revoked_at: row.try_get("revoked_at")?,
        revoked_reason: row.try_get("revoked_reason")?,
    })
}

/// The holder's real name and ID number, or `ProfileIncomplete`.
pub async fn holder(conn: &mut AnyConnection, user_id: i64) -> Result<(String, String), AppError> {
    let row = sqlx::query("SELECT real_name, id_number FROM profiles WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Refused(Refusal::ProfileIncomplete))?;
    Ok((row.try_get("real_name")?, row.try_get("id_number")?))
}

/// Issues a certificate for `user_id` over `r` (or returns the one already issued for the same
/// scope, name and unchanged lines, so downloading again keeps the code), with its lines.
pub async fn issue(
    conn: &mut AnyConnection,
    keys: &Keys,
    user_id: i64,
    r: &Request,
    now: i64,
) -> Result<(Stored, Vec<Line>), AppError> {
    if r.scope == Scope::Training {
        return Err(AppError::Refused(Refusal::NoApprovedHours));
    }
    let (name, _) = holder(conn, user_id).await?;
    let lines = approved_lines(conn, user_id, r).await?;
    if lines.is_empty() {
        return Err(AppError::Refused(Refusal::NoApprovedHours));
    }
    let digest = digest(&lines);
    let mut request = r.clone();
    // An activity certificate names its organisation: staff there may revoke it.
    if r.scope == Scope::Activity {
        request.org_id = lines.first().map(|l| l.org_id);
    }
    let existing = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM certificates
         WHERE user_id = $1 AND scope = $2 AND COALESCE(org_id, 0) = $3 AND COALESCE(activity_id, 0) = $4
           AND COALESCE(period_from, 0) = $5 AND COALESCE(period_to, 0) = $6 AND digest = $7
           AND holder_name = $8 AND revoked_at IS NULL
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(user_id)
    .bind(request.scope.code())
    .bind(request.org_id.unwrap_or(0))
    .bind(request.activity_id.unwrap_or(0))
    .bind(request.period_from.unwrap_or(0))
    .bind(request.period_to.unwrap_or(0))
    .bind(&digest)
    .bind(&name)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = existing {
        return Ok((stored(&row)?, lines));
    }
    let raw: i64 = lines.iter().map(|l| l.raw_minutes).sum();
    let weighted: i64 = lines.iter().map(|l| l.weighted_minutes).sum();
    let count = i64::try_from(lines.len()).unwrap_or(i64::MAX);
    let tag = keys.sign(PURPOSE, message(user_id, &request, &name, count, raw, weighted, &digest, now).as_bytes());
    let code = base32(&tag[..CODE_BYTES]);
    sqlx::query(
        "INSERT INTO certificates (code, user_id, scope, org_id, activity_id, period_from, period_to, holder_name,
             record_count, raw_minutes, weighted_minutes, digest, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&code)
    .bind(user_id)
    .bind(request.scope.code())
    .bind(request.org_id)
    .bind(request.activity_id)
    .bind(request.period_from)
    .bind(request.period_to)
    .bind(&name)
    .bind(count)
    .bind(raw)
    .bind(weighted)
    .bind(&digest)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let stored = find(conn, &code).await?.ok_or_else(|| AppError::internal("certificate just written is missing"))?;
    Ok((stored, lines))
}

async fn find(conn: &mut AnyConnection, code: &str) -> Result<Option<Stored>, AppError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM certificates WHERE code = $1"))
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(stored).transpose()
}

/// The certificate a typed code names, if the code is well formed, stored, and still the
/// signature of what is stored (a row edited behind the server's back does not verify).
pub async fn verified(conn: &mut AnyConnection, keys: &Keys, typed: &str) -> Result<Stored, AppError> {
    let code = normalise_code(typed).ok_or(AppError::NotFound)?;
    let stored = find(conn, &code).await?.ok_or(AppError::NotFound)?;
    let tag = unbase32(&code).ok_or(AppError::NotFound)?;
    if !keys.verify(PURPOSE, stored_message(&stored).as_bytes(), &tag) {
        tracing::warn!(certificate = stored.id, "certificate row does not match its code; shown as not found");
        return Err(AppError::NotFound);
    }
    Ok(stored)
}

async fn name_of(conn: &mut AnyConnection, sql: &str, id: Option<i64>) -> Result<Option<String>, AppError> {
    let Some(id) = id else { return Ok(None) };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.map(|r| r.try_get::<String, _>("name")).transpose()?)
}

fn day(us: i64) -> String {
    local(us).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The public facts of a verified certificate, with its status now.
pub async fn facts(conn: &mut AnyConnection, s: &Stored) -> Result<CertificateFacts, AppError> {
    let status = if s.revoked_at.is_some() {
        CertificateStatus::Revoked
    } else if digest(&approved_lines(conn, s.user_id, &s.request).await?) != s.digest {
        CertificateStatus::Changed
    } else {
        CertificateStatus::Valid
    };
    let r = &s.request;
    let org_name = name_of(conn, "SELECT name FROM organisations WHERE id = $1", r.org_id).await?;
    let activity_title = name_of(conn, "SELECT title AS name FROM activities WHERE id = $1", r.activity_id).await?;
    Ok(CertificateFacts {
        code: s.code.clone(),
        scope: r.scope,
        holder_masked: mask_name(&s.holder_name),
        period_from: r.period_from.map(day),
        // period_to is the first instant after the last day.
        period_to: r.period_to.map(|to| day(to - 1)),
        org_name,
        activity_title,
        record_count: s.record_count,
        raw_minutes: s.raw_minutes,
        weighted_minutes: s.weighted_minutes,
        raw_hours: hours_text(s.raw_minutes),
        weighted_hours: hours_text(s.weighted_minutes),
        issued_at: s.issued_at,
        issued_on: day(s.issued_at),
        status,
        revoked_on: s.revoked_at.map(day),
        revoked_reason: s.revoked_at.map(|_| s.revoked_reason.clone()),
    })
}

/// Revokes a certificate; the caller has checked the actor's right. Revoking twice keeps the
/// first revocation.
pub async fn revoke(conn: &mut AnyConnection, id: i64, actor: i64, reason: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoked_reason = $3
         WHERE id = $4 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(actor)
    .bind(reason)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The certificates `user_id` holds, newest first.
pub async fn of_user(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<Stored>, AppError> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM certificates WHERE user_id = $1 ORDER BY id DESC"))
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(stored).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_24_characters_and_read_back_as_typed() {
        let keys = Keys::new(vec![3; 32]);
        let tag = keys.sign(PURPOSE, b"x");
        let code = base32(&tag[..CODE_BYTES]);
        assert_eq!(code.len(), 24);
        let typed = format!("{}-{} ", code[..12].to_lowercase(), &code[12..]);
        let normal = normalise_code(&typed).unwrap();
        assert_eq!(normal, code);
        assert!(keys.verify(PURPOSE, b"x", &unbase32(&normal).unwrap()));
        assert!(!keys.verify(PURPOSE, b"y", &unbase32(&normal).unwrap()));
        assert_eq!(normalise_code("short"), None);
        assert_eq!(normalise_code(&format!("{}U", &code[..23])), None, "U is not in the alphabet");
    }

    #[test]
    fn the_digest_follows_ids_and_versions_not_order() {
        let line = |id, version| Line {
            id,
            version,
            activity_id: 1,
            activity_title: String::new(),
            org_id: 1,
            org_name: String::new(),
            starts_at: 0,
            raw_minutes: 60,
            weighted_minutes: 60,
        };
        assert_eq!(digest(&[line(1, 1), line(2, 1)]), digest(&[line(2, 1), line(1, 1)]));
        assert_ne!(digest(&[line(1, 1), line(2, 1)]), digest(&[line(1, 1), line(2, 2)]));
        assert_ne!(digest(&[line(1, 1), line(2, 1)]), digest(&[line(1, 1)]));
    }
}
