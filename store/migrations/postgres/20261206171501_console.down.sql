DELETE FROM schema_compat WHERE version = 20261206171501;
ALTER TABLE decisions DROP COLUMN review_reason;
DROP TABLE review_claims;
DROP TABLE console_sessions;
