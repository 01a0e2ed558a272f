ALTER TABLE api_keys DROP COLUMN rotated_from;
