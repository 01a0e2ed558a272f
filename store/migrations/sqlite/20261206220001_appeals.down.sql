-- Appeals go; decisions they overturned stay as they are, and their outcome
-- events stay in the outbox (the previous release delivers any body it finds).
DROP TABLE appeals;
DELETE FROM schema_compat WHERE version = 20261206220001;
