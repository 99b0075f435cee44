-- The SQL baseline of the year in bench/month.sh: the annual classification
-- of canbo (annual run) written as plain SQL on a copy of the same
-- database: the rounded mean of the decided months, under 6 months not
-- classified, discipline in the year KHT, bands 90 / 70 / 50, the annual
-- HTXS quota (20% of those rated per list of the latest decider) from a
-- window function, and the "KHT two years running" flag. It leaves out what
-- canbo does besides (absence, maternity, protections, ties).
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
BEGIN IMMEDIATE;
CREATE TEMP TABLE y AS
SELECT e.person_id, MAX(e.unit_id) AS unit_id, MAX(e.decider_id) AS decider_id, COUNT(*) AS n,
  (SUM(e.final_total) + COUNT(*) / 2) / COUNT(*) AS mean
FROM evaluations e
WHERE e.period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = 2026)
  AND (e.status = 'decided' OR e.status = 'published' OR e.status = 'locked')
GROUP BY e.person_id;
CREATE TEMP TABLE d AS SELECT DISTINCT person_id FROM discipline
  WHERE decided >= '2026-01-01' AND decided < '2027-01-01' AND pending = 0;
CREATE TEMP TABLE yq AS
SELECT y.*, g, ROW_NUMBER() OVER (PARTITION BY decider_id ORDER BY mean DESC) AS rn,
  SUM(g < 4) OVER (PARTITION BY decider_id) AS rated
FROM (SELECT y.*, CASE WHEN n < 6 THEN 4 WHEN d.person_id IS NOT NULL THEN 3 WHEN mean >= 9000 THEN 0
  WHEN mean >= 7000 THEN 1 WHEN mean >= 5000 THEN 2 ELSE 3 END AS g
  FROM y LEFT JOIN d ON d.person_id = y.person_id) y;
INSERT INTO annual_results(year, person_id, unit_id, decider_id, months_counted, months_absent, days_absent,
  maternity_months, mean_total, by_score, grade, top_granted, reason, computed_at)
SELECT 2026, person_id, unit_id, decider_id, n, 12 - n, 0, 0, CASE WHEN g = 4 THEN NULL ELSE mean END,
  CASE g WHEN 0 THEN 'HTXS' WHEN 1 THEN 'HTT' WHEN 2 THEN 'HT' WHEN 3 THEN 'KHT' ELSE 'CXL' END,
  CASE WHEN g = 0 AND rn > rated / 5 THEN 'HTT' ELSE CASE g WHEN 0 THEN 'HTXS' WHEN 1 THEN 'HTT' WHEN 2 THEN 'HT' WHEN 3 THEN 'KHT' ELSE 'CXL' END END,
  g = 0 AND rn <= rated / 5,
  CASE WHEN g = 4 THEN 'Thời gian công tác trong năm dưới 6 tháng' WHEN g = 0 AND rn > rated / 5 THEN 'Ngoài tỷ lệ HTXS' END,
  strftime('%Y-%m-%dT%H:%M:%SZ')
FROM yq ORDER BY person_id
ON CONFLICT (year, person_id) DO UPDATE SET months_counted = excluded.months_counted,
  mean_total = excluded.mean_total, by_score = excluded.by_score, grade = excluded.grade,
  top_granted = excluded.top_granted, reason = excluded.reason, computed_at = excluded.computed_at;
UPDATE annual_results SET consequences = 'Không hoàn thành nhiệm vụ 2 năm liên tiếp'
WHERE year = 2026 AND grade = 'KHT' AND person_id IN (SELECT person_id FROM annual_results WHERE year = 2025 AND grade = 'KHT');
COMMIT;
