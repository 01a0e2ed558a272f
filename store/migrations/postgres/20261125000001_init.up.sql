-- Content items, their category scores and their decisions.

CREATE TABLE content_items (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_app   TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    content_type TEXT NOT NULL,
    text         TEXT,
    image_url    TEXT,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CONSTRAINT content_items_status_check
                 CHECK (status IN ('pending', 'approved', 'flagged', 'blocked', 'error')),
    error        TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT content_items_source_app_external_id_key UNIQUE (source_app, external_id)
);
-- Pending scans page by id within one status.
CREATE INDEX content_items_status_id ON content_items (status, id);
-- The retention sweeper deletes by age.
CREATE INDEX content_items_created_at ON content_items (created_at);

CREATE TABLE moderation_results (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id       BIGINT NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL
                  CONSTRAINT moderation_results_score_check CHECK (score >= 0.0 AND score <= 1.0),
    classifier    TEXT NOT NULL,
    model_version TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX moderation_results_item_id ON moderation_results (item_id);

-- One decision per item; its primary key doubles as the foreign-key index.
CREATE TABLE decisions (
    item_id        BIGINT PRIMARY KEY REFERENCES content_items (id) ON DELETE CASCADE,
    verdict        TEXT NOT NULL
                   CONSTRAINT decisions_verdict_check CHECK (verdict IN ('approved', 'flagged', 'blocked')),
    reason         TEXT,
    policy_version TEXT NOT NULL,
    decided_by     TEXT NOT NULL
                   CONSTRAINT decisions_decided_by_check CHECK (decided_by IN ('rule', 'human')),
    decided_at     TIMESTAMPTZ NOT NULL
);
