-- Every foreign key gets an index (checklist item 13, `modctl verify`
-- db.fk-indexes): without one, following a rotation chain, or any delete of
-- a key, scans api_keys. SQLite has no constraint on this column (see
-- key_rotation) but gets the same index so both schemas stay alike.
CREATE INDEX api_keys_rotated_from ON api_keys (rotated_from);
