-- Invitations to join an organisation (issue 11 item 1). A collective registration never makes
-- a person who already has an account a member: a row that matches them by phone or ID number
-- invites them instead, and only their own "accept" opens a membership (under the usual rules).
-- An invitation is never a membership; it ends accepted, declined, or past `expires_at`.
CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    -- The staff member who ran the import; NULL when it came from the command line.
    invited_by   INTEGER REFERENCES users(id),
    -- pending | accepted | declined
    status       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    answered_at  INTEGER
);
-- One open invitation per person and organisation: importing the same sheet again invites nobody twice.
CREATE UNIQUE INDEX invitations_open ON invitations (org_id, user_id) WHERE status = 'pending';
CREATE INDEX invitations_user ON invitations (user_id, status, expires_at);
