-- The W3C traceparent of the decision that wrote an outbox event, so its
-- webhook delivery joins the item's trace even after a restart. Expand only:
-- the previous release neither reads nor writes it.
ALTER TABLE webhook_events ADD COLUMN traceparent TEXT;
INSERT INTO schema_compat (version, compatible) VALUES (20261206150001, 1);
