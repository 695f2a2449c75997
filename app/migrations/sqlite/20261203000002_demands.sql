-- Service demands (F-42, CVST 3 §6.1.1.2) and the recruitment notices of matching (F-43).
-- A demand is posted without an account: its contact phone is proved by an SMS code, and the
-- poster follows it through a private link whose token is stored only as a hash.
-- Rows are never deleted: a rejected or closed demand stays with its reason.
CREATE TABLE demands (
    id                 INTEGER PRIMARY KEY,
    -- the managing organisation that reviews it (chosen or routed by region)
    org_id             INTEGER NOT NULL REFERENCES organisations(id),
    -- unverified (code not yet entered) | review | published | rejected | accepted | closed
    status             TEXT    NOT NULL,
    follow_hash        TEXT    NOT NULL UNIQUE,
    poster_kind        TEXT    NOT NULL,
    poster_unit        TEXT    NOT NULL,
    contact_name       TEXT    NOT NULL,
    contact_phone      TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    category           TEXT    NOT NULL,
    content_form       TEXT    NOT NULL,
    mode               TEXT    NOT NULL,
    service_objects    TEXT    NOT NULL,
    content            TEXT    NOT NULL,
    volunteers_needed  INTEGER NOT NULL,
    expertise          TEXT    NOT NULL DEFAULT '',
    qualification      TEXT    NOT NULL DEFAULT '',
    starts_at          INTEGER NOT NULL,
    ends_at            INTEGER NOT NULL,
    province           TEXT    NOT NULL,
    city               TEXT    NOT NULL,
    county             TEXT    NOT NULL,
    address            TEXT    NOT NULL DEFAULT '',
    lat_e6             BIGINT,
    lng_e6             BIGINT,
    verified_at        INTEGER,
    reviewed_by        INTEGER REFERENCES users(id),
    reviewed_at        INTEGER,
    reject_reason      TEXT    NOT NULL DEFAULT '',
    activity_id        INTEGER REFERENCES activities(id),
    accepted_by        INTEGER REFERENCES users(id),
    accepted_at        INTEGER,
    recruit_sent_at    INTEGER,
    recruit_sent_by    INTEGER REFERENCES users(id),
    closed_at          INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX demands_org_status ON demands (org_id, status, id);
CREATE INDEX demands_status ON demands (status, id);
