-- API keys (only their SHA-256 hash is stored) and the audit log.

CREATE TABLE api_keys (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CONSTRAINT api_keys_role_check CHECK (role IN ('client', 'admin')),
    key_hash     BYTEA NOT NULL CONSTRAINT api_keys_key_hash_key UNIQUE,
    prefix       TEXT NOT NULL,
    -- JSON array of app names the key may submit for.
    source_apps  JSONB NOT NULL DEFAULT '[]'::jsonb
                 CONSTRAINT api_keys_source_apps_check CHECK (jsonb_typeof(source_apps) = 'array'),
    rate_limit   TEXT,
    created_by   TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail JSONB NOT NULL DEFAULT '{}'::jsonb
);
-- Audit retention deletes by age.
CREATE INDEX audit_log_at ON audit_log (at);
