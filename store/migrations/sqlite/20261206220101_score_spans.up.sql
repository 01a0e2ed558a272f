-- Where in the text each score was found: the detectors' (and any model's)
-- spans, as a JSON array of {begin, end, score, kind} in char offsets of the
-- stored text, so a reviewer can be shown why later. NULL = no spans.
-- Expand only: the previous release names its columns and never reads it.
ALTER TABLE moderation_results ADD COLUMN spans TEXT;
INSERT INTO schema_compat (version, compatible) VALUES (20261206220101, 1);
