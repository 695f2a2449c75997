-- Activities, projects, sign-ups and scheduled notices (F-20 – F-26).
-- Instants are microseconds since the Unix epoch (UTC); coordinates are microdegrees (GCJ-02 as
-- the browser reports them), so both engines compare and sort them as plain integers.

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    name             TEXT    NOT NULL,
    summary          TEXT    NOT NULL DEFAULT '',
    -- CVST 3 §5.1 service-object codes, comma-separated
    service_objects  TEXT    NOT NULL DEFAULT '',
    goals            TEXT    NOT NULL DEFAULT '',
    cycle            TEXT    NOT NULL DEFAULT '',
    guarantees       TEXT    NOT NULL DEFAULT '',
    brand_mark       TEXT    NOT NULL DEFAULT '',
    brand_image      BLOB,
    brand_image_type TEXT    NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX projects_org ON projects (org_id, id);

CREATE TABLE activities (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organisations(id),
    project_id          INTEGER REFERENCES projects(id),
    -- draft | published | cancelled (the rest of the status comes from the clock)
    status              TEXT    NOT NULL,
    title               TEXT    NOT NULL,
    category            TEXT    NOT NULL,
    content_form        TEXT    NOT NULL,
    mode                TEXT    NOT NULL,
    service_objects     TEXT    NOT NULL,
    special_groups      TEXT    NOT NULL DEFAULT '',
    content             TEXT    NOT NULL,
    province            TEXT    NOT NULL,
    city                TEXT    NOT NULL,
    county              TEXT    NOT NULL,
    address             TEXT    NOT NULL DEFAULT '',
    online_link         TEXT    NOT NULL DEFAULT '',
    lat_e6              INTEGER,
    lng_e6              INTEGER,
    starts_at           INTEGER NOT NULL,
    ends_at             INTEGER NOT NULL,
    signup_opens_at     INTEGER NOT NULL,
    signup_closes_at    INTEGER NOT NULL,
    cancel_deadline_at  INTEGER NOT NULL,
    capacity            INTEGER NOT NULL,
    needs_approval      INTEGER NOT NULL DEFAULT 0,
    min_age             INTEGER,
    max_age             INTEGER,
    skills              TEXT    NOT NULL DEFAULT '',
    qualification       TEXT    NOT NULL DEFAULT '',
    training_required   INTEGER NOT NULL DEFAULT 0,
    insurance_required  INTEGER NOT NULL DEFAULT 0,
    risks               TEXT    NOT NULL DEFAULT '',
    contact_name        TEXT    NOT NULL,
    contact_phone       TEXT    NOT NULL,
    purpose             TEXT    NOT NULL DEFAULT '',
    process             TEXT    NOT NULL DEFAULT '',
    support             TEXT    NOT NULL DEFAULT '',
    funding             TEXT    NOT NULL DEFAULT '',
    emergency_plan      TEXT    NOT NULL DEFAULT '',
    publicity           TEXT    NOT NULL DEFAULT '',
    -- kept in the same transaction as every sign-up change
    confirmed_count     INTEGER NOT NULL DEFAULT 0,
    waitlist_count      INTEGER NOT NULL DEFAULT 0,
    pending_count       INTEGER NOT NULL DEFAULT 0,
    cancel_reason       TEXT    NOT NULL DEFAULT '',
    -- bumped by every published edit; notices name the version they describe
    version             INTEGER NOT NULL DEFAULT 1,
    -- lower-cased title, organisation name and content: what a keyword is checked against
    search_text         TEXT    NOT NULL DEFAULT '',
    created_by          INTEGER REFERENCES users(id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    published_at        INTEGER,
    cancelled_at        INTEGER
);
CREATE INDEX activities_public ON activities (status, starts_at, id);
CREATE INDEX activities_org ON activities (org_id, starts_at, id);
CREATE INDEX activities_project ON activities (project_id, starts_at);

-- The keyword index: every distinct pair of adjacent characters (and every single CJK
-- character) of a published activity's search text. A two-character Chinese word is one key;
-- longer words use their first pair and are checked against search_text. Carries starts_at
-- so a keyword's matches come out already in list order.
CREATE TABLE activity_terms (
    term         TEXT    NOT NULL,
    starts_at    INTEGER NOT NULL,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    PRIMARY KEY (term, starts_at, activity_id)
) WITHOUT ROWID;
CREATE INDEX activity_terms_activity ON activity_terms (activity_id);

CREATE TABLE signups (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    -- pending (awaiting approval) | confirmed | waitlisted | cancelled | declined
    status        TEXT    NOT NULL,
    -- the order of the waitlist: when the person joined it
    queued_at     INTEGER NOT NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX signups_open ON signups (activity_id, user_id) WHERE status IN ('pending', 'confirmed', 'waitlisted');
CREATE INDEX signups_activity ON signups (activity_id, status, queued_at, id);
CREATE INDEX signups_user ON signups (user_id, status);

-- Scheduled notices already made, one row per activity, person and kind, so a restart or a
-- second server never makes one twice.
CREATE TABLE activity_notices (
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT    NOT NULL,
    made_at      INTEGER NOT NULL,
    PRIMARY KEY (activity_id, user_id, kind)
);

-- Text messages waiting for the SMS sender. A row is claimed before it is sent, so a crash
-- between claiming and sending loses at most that message instead of sending it twice.
CREATE TABLE sms_outbox (
    id          INTEGER PRIMARY KEY,
    to_mobile   TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    claimed_at  INTEGER,
    sent_at     INTEGER,
    error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sms_outbox_waiting ON sms_outbox (claimed_at, id);
