-- Which migrations the previous release can run against (expand/contract,
-- docs/src/operating/migrations-compat.md). Every migration from this one on
-- records itself here in its own up file: 1 = expand (the previous release
-- still works on the new schema), 0 = contract (it does not). A binary that
-- finds applied migrations it does not know starts only if all are 1.
CREATE TABLE schema_compat (
    version    BIGINT PRIMARY KEY,
    compatible INTEGER NOT NULL CHECK (compatible IN (0, 1))
);
INSERT INTO schema_compat (version, compatible) VALUES (20261206000001, 1);
