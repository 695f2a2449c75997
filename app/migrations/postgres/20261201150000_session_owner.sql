-- Whose session it is, so that a new password can end that person's other sessions.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);
