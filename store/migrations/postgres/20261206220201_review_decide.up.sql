-- Deciding in the console. Expand only: the previous release reads none of it.
--
-- Each app's reason codes, in the order the console numbers them (keys
-- 1-9); an app without rows uses the built-in list.
CREATE TABLE app_reason_codes (
    source_app TEXT NOT NULL,
    position   INTEGER NOT NULL CHECK (position BETWEEN 1 AND 9),
    code       TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (source_app, position),
    UNIQUE (source_app, code)
);
-- A console decision waiting out its undo window: committed (as a review,
-- with its audit entry and webhook event) at commit_at unless its reviewer
-- undoes it first. Nothing reaches the outbox before the commit, so an
-- undone decision never sends a webhook.
CREATE TABLE review_holds (
    item_id     BIGINT PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
    reviewer    TEXT NOT NULL,
    verdict     TEXT NOT NULL CHECK (verdict IN ('approved', 'blocked')),
    note        TEXT,
    reason_code TEXT,
    decided_at  TIMESTAMPTZ NOT NULL,
    commit_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX review_holds_due ON review_holds (commit_at);
INSERT INTO schema_compat (version, compatible) VALUES (20261206220201, 1);
