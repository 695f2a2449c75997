-- A registration that names someone else's mobile as the organisation's admin waits here for
-- that person's consent (F-10, issue 11 item 2). Until they accept, nothing else exists: no
-- account for the number, no organisation, no role. `input` is the form as typed (JSON),
-- validated again on acceptance because the parent or the name may have changed meanwhile; a
-- declined registration's input is cleared. Status: awaiting | accepted | declined; an awaiting
-- row past `expires_at` is expired and can no longer be accepted.
CREATE TABLE org_registrations (
    id            INTEGER PRIMARY KEY,
    registrant_id INTEGER NOT NULL REFERENCES users(id),
    admin_mobile  TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    parent_id     INTEGER REFERENCES organisations(id),
    input         TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    org_id        INTEGER REFERENCES organisations(id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    decided_at    INTEGER
);
CREATE INDEX org_registrations_admin ON org_registrations (admin_mobile, status);
CREATE INDEX org_registrations_registrant ON org_registrations (registrant_id, created_at);
