-- Back to two roles: fails (CHECK) while viewer or reviewer keys exist.
DELETE FROM schema_compat WHERE version = 20261206120001;
ALTER TABLE api_keys DROP COLUMN person;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('client', 'admin'));
