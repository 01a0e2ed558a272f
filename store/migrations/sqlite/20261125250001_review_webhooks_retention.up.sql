-- Human review, per-app settings, the webhook outbox and its delivery log.
-- Timestamps are fixed-width RFC 3339 text, as in the first migration.

-- A reviewer's decision overwrites the rule's `flagged` verdict (the rule's
-- reason stays); who reviewed and why is kept beside it.
ALTER TABLE decisions ADD COLUMN reviewed_by TEXT;
ALTER TABLE decisions ADD COLUMN review_note TEXT;

-- Per-app settings. An app without a row uses the defaults (no webhook,
-- MODD_RETENTION_DAYS, keep text).
CREATE TABLE apps (
    source_app       TEXT PRIMARY KEY,
    webhook_url      TEXT,
    -- XChaCha20-Poly1305 under a key derived from SECRET_KEY: "v1." + base64(nonce || ciphertext).
    webhook_secret   TEXT,
    -- The secret before the last rotation, still used to sign until previous_until.
    previous_secret  TEXT,
    previous_until   TEXT,
    retention_days   INTEGER CHECK (retention_days >= 1),
    storage_mode     TEXT NOT NULL DEFAULT 'text' CHECK (storage_mode IN ('text', 'redacted', 'none')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- The outbox: one row per event, written in the decision's transaction.
CREATE TABLE webhook_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The Standard Webhooks `webhook-id`, the same on every attempt.
    webhook_id      TEXT NOT NULL UNIQUE,
    item_id         INTEGER REFERENCES content_items (id) ON DELETE CASCADE,
    source_app      TEXT NOT NULL,
    -- 'flagged' (held for review) or 'final'; one of each per item at most.
    kind            TEXT NOT NULL CHECK (kind IN ('flagged', 'final')),
    -- The exact body sent (and signed) on every attempt.
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- A replica delivering the event holds it until then; an expired lease is free again.
    lease_until     TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    UNIQUE (item_id, kind)
);
CREATE INDEX webhook_events_due ON webhook_events (status, next_attempt_at);
CREATE INDEX webhook_events_app ON webhook_events (source_app, id);

-- Every delivery attempt, for `modctl webhooks deliveries`.
CREATE TABLE webhook_deliveries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     INTEGER REFERENCES webhook_events (id) ON DELETE CASCADE,
    webhook_id   TEXT NOT NULL,
    source_app   TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    status_code  INTEGER,
    latency_ms   INTEGER NOT NULL,
    error        TEXT
);
CREATE INDEX webhook_deliveries_app ON webhook_deliveries (source_app, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
