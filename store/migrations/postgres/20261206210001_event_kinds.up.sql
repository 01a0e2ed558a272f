-- Outbox kinds for the events that are not about one decision: an appeal's
-- outcome ('appeal', one per item) and key lifecycle notices ('key_rotating',
-- 'key_expiring'; no item, so the (item_id, kind) key does not limit them).
-- Expand only: the previous release writes the old kinds and delivers any
-- body it finds.
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_kind_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_kind_check
    CHECK (kind IN ('flagged', 'final', 'appeal', 'key_rotating', 'key_expiring'));
INSERT INTO schema_compat (version, compatible) VALUES (20261206210001, 1);
