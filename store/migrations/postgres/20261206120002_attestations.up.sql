-- A person's confirmation of a manual `modctl verify` item, valid until
-- expires_at. Append-only: the newest unexpired row per check counts.
CREATE TABLE attestations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id    TEXT NOT NULL,
    attested_by TEXT NOT NULL,
    note        TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    -- The key that recorded it (`key:<id>`, with the person if it names one).
    actor       TEXT NOT NULL
);
CREATE INDEX attestations_expires_at ON attestations (expires_at);
-- Expand: a new table the previous release never reads.
INSERT INTO schema_compat (version, compatible) VALUES (20261206120002, 1);
