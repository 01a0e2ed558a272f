DELETE FROM schema_compat WHERE version = 20261206172000;
DROP INDEX content_items_app_created_at;
