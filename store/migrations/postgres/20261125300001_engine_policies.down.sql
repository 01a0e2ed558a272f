ALTER TABLE decisions DROP COLUMN model_versions;
ALTER TABLE decisions DROP COLUMN gaps;
ALTER TABLE decisions DROP COLUMN language;
DROP TABLE policies;
