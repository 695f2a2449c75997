-- One row per counted key ("mobile:139…", "client:203.0.113.7"). Counting a limit first locks
-- its key's row, so two requests at once cannot both read the count below the limit and both
-- pass (issue 11 item 6). The rows hold nothing but the time they were last used.
CREATE TABLE limit_keys (
    key     TEXT   PRIMARY KEY,
    used_at INTEGER NOT NULL
);
