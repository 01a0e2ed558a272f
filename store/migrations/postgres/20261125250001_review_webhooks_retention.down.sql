DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE apps;
ALTER TABLE decisions DROP COLUMN review_note;
ALTER TABLE decisions DROP COLUMN reviewed_by;
