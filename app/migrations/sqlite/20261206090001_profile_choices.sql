-- The profile's multi-choice code lists (issue 14): one row per chosen code, beside the
-- comma-joined text columns the pages display. The roster filter asks "has this code" through
-- this table, which the planner can estimate (and serve by index when few people have the
-- code); `(',' || list || ',') LIKE '%,code,%'` it could do neither for, so on PostgreSQL a
-- filtered page of a million-member corps joined everything before sorting (2.9 s).
-- `kind` is the profile column's name. Written with the profile (volunteers::repo::save_many_on).
CREATE TABLE profile_choices (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    kind     TEXT    NOT NULL,
    code     TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind, code)
) WITHOUT ROWID;
CREATE INDEX profile_choices_code ON profile_choices (kind, code, user_id);

-- Each list split at its commas: `rest` is what is left to split, always ending in a comma.
INSERT OR IGNORE INTO profile_choices (user_id, kind, code)
WITH RECURSIVE split (user_id, kind, code, rest) AS (
    SELECT user_id, 'service_categories', '', service_categories || ',' FROM profiles
    UNION ALL
    SELECT user_id, 'service_fields', '', service_fields || ',' FROM profiles
    UNION ALL
    SELECT user_id, kind, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
      FROM split WHERE rest <> ''
)
SELECT user_id, kind, code FROM split WHERE code <> '';
