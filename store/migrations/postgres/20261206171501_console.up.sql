-- The review console. Expand only: the previous release reads none of it.
--
-- Sign-ins: the SHA-256 of the cookie's session id (the id itself is never
-- stored), the key it was exchanged for (revoking the key ends the session:
-- every request re-checks it), the CSRF token of its forms, and the idle
-- (last_seen_at) and absolute (expires_at) expiry.
CREATE TABLE console_sessions (
    id_hash      BYTEA PRIMARY KEY,
    key_id       BIGINT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_sessions_key_id ON console_sessions (key_id);
-- Who is looking at a flagged item: others cannot decide it until
-- claimed_until (a claim expires on its own; a decision removes it).
CREATE TABLE review_claims (
    item_id       BIGINT PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
    holder        TEXT NOT NULL,
    claimed_until TIMESTAMPTZ NOT NULL
);
-- The reviewer's reason code (e.g. `spam`) next to the free-text note.
ALTER TABLE decisions ADD COLUMN review_reason TEXT;
INSERT INTO schema_compat (version, compatible) VALUES (20261206171501, 1);
