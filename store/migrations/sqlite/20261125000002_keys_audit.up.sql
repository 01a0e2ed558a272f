-- API keys (only their SHA-256 hash is stored) and the audit log.

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('client', 'admin')),
    key_hash     BLOB NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    -- JSON array of app names the key may submit for.
    source_apps  TEXT NOT NULL DEFAULT '[]'
                 CHECK (json_valid(source_apps) AND json_type(source_apps) = 'array'),
    rate_limit   TEXT,
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
-- Audit retention deletes by age.
CREATE INDEX audit_log_at ON audit_log (at);
