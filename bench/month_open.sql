-- The SQL baseline of bench/month.sh: the month of canbo (open, score,
-- decide) written as plain SQL and run by the sqlite3 shell on a copy of the
-- same database, in the same run. It does the same writes canbo does
-- (evaluations, criterion scores, step rows, decisions) with a simplified
-- computation that favours it: the head of the unit (or of the parent unit)
-- from one join, no moves within the month, no disqualifiers, no ties and
-- no per-group counting, bands and the quota from window functions.
-- Parameters are substituted by month.sh: @YEAR@, @MONTH@, @STARTS@, @ENDS@.
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -65536;
PRAGMA temp_store = MEMORY;
-- ---- open ---------------------------------------------------------------
BEGIN IMMEDIATE;
CREATE TEMP TABLE parent AS
  SELECT unit_id, parent_id FROM unit_versions
  WHERE valid_from < '@ENDS@' AND (valid_to IS NULL OR valid_to > '@STARTS@');
CREATE INDEX temp.parent_parent ON parent(parent_id);
CREATE TEMP TABLE root AS
  WITH RECURSIVE down(unit_id, root_id) AS (
    SELECT unit_id, unit_id FROM parent WHERE parent_id IS NULL
    UNION ALL SELECT p.unit_id, d.root_id FROM parent p JOIN down d ON p.parent_id = d.unit_id)
  SELECT unit_id, root_id FROM down;
CREATE TEMP TABLE heads AS
  SELECT unit_id, MIN(person_id) AS person_id FROM assignments
  WHERE leader_level = 'head' AND (kind = 'primary' OR kind = 'concurrent')
    AND valid_from < '@ENDS@' AND (valid_to IS NULL OR valid_to > '@STARTS@')
  GROUP BY unit_id;
CREATE INDEX temp.heads_unit ON heads(unit_id);
CREATE INDEX temp.parent_unit ON parent(unit_id);
CREATE INDEX temp.root_unit ON root(unit_id);
INSERT INTO periods(unit_id, kind, year, month, starts, ends, status, opened_at, opened_by, updated_at)
  SELECT DISTINCT root_id, 'month', @YEAR@, @MONTH@, '@STARTS@', '@ENDS@', 'open', strftime('%Y-%m-%dT%H:%M:%SZ'), 'sql', strftime('%Y-%m-%dT%H:%M:%SZ') FROM root;
INSERT INTO evaluations(period_id, person_id, year, month, unit_id, assignment_id, position,
  framework_version_id, category, is_leader, leader_level, group_code, reviewer_id, decider_id,
  days_in_post, days_in_month, updated_at)
SELECT pe.id, a.person_id, @YEAR@, @MONTH@, a.unit_id, a.id, a.position,
  (SELECT f.id FROM framework_versions f WHERE f.code = CASE WHEN p.category = 'CC' THEN 'ND-335' ELSE 'HN-3814' END
   ORDER BY f.version DESC LIMIT 1),
  p.category, a.is_leader, a.leader_level, lower(a.position),
  CASE WHEN h.person_id IS NULL OR h.person_id = a.person_id THEN ph.person_id ELSE h.person_id END,
  CASE WHEN a.is_leader = 1 OR h.person_id IS NULL OR h.person_id = a.person_id THEN ph.person_id ELSE h.person_id END,
  julianday('@ENDS@') - julianday('@STARTS@'), julianday('@ENDS@') - julianday('@STARTS@'),
  strftime('%Y-%m-%dT%H:%M:%SZ')
FROM assignments a JOIN people p ON p.id = a.person_id
JOIN root r ON r.unit_id = a.unit_id
JOIN periods pe ON pe.unit_id = r.root_id AND pe.kind = 'month' AND pe.year = @YEAR@ AND pe.month = @MONTH@
LEFT JOIN heads h ON h.unit_id = a.unit_id
LEFT JOIN parent pa ON pa.unit_id = a.unit_id
LEFT JOIN heads ph ON ph.unit_id = pa.parent_id
WHERE a.kind = 'primary' AND a.valid_from < '@ENDS@' AND (a.valid_to IS NULL OR a.valid_to > '@STARTS@')
  AND (p.status = 'working' OR p.status = 'seconded')
ORDER BY a.person_id;
COMMIT;

