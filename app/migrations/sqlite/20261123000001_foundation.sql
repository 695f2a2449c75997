-- Accounts, real-name profiles, SMS codes, sessions, audit log, and the organisation tree that
-- roles are scoped to. Instants are INTEGER microseconds since the epoch (UTC); flags are 0/1.

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    volunteer_no          TEXT    NOT NULL UNIQUE,
    mobile                TEXT    NOT NULL UNIQUE,
    password_hash         TEXT,
    is_platform_admin     INTEGER NOT NULL DEFAULT 0,
    status                TEXT    NOT NULL DEFAULT 'active',
    closure_requested_at  INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);

CREATE TABLE profiles (
    user_id             INTEGER PRIMARY KEY REFERENCES users(id),
    real_name           TEXT    NOT NULL,
    gender              TEXT    NOT NULL,
    id_number           TEXT    NOT NULL UNIQUE,
    birth_date          TEXT    NOT NULL,
    political_status    TEXT    NOT NULL,
    ethnicity           TEXT    NOT NULL,
    work_unit           TEXT,
    title               TEXT    NOT NULL,
    education           TEXT    NOT NULL,
    occupation          TEXT    NOT NULL,
    province            TEXT    NOT NULL,
    city                TEXT    NOT NULL,
    county              TEXT    NOT NULL,
    service_categories  TEXT    NOT NULL,
    service_fields      TEXT    NOT NULL,
    four_heads          TEXT    NOT NULL,
    skills              TEXT,
    qualifications      TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX profiles_region ON profiles (province, city, county);

CREATE TABLE sms_codes (
    id           INTEGER PRIMARY KEY,
    mobile       TEXT    NOT NULL,
    code_hash    TEXT    NOT NULL,
    client_addr  TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    consumed_at  INTEGER
);
CREATE INDEX sms_codes_mobile ON sms_codes (mobile, created_at);
CREATE INDEX sms_codes_client ON sms_codes (client_addr, created_at);

CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY,
    mobile      TEXT    NOT NULL,
    client_addr TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX login_failures_mobile ON login_failures (mobile, at);

CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    data        TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE audit_log (
    id               INTEGER PRIMARY KEY,
    actor_user_id    INTEGER REFERENCES users(id),
    action           TEXT    NOT NULL,
    subject_user_id  INTEGER REFERENCES users(id),
    detail           TEXT    NOT NULL DEFAULT '',
    client_addr      TEXT    NOT NULL DEFAULT '',
    at               INTEGER NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_user_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at);

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES organisations(id),
    level       INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending',
    province    TEXT    NOT NULL DEFAULT '',
    city        TEXT    NOT NULL DEFAULT '',
    county      TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- Closure table: one row per (ancestor, descendant) pair including (self, self, 0), so a
-- subtree is one indexed range over ancestor_id at any depth.
CREATE TABLE org_closure (
    ancestor_id    INTEGER NOT NULL REFERENCES organisations(id),
    descendant_id  INTEGER NOT NULL REFERENCES organisations(id),
    depth          INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX org_closure_descendant ON org_closure (descendant_id, ancestor_id);

CREATE TABLE org_staff (
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    role        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_staff_user ON org_staff (user_id);
