-- Content items, their category scores and their decisions.
-- Timestamps are TEXT in RFC 3339 UTC with microseconds ("2026-11-25T10:00:00.000000Z"):
-- sqlx decodes that as DateTime<Utc>, and the fixed width makes text order equal time order,
-- so range filters (retention) and ORDER BY work on the raw column.

CREATE TABLE content_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source_app   TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    text         TEXT,
    image_url    TEXT,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'flagged', 'blocked', 'error')),
    error        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (source_app, external_id)
);
-- Pending scans page by id within one status.
CREATE INDEX content_items_status_id ON content_items (status, id);
-- The retention sweeper deletes by age.
CREATE INDEX content_items_created_at ON content_items (created_at);

CREATE TABLE moderation_results (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id       INTEGER NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    score         REAL NOT NULL CHECK (score >= 0.0 AND score <= 1.0),
    classifier    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX moderation_results_item_id ON moderation_results (item_id);

-- One decision per item; its primary key doubles as the foreign-key index.
CREATE TABLE decisions (
    item_id        INTEGER PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
    verdict        TEXT NOT NULL CHECK (verdict IN ('approved', 'flagged', 'blocked')),
    reason         TEXT,
    policy_version TEXT NOT NULL,
    decided_by     TEXT NOT NULL CHECK (decided_by IN ('rule', 'human')),
    decided_at     TEXT NOT NULL
);
