-- The profile's multi-choice code lists (issue 14): one row per chosen code, beside the
-- comma-joined text columns the pages display. The roster filter asks "has this code" through
-- this table, which the planner can estimate (and serve by index when few people have the
-- code); `(',' || list || ',') LIKE '%,code,%'` it could do neither for, so on PostgreSQL a
-- filtered page of a million-member corps joined everything before sorting (2.9 s).
-- `kind` is the profile column's name. Written with the profile (volunteers::repo::save_many_on).
CREATE TABLE profile_choices (
    user_id  BIGINT NOT NULL REFERENCES users(id),
    kind     TEXT   NOT NULL,
    code     TEXT   NOT NULL,
    PRIMARY KEY (user_id, kind, code)
);
CREATE INDEX profile_choices_code ON profile_choices (kind, code, user_id);

INSERT INTO profile_choices (user_id, kind, code)
SELECT DISTINCT user_id, kind, code FROM (
    SELECT user_id, 'service_categories' AS kind, unnest(string_to_array(service_categories, ',')) AS code FROM profiles
    UNION ALL
    SELECT user_id, 'service_fields', unnest(string_to_array(service_fields, ',')) FROM profiles
) AS split
WHERE code <> '';
