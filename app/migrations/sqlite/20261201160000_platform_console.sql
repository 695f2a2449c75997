-- The platform console's audit log reads newest first, filtered by action and by date range
-- (issue 11 item 11); actor and subject already have their indexes.
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_action ON audit_log (action, at);
