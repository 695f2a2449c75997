-- Attendance, hours, make-up requests, service records and certificates (F-30 – F-36).
-- Instants are microseconds since the Unix epoch (UTC). Coordinates everywhere in this schema,
-- activities.lat_e6/lng_e6 included, are WGS-84 microdegrees: what browsers report. (The
-- activities migration called them GCJ-02; that was wrong, nothing ever converted them.) A map
-- provider that needs GCJ-02 gets them converted at the edge.

-- One row per person and activity: the unique index makes a replayed or concurrent check-in
-- land on the same row. Never deleted.
CREATE TABLE attendances (
    id                    INTEGER PRIMARY KEY,
    activity_id           INTEGER NOT NULL REFERENCES activities(id),
    user_id               INTEGER NOT NULL REFERENCES users(id),
    -- qr | position | staff | makeup
    in_method             TEXT    NOT NULL,
    -- when the person was there (the device's time for a scan sent later, see in_delayed)
    in_at                 INTEGER NOT NULL,
    in_received_at        INTEGER NOT NULL,
    in_delayed            INTEGER NOT NULL DEFAULT 0,
    in_lat_e6             INTEGER,
    in_lng_e6             INTEGER,
    in_accuracy_m         INTEGER,
    -- a keyed hash of the device cookie, so one phone checking in many people shows up
    in_device             TEXT    NOT NULL DEFAULT '',
    -- the client's id for this scan, so an offline queue sending it twice is recognised
    in_client_id          TEXT    NOT NULL DEFAULT '',
    out_method            TEXT,
    out_at                INTEGER,
    out_received_at       INTEGER,
    out_delayed           INTEGER NOT NULL DEFAULT 0,
    out_lat_e6            INTEGER,
    out_lng_e6            INTEGER,
    out_accuracy_m        INTEGER,
    out_device            TEXT    NOT NULL DEFAULT '',
    out_client_id         TEXT    NOT NULL DEFAULT '',
    -- the staff member who checked the person in or out (staff mode, make-up approval)
    recorded_by           INTEGER REFERENCES users(id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE UNIQUE INDEX attendances_person ON attendances (activity_id, user_id);
CREATE INDEX attendances_user ON attendances (user_id, in_at);
CREATE INDEX attendances_device ON attendances (in_device, in_at);

-- Weighting coefficients for hard conditions (CVST 2 §6.3 b), set by a corps for its subtree.
-- factor_milli 1250 = ×1.25. Retired, never deleted: records name the factor they used.
CREATE TABLE hour_weights (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    -- climate | distance | environment | effect
    condition     TEXT    NOT NULL,
    label         TEXT    NOT NULL,
    factor_milli  INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    retired_at    INTEGER
);
CREATE INDEX hour_weights_org ON hour_weights (org_id, retired_at);

-- The coefficients that apply to an activity (chosen by its staff from those of the corps above it).
CREATE TABLE activity_weights (
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    weight_id    INTEGER NOT NULL REFERENCES hour_weights(id),
    PRIMARY KEY (activity_id, weight_id)
);

-- The activity's service record (CVST 3 §6.3): made when staff close the activity. Name, date,
-- place, service objects and content are copied from the activity at closing so later edits of
-- the activity do not rewrite history. Corrections bump `version` and add a row to record_versions.
CREATE TABLE service_records (
    id               INTEGER PRIMARY KEY,
    activity_id      INTEGER NOT NULL REFERENCES activities(id),
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    activity_title   TEXT    NOT NULL,
    starts_at        INTEGER NOT NULL,
    ends_at          INTEGER NOT NULL,
    place            TEXT    NOT NULL,
    service_objects  TEXT    NOT NULL,
    content          TEXT    NOT NULL,
    -- 1–5, and words
    quality_score    INTEGER,
    quality_note     TEXT    NOT NULL DEFAULT '',
    leader_name      TEXT    NOT NULL DEFAULT '',
    recorder_id      INTEGER NOT NULL REFERENCES users(id),
    summary          TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX service_records_activity ON service_records (activity_id);
CREATE INDEX service_records_org ON service_records (org_id, starts_at);

-- One person's hours for one activity (F-31). Minutes, so sums stay exact integers; shown in hours.
CREATE TABLE service_hours (
    id                INTEGER PRIMARY KEY,
    record_id         INTEGER NOT NULL REFERENCES service_records(id),
    activity_id       INTEGER NOT NULL REFERENCES activities(id),
    org_id            INTEGER NOT NULL REFERENCES organisations(id),
    user_id           INTEGER NOT NULL REFERENCES users(id),
    attendance_id     INTEGER REFERENCES attendances(id),
    -- the counted span, after capping by the activity window
    from_at           INTEGER NOT NULL,
    to_at             INTEGER NOT NULL,
    raw_minutes       INTEGER NOT NULL,
    -- product of the activity's coefficients at closing; 1000 = none
    weight_milli      INTEGER NOT NULL DEFAULT 1000,
    weighted_minutes  INTEGER NOT NULL,
    -- pending | approved | declined (declined, never deleted)
    status            TEXT    NOT NULL,
    -- set when the person never checked out and was credited up to the scheduled end
    no_checkout       INTEGER NOT NULL DEFAULT 0,
    -- the credit came from an approved make-up request
    from_makeup       INTEGER NOT NULL DEFAULT 0,
    note              TEXT    NOT NULL DEFAULT '',
    decided_by        INTEGER REFERENCES users(id),
    decided_at        INTEGER,
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE UNIQUE INDEX service_hours_person ON service_hours (activity_id, user_id);
CREATE INDEX service_hours_user ON service_hours (user_id, status, from_at);
CREATE INDEX service_hours_org ON service_hours (org_id, status, from_at);

-- Every version of a service record or an hours line, as it was after the change, with who
-- changed it, when and why. Append-only: the history staff and the person see.
CREATE TABLE record_versions (
    id           INTEGER PRIMARY KEY,
    -- record | hours
    subject      TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    -- the row's fields after this change, as JSON
    data         TEXT    NOT NULL,
    changed_by   INTEGER REFERENCES users(id),
    changed_at   INTEGER NOT NULL,
    reason       TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX record_versions_subject ON record_versions (subject, subject_id, version);

-- Make-up requests (F-32): check-in or check-out failed; staff decide.
CREATE TABLE makeup_requests (
    id               INTEGER PRIMARY KEY,
    activity_id      INTEGER NOT NULL REFERENCES activities(id),
    user_id          INTEGER NOT NULL REFERENCES users(id),
    -- network | operation | location | other
    cause            TEXT    NOT NULL,
    reason           TEXT    NOT NULL,
    -- the span the person says they served (capped by the activity window when approved)
    claimed_from_at  INTEGER NOT NULL,
    claimed_to_at    INTEGER NOT NULL,
    -- a file under the data directory, and its media type; '' when none
    photo_path       TEXT    NOT NULL DEFAULT '',
    photo_type       TEXT    NOT NULL DEFAULT '',
    -- pending | approved | rejected
    status           TEXT    NOT NULL,
    decided_by       INTEGER REFERENCES users(id),
    decided_at       INTEGER,
    decision_reason  TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX makeup_requests_open ON makeup_requests (activity_id, user_id) WHERE status = 'pending';
CREATE INDEX makeup_requests_activity ON makeup_requests (activity_id, status);
CREATE INDEX makeup_requests_user ON makeup_requests (user_id, created_at);

-- Certificates (F-34): what was certified, frozen at issue. `code` is a keyed signature of the
-- certificate's content; `digest` hashes the hours lines (ids and versions) it counted, so a
-- later correction shows on the verification page as "changed since issue".
CREATE TABLE certificates (
    id                INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users(id),
    -- period | org | activity | training
    scope             TEXT    NOT NULL,
    org_id            INTEGER REFERENCES organisations(id),
    activity_id       INTEGER REFERENCES activities(id),
    period_from       INTEGER,
    period_to         INTEGER,
    holder_name       TEXT    NOT NULL,
    record_count      INTEGER NOT NULL,
    raw_minutes       INTEGER NOT NULL,
    weighted_minutes  INTEGER NOT NULL,
    digest            TEXT    NOT NULL,
    issued_at         INTEGER NOT NULL,
    revoked_at        INTEGER,
    revoked_by        INTEGER REFERENCES users(id),
    revoked_reason    TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX certificates_code ON certificates (code);
CREATE INDEX certificates_user ON certificates (user_id, issued_at);

-- Anomaly review (F-36): what looked wrong, with its evidence, for staff to dismiss or confirm.
CREATE TABLE attendance_flags (
    id             INTEGER PRIMARY KEY,
    activity_id    INTEGER NOT NULL REFERENCES activities(id),
    user_id        INTEGER NOT NULL REFERENCES users(id),
    attendance_id  INTEGER REFERENCES attendances(id),
    -- overlap | outside_fence | impossible_travel | shared_device | no_checkout | delayed
    kind           TEXT    NOT NULL,
    -- the evidence, as JSON
    evidence       TEXT    NOT NULL,
    -- open | dismissed | confirmed
    status         TEXT    NOT NULL,
    reviewed_by    INTEGER REFERENCES users(id),
    reviewed_at    INTEGER,
    review_note    TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX attendance_flags_once ON attendance_flags (activity_id, user_id, kind);
CREATE INDEX attendance_flags_queue ON attendance_flags (status, activity_id);

-- When staff closed the activity (service records made); NULL while open. No-shows are the
-- confirmed sign-ups without attendance at closing, counted on the person's record.
ALTER TABLE activities ADD COLUMN closed_at INTEGER;
ALTER TABLE activities ADD COLUMN closed_by INTEGER REFERENCES users(id);
-- metres around the activity's position within which a position check-in counts
ALTER TABLE activities ADD COLUMN checkin_radius_m INTEGER NOT NULL DEFAULT 300;
ALTER TABLE signups ADD COLUMN no_show INTEGER NOT NULL DEFAULT 0;
