-- Retention deletes the key notices (outbox events with no item) by age,
-- per app like the items. They are a handful among every decision's
-- events, so a partial index holds only them: the sweep reads just those
-- rows instead of walking the whole outbox. Expand only: the previous
-- release never reads it.
CREATE INDEX IF NOT EXISTS webhook_events_notices ON webhook_events (source_app, created_at)
    WHERE item_id IS NULL;
INSERT INTO schema_compat (version, compatible) VALUES (20261207003000, 1);
