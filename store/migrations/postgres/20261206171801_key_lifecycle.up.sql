-- A key's lifecycle: when it was rotated out (the start of its grace, which
-- the Deprecation header names) and its own maximum age in seconds (over
-- MODD_KEY_MAX_AGE; NULL: the daemon's). Expand only: the previous release
-- neither reads nor writes them.
ALTER TABLE api_keys ADD COLUMN rotated_at TIMESTAMPTZ;
ALTER TABLE api_keys ADD COLUMN max_age_secs BIGINT
    CONSTRAINT api_keys_max_age_secs_check CHECK (max_age_secs > 0);
INSERT INTO schema_compat (version, compatible) VALUES (20261206171801, 1);
