-- The same 1,000,000 decided items as seed-sqlite.sql, for PostgreSQL.
SET synchronous_commit = off;
BEGIN;
INSERT INTO content_items (source_app, external_id, content_type, text, status, created_at, updated_at)
SELECT 'forum', 'post-' || i, 'comment',
       'a friendly comment number ' || i || ' about the weather, the match and the new season',
       CASE i % 10 WHEN 0 THEN 'flagged' WHEN 1 THEN 'blocked' ELSE 'approved' END,
       timestamptz '2025-12-01' + i * interval '30 seconds',
       timestamptz '2025-12-01' + i * interval '30 seconds' + interval '1 second'
FROM generate_series(1, 1000000) AS i;
INSERT INTO decisions (item_id, verdict, policy_version, decided_by, decided_at)
SELECT id, status, '1', 'rule', updated_at FROM content_items;
INSERT INTO moderation_results (item_id, category, score, classifier, model_version, created_at)
SELECT c.id, k.category, (c.id % 97) / 100.0, 'local', '2026.11', c.updated_at
FROM content_items c, (VALUES ('toxicity'), ('spam'), ('sexual'), ('violence')) AS k(category);
COMMIT;
ANALYZE;
