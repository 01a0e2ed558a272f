-- Back to two kinds: events of the new kinds (and their deliveries) are dropped.
DELETE FROM webhook_events WHERE kind NOT IN ('flagged', 'final');
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_kind_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_kind_check
    CHECK (kind IN ('flagged', 'final'));
DELETE FROM schema_compat WHERE version = 20261206210001;
