DELETE FROM schema_compat WHERE version = 20261207003000;
DROP INDEX webhook_events_notices;
