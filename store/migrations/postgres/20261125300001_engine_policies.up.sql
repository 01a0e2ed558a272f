-- Versioned per-app moderation policies, and what each automatic decision
-- was made from (language, gaps, every model version), so decisions can be
-- explained and re-decided by a policy dry run without classifying again.

CREATE TABLE policies (
    source_app TEXT NOT NULL,
    version    BIGINT NOT NULL CONSTRAINT policies_version_check CHECK (version >= 1),
    -- The PolicyDocument as JSON.
    document   JSONB NOT NULL CONSTRAINT policies_document_check CHECK (jsonb_typeof(document) = 'object'),
    created_by TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT policies_pkey PRIMARY KEY (source_app, version)
);

ALTER TABLE decisions ADD COLUMN language TEXT;
ALTER TABLE decisions ADD COLUMN gaps JSONB NOT NULL DEFAULT '[]'::jsonb
    CONSTRAINT decisions_gaps_check CHECK (jsonb_typeof(gaps) = 'array');
ALTER TABLE decisions ADD COLUMN model_versions JSONB NOT NULL DEFAULT '{}'::jsonb
    CONSTRAINT decisions_model_versions_check CHECK (jsonb_typeof(model_versions) = 'object');
