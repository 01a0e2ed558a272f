DELETE FROM schema_compat WHERE version = 20261206220101;
ALTER TABLE moderation_results DROP COLUMN spans;
