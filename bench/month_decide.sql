-- SQL baseline of bench/month.sh, step 3 (see month_open.sql).
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
-- ---- decide (bands, then the quota per decider and framework) ----------------
BEGIN IMMEDIATE;
CREATE TEMP TABLE g AS
SELECT e.id, e.decider_id, e.framework_version_id AS fw, f.code AS fcode, e.review_total AS t,
  CASE WHEN e.review_total >= 9000 THEN 0 WHEN e.review_total >= 7000 THEN 1 WHEN e.review_total >= 5000 THEN 2 ELSE 3 END AS band
FROM evaluations e JOIN framework_versions f ON f.id = e.framework_version_id
WHERE e.period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@);
CREATE TEMP TABLE r AS
SELECT id, band, t, fcode,
  ROW_NUMBER() OVER (PARTITION BY decider_id, fw ORDER BY t DESC) AS rn,
  COUNT(*) OVER (PARTITION BY decider_id, fw) AS n,
  SUM(band <= 1) OVER (PARTITION BY decider_id, fw) AS htt
FROM g;
CREATE INDEX temp.r_id ON r(id);
UPDATE evaluations SET status = 'decided', final_total = r.t, candidate = (r.band = 0),
  top_granted = (r.band = 0 AND r.rn <= CASE WHEN r.fcode = 'HN-3814' THEN r.n * 3 / 10 ELSE r.htt / 6 END),
  grade_band = CASE WHEN r.band = 0 AND r.rn > CASE WHEN r.fcode = 'HN-3814' THEN r.n * 3 / 10 ELSE r.htt / 6 END THEN 1 ELSE r.band END,
  grade_code = CASE WHEN r.fcode = 'HN-3814' THEN substr('ABCD', 1 + CASE WHEN r.band = 0 AND r.rn > r.n * 3 / 10 THEN 1 ELSE r.band END, 1)
    ELSE CASE CASE WHEN r.band = 0 AND r.rn > r.htt / 6 THEN 1 ELSE r.band END WHEN 0 THEN 'HTXS' WHEN 1 THEN 'HTT' WHEN 2 THEN 'HT' ELSE 'KHT' END END,
  updated_at = strftime('%Y-%m-%dT%H:%M:%SZ'), version = version + 1
FROM r WHERE r.id = evaluations.id;
INSERT INTO evaluation_steps(evaluation_id, seq, step, actor, at, due, late, reason)
SELECT id, version, 'decide', 'sql', updated_at, '@DUE_DECIDE@', 1, NULL FROM evaluations
WHERE period_id IN (SELECT id FROM periods WHERE kind = 'month' AND year = @YEAR@ AND month = @MONTH@) ORDER BY id;
COMMIT;
