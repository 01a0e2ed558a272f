-- Back to two kinds: events of the new kinds (and their deliveries) are dropped.
-- Rebuild the outbox table (SQLite cannot alter a CHECK). Its deliveries
-- wait in a constraint-free copy meanwhile: dropping webhook_events with
-- foreign keys on cascades into any table that references it by name.
CREATE TABLE webhook_events_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      TEXT NOT NULL UNIQUE,
    item_id         INTEGER REFERENCES content_items (id) ON DELETE CASCADE,
    source_app      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('flagged', 'final')),
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until     TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    traceparent     TEXT,
    UNIQUE (item_id, kind)
);
INSERT INTO webhook_events_new
    (id, webhook_id, item_id, source_app, kind, body, status, attempts, next_attempt_at,
     lease_until, last_status, last_error, created_at, delivered_at, traceparent)
SELECT id, webhook_id, item_id, source_app, kind, body, status, attempts, next_attempt_at,
       lease_until, last_status, last_error, created_at, delivered_at, traceparent
FROM webhook_events WHERE kind IN ('flagged', 'final');
CREATE TABLE webhook_deliveries_hold AS
SELECT d.id, d.event_id, d.webhook_id, d.source_app, d.attempt, d.attempted_at, d.status_code,
       d.latency_ms, d.error
FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.kind IN ('flagged', 'final');
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
ALTER TABLE webhook_events_new RENAME TO webhook_events;
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
INSERT INTO webhook_deliveries SELECT * FROM webhook_deliveries_hold;
DROP TABLE webhook_deliveries_hold;
CREATE INDEX webhook_events_due ON webhook_events (status, next_attempt_at);
CREATE INDEX webhook_events_app ON webhook_events (source_app, id);
CREATE INDEX webhook_deliveries_app ON webhook_deliveries (source_app, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
DELETE FROM schema_compat WHERE version = 20261206210001;
