-- 1,000,000 decided items, each with 4 category scores and a decision:
-- the shape a year of a mid-sized forum leaves behind. Run on a migrated
-- database (modctl migrate up). ~1.3 GB.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO content_items (id, source_app, external_id, content_type, text, status, created_at, updated_at)
SELECT i, 'forum', 'post-' || i, 'comment',
       'a friendly comment number ' || i || ' about the weather, the match and the new season',
       CASE i % 10 WHEN 0 THEN 'flagged' WHEN 1 THEN 'blocked' ELSE 'approved' END,
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1764547200 + i * 30, 'unixepoch'),
       strftime('%Y-%m-%dT%H:%M:%S.000000Z', 1764547200 + i * 30 + 1, 'unixepoch')
FROM n;
INSERT INTO decisions (item_id, verdict, policy_version, decided_by, decided_at)
SELECT id, status, '1', 'rule', updated_at FROM content_items;
INSERT INTO moderation_results (item_id, category, score, classifier, model_version, created_at)
SELECT c.id, k.category, (c.id % 97) / 100.0, 'local', '2026.11', c.updated_at
FROM content_items c, (SELECT 'toxicity' AS category UNION ALL SELECT 'spam'
                       UNION ALL SELECT 'sexual' UNION ALL SELECT 'violence') k;
COMMIT;
