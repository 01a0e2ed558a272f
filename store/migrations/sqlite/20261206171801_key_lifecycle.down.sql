DELETE FROM schema_compat WHERE version = 20261206171801;
ALTER TABLE api_keys DROP COLUMN max_age_secs;
ALTER TABLE api_keys DROP COLUMN rotated_at;
