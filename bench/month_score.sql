-- SQL baseline of bench/month.sh, step 2 (see month_open.sql).
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
-- ---- score (self-assessment and review) ------------------------------------
BEGIN IMMEDIATE;
CREATE TEMP TABLE crit(fw TEXT, code TEXT, max INTEGER, k INTEGER);
INSERT INTO crit VALUES ('HN-3814', 'YT', 2000, 0), ('HN-3814', 'KQ', 7000, 1), ('HN-3814', 'THUONG', 1000, 2),
  ('ND-335', 'TCC_A', 1000, 0), ('ND-335', 'TCC_B', 1000, 1), ('ND-335', 'TCC_C', 1000, 2), ('ND-335', 'KQ_SP', 7000, 3);
INSERT INTO evaluation_scores(evaluation_id, step, criterion, points)
SELECT e.id, 'self', c.code, c.max * (6500 + (e.person_id * 7919 + c.k * 104729 + @MONTH@ * 31) % 3501) / 10000 / 25 * 25
FROM evaluations e JOIN framework_versions f ON f.id = e.framework_version_id JOIN crit c ON c.fw = f.code
WHERE e.period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@)
ORDER BY e.id, c.k;
UPDATE evaluations SET
  self_total = (SELECT MIN(10000, SUM(points)) FROM evaluation_scores s WHERE s.evaluation_id = evaluations.id AND s.step = 'self'),
  status = 'reviewed', updated_at = strftime('%Y-%m-%dT%H:%M:%SZ'), late = 3, version = version + 2
WHERE period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@);
UPDATE evaluations SET review_total = self_total
WHERE period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@);
INSERT INTO evaluation_steps(evaluation_id, seq, step, actor, at, due, late, reason)
SELECT id, 2, 'self', 'sql', updated_at, '@DUE_SELF@', 1, NULL FROM evaluations
WHERE period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@) ORDER BY id;
INSERT INTO evaluation_steps(evaluation_id, seq, step, actor, at, due, late, reason)
SELECT id, 3, 'review', 'sql', updated_at, '@DUE_REVIEW@', 1, NULL FROM evaluations
WHERE period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@) ORDER BY id;
COMMIT;

