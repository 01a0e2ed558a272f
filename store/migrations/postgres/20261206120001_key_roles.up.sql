-- Two more key roles (`viewer`: read-only operations views; `reviewer`:
-- items, review queue, audit log, live feed, decisions) and the name of the
-- person a key belongs to, recorded with their decisions and audit entries.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
    CHECK (role IN ('client', 'admin', 'viewer', 'reviewer'));
ALTER TABLE api_keys ADD COLUMN person TEXT;
-- Expand: the previous release reads these rows (it only refuses the new
-- roles, which exist once someone creates such a key).
INSERT INTO schema_compat (version, compatible) VALUES (20261206120001, 1);
