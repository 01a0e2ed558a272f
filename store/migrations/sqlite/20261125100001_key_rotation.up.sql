-- Rotation: a key issued by `keys rotate` points at the key it replaced.
-- The old key keeps working until its revoked_at (in the future during the
-- grace period), so no other column is needed. No REFERENCES clause here:
-- SQLite cannot DROP a column that takes part in a foreign key, and the down
-- migration must work. Keys are never deleted, so the id always resolves.
ALTER TABLE api_keys ADD COLUMN rotated_from INTEGER;
