-- Rotation: a key issued by `keys rotate` points at the key it replaced.
-- The old key keeps working until its revoked_at (in the future during the
-- grace period), so no other column is needed.
ALTER TABLE api_keys
    ADD COLUMN rotated_from BIGINT
        CONSTRAINT api_keys_rotated_from_fkey REFERENCES api_keys (id);
