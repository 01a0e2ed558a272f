-- Versioned per-app moderation policies, and what each automatic decision
-- was made from (language, gaps, every model version), so decisions can be
-- explained and re-decided by a policy dry run without classifying again.

CREATE TABLE policies (
    source_app TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    -- The PolicyDocument as JSON.
    document   TEXT NOT NULL CHECK (json_valid(document) AND json_type(document) = 'object'),
    created_by TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (source_app, version)
);

ALTER TABLE decisions ADD COLUMN language TEXT;
ALTER TABLE decisions ADD COLUMN gaps TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(gaps) AND json_type(gaps) = 'array');
ALTER TABLE decisions ADD COLUMN model_versions TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(model_versions) AND json_type(model_versions) = 'object');
