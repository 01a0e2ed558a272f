-- Appeals (issue #17): an app asks for a second look at a decided item.
-- One per item (the primary key), so the outbox's (item_id, 'appeal') key
-- holds the one outcome event. The decision appealed against is copied in
-- (original_status, original_reviewed_by): overturning rewrites the item's
-- decision, and the person who made it must not decide the appeal.
-- outcome is NULL while the appeal is open. Expand only: the previous
-- release reads none of it.
CREATE TABLE appeals (
    item_id              INTEGER PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
    source_app           TEXT NOT NULL,
    statement            TEXT,
    submitted_by         TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    original_status      TEXT NOT NULL CHECK (original_status IN ('approved', 'blocked')),
    original_reviewed_by TEXT,
    outcome              TEXT CHECK (outcome IN ('upheld', 'overturned')),
    decided_by           TEXT,
    decided_at           TEXT,
    reason_code          TEXT,
    note                 TEXT
);
-- The queue: open appeals, oldest item first.
CREATE INDEX appeals_open ON appeals (item_id) WHERE outcome IS NULL;
INSERT INTO schema_compat (version, compatible) VALUES (20261206220001, 1);
