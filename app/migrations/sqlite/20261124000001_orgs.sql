-- Organisations issue (F-10 – F-16): the registration table's columns, review, memberships and
-- the in-app inbox. Columns are added with defaults so organisations created before stay valid.

-- Changzhou attachment 1 plus the description CVST 1 §5.1 a) asks for and the facts the review
-- of CVST 1 §5.4.2 checks (field, items, requirements, name, member count, leader, contact).
ALTER TABLE organisations ADD COLUMN civil_registered     INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN supervisor_type      TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN supervisor_name      TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN founded_on           TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN service_categories   TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_name         TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN contact_mobile       TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN leader_name          TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN leader_title         TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN leader_unit          TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN leader_phone         TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN service_scope        TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN service_content      TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN service_objects      TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN service_requirements TEXT    NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN planned_members      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN created_by           INTEGER REFERENCES users(id);
ALTER TABLE organisations ADD COLUMN reviewed_by          INTEGER REFERENCES users(id);
ALTER TABLE organisations ADD COLUMN reviewed_at          INTEGER;
ALTER TABLE organisations ADD COLUMN review_reason        TEXT    NOT NULL DEFAULT '';

CREATE INDEX organisations_status_parent ON organisations (status, parent_id);
CREATE INDEX organisations_region ON organisations (province, city, county);

-- One row per application or membership; rows are never deleted, so a person's history with
-- every organisation (joined, left, removed and why, transferred to whom) stays readable.
CREATE TABLE memberships (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    -- pending | active | declined | withdrawn | left | removed | transferred
    status         TEXT    NOT NULL,
    -- apply | import | transfer
    source         TEXT    NOT NULL,
    transfer_from  INTEGER REFERENCES memberships(id),
    category       TEXT    NOT NULL DEFAULT '',
    reason         TEXT    NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users(id),
    requested_at   INTEGER NOT NULL,
    -- When the current status began for pending and active rows: the request time, then the
    -- approval time. Never NULL, so the roster sorts on an index.
    joined_at      INTEGER NOT NULL,
    ended_at       INTEGER,
    updated_at     INTEGER NOT NULL
);
-- At most one open (pending or active) row per person and organisation, enforced by the
-- database so two racing requests cannot both land.
CREATE UNIQUE INDEX memberships_open ON memberships (org_id, user_id) WHERE status IN ('pending', 'active');
CREATE INDEX memberships_org ON memberships (org_id, status, joined_at, id);
CREATE INDEX memberships_recent ON memberships (status, joined_at, id);
CREATE INDEX memberships_user ON memberships (user_id, status);

-- The in-app inbox. `kind` picks the sentence from the locale files; `subject` and `detail` fill
-- it (an organisation's name, a reason), `link` is where the message leads.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '',
    link        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Distinct people with an active membership anywhere in each organisation's subtree, kept up to
-- date in the same transaction as every membership change (orgs/counts.rs). Counting a corps of
-- a million members on demand takes seconds; reading this row takes a millisecond.
CREATE TABLE org_member_counts (
    org_id   INTEGER PRIMARY KEY REFERENCES organisations(id),
    members  INTEGER NOT NULL DEFAULT 0
);
