DELETE FROM schema_compat WHERE version = 20261206220201;
DROP TABLE review_holds;
DROP TABLE app_reason_codes;
