DELETE FROM schema_compat WHERE version = 20261206120002;
DROP TABLE attestations;
