-- Retention of one app (apps.retention_days) deletes its oldest items in
-- batches: with (source_app, created_at) each batch reads only that app's
-- expired rows, where content_items_created_at alone walks past every
-- other app's old rows on every batch. Expand only: the previous release
-- runs the same queries, faster.
CREATE INDEX IF NOT EXISTS content_items_app_created_at ON content_items (source_app, created_at);
INSERT INTO schema_compat (version, compatible) VALUES (20261206172000, 1);
