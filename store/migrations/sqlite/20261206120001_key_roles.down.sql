-- Back to two roles: fails (CHECK) while viewer or reviewer keys exist;
-- revoke and delete them first. The person column is dropped.
CREATE TABLE api_keys_roles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('client', 'admin')),
    key_hash     BLOB NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    source_apps  TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(source_apps) AND json_type(source_apps) = 'array'),
    rate_limit   TEXT,
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT,
    rotated_from INTEGER
);
INSERT INTO api_keys_roles
    (id, name, role, key_hash, prefix, source_apps, rate_limit, created_by, created_at,
     expires_at, last_used_at, revoked_at, rotated_from)
SELECT id, name, role, key_hash, prefix, source_apps, rate_limit, created_by, created_at,
       expires_at, last_used_at, revoked_at, rotated_from
FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_roles RENAME TO api_keys;
CREATE INDEX api_keys_rotated_from ON api_keys (rotated_from);
DELETE FROM schema_compat WHERE version = 20261206120001;
