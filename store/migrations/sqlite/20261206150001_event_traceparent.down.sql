DELETE FROM schema_compat WHERE version = 20261206150001;
ALTER TABLE webhook_events DROP COLUMN traceparent;
