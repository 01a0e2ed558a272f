DROP INDEX api_keys_rotated_from;
