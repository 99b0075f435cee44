#!/usr/bin/env bash
# The month and the year at scale: 200,000 people from `canbo gen` (two
# provinces, ~8,500 units), each step timed with its peak memory
# (/usr/bin/time -f "%e %M"), against the same computation written as plain
# SQL (bench/month_*.sql, bench/year.sql; on PostgreSQL the same scripts
# respelled by to_pg below, run by psql) on a copy of the same database in the same run, on SQLite,
# on PostgreSQL or on both side by side.
#
#   bench/month.sh                 the month and the year on SQLite
#   BENCH_BACKENDS="sqlite postgres" bench/month.sh   both, one table
#   BENCH_BACKENDS=postgres bench/month.sh            PostgreSQL only
#   BENCH_PEOPLE=50000 bench/month.sh   a smaller workforce
#   BENCH_SKIP_YEAR=1 bench/month.sh    the month only
#   BENCH_SKIP_SQL=1 bench/month.sh     canbo only, no SQL baseline (3,000,000 people)
#   CANBO_BIN=path bench/month.sh       an already built binary
#   BENCH_KEEP_DB=1 bench/month.sh      keep the databases (about 1 GB) afterwards
#   BENCH_PG_URL=postgres://… bench/month.sh   a server of your own (its
#                                       databases bench_* are dropped and made);
#                                       default: bench/pg.sh (durable settings)
#
# The month (targets: under 2 s, faster than SQL, peak memory under 1 GB):
#   open    canbo period open HNI,HCM --month 01/2026      (one evaluation per person)
#   score   canbo eval autoscore HNI,HCM --month 01/2026 --seed 1 --review
#           (every self-assessment and its review, deterministic scores)
#   decide  canbo eval decide HNI,HCM --month 01/2026 --ties none --reason …
#           (grades, disqualifiers, the quota per decision list, step rows)
# The year (target: under 5 s): canbo annual run HNI,HCM --year 2026 over
# 200,000 people × 12 decided months. Months 2–12 are copied from month 1
# with SQL (setup, not timed), each with its own totals. On PostgreSQL the
# generated database is VACUUM ANALYZEd once (setup, as autovacuum would
# after the load); peak MB is canbo's own (the server's memory is apart).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build >/dev/null
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [ -z "${CANBO_BIN:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build build/release -j"$(nproc)" --target canbo >/dev/null
fi
BIN=${CANBO_BIN:-$PWD/build/release/canbo}
PEOPLE=${BENCH_PEOPLE:-200000}
OUT=${BENCH_OUT:-bench/out-month}  # not under bench/out, which bench/run.sh empties
rm -rf "$OUT"; mkdir -p "$OUT"
RES=$OUT/results
: >"$RES"

. bench/lib.sh
REPEAT=${BENCH_REPEAT:-3}

BACKENDS=${BENCH_BACKENDS:-sqlite}
SUBST="s/@YEAR@/2026/g; s/@MONTH@/1/g; s/@STARTS@/2026-01-01/g; s/@ENDS@/2026-02-01/g;
       s/@DUE_SELF@/2026-02-05/g; s/@DUE_REVIEW@/2026-02-08/g; s/@DUE_DECIDE@/2026-02-10/g"
PGURL=
if [[ " $BACKENDS " == *" postgres "* ]]; then
  PGURL=${BENCH_PG_URL:-$(bench/pg.sh start)}
  PGBASE=${PGURL%/*}
fi
# url BACKEND NAME: the database NAME of the backend
url() { if [ "$1" = sqlite ]; then echo "$OUT/$2.db"; else echo "$PGBASE/bench_$2"; fi; }
# sql BACKEND NAME: runs standard input on database NAME
sql() { if [ "$1" = sqlite ]; then sqlite3 "$(url "$1" "$2")"; else psql -qAt -v ON_ERROR_STOP=1 "$(url "$1" "$2")"; fi; }
# copy BACKEND FROM TO: TO becomes a copy of FROM
copy() {
  if [ "$1" = sqlite ]; then rm -f "$OUT/$3".db*; cp "$OUT/$2.db" "$OUT/$3.db"
  else psql -qAt "$PGBASE/postgres" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_$3" -c "CREATE DATABASE bench_$3 TEMPLATE bench_$2"; fi
}
drop() {
  if [ "$1" = sqlite ]; then rm -f "$OUT/$2".db*; else psql -qAt "$PGBASE/postgres" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_$2"; fi
}
# to_pg: the SQLite baseline scripts in PostgreSQL's spelling, same rows and
# computation (no PRAGMAs, BEGIN, to_char for strftime, date arithmetic for
# julianday, LEAST, CASE for booleans read as numbers, temporary indexes
# without "temp.", ANALYZE of the temporary tables, which autovacuum never
# visits, and g not listed twice in the year's outer SELECT)
to_pg() {
  sed -e '/^PRAGMA/d' -e 's/BEGIN IMMEDIATE;/BEGIN;/' \
    -e "s/strftime('%Y-%m-%dT%H:%M:%SZ')/to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')/g" \
    -e 's/CREATE INDEX temp\.\([a-z_]*\) ON \([a-z_]*\)(.*);/&\nANALYZE \2;/; s/CREATE INDEX temp\./CREATE INDEX /' \
    -e "s/julianday('\([^']*\)') - julianday('\([^']*\)')/DATE '\1' - DATE '\2'/g" \
    -e 's/MIN(10000, SUM(points))/LEAST(10000, SUM(points))/' \
    -e 's/SUM(\([a-z]* [<>=]* [0-9]*\)) OVER/SUM(CASE WHEN \1 THEN 1 ELSE 0 END) OVER/' \
    -e 's/candidate = (r.band = 0),/candidate = CASE WHEN r.band = 0 THEN 1 ELSE 0 END,/' \
    -e 's/top_granted = (r.band = 0 AND \(.*\)),$/top_granted = CASE WHEN r.band = 0 AND \1 THEN 1 ELSE 0 END,/' \
    -e 's/^  g = 0 AND rn <= rated \/ 5,$/  CASE WHEN g = 0 AND rn <= rated \/ 5 THEN 1 ELSE 0 END,/' \
    -e 's/^SELECT y\.\*, g, ROW_NUMBER()/SELECT y.*, ROW_NUMBER()/'
}
# baseline BACKEND NAME FILE: the SQL baseline bench/FILE.sql
baseline() {
  if [ "$1" = sqlite ]; then sed -e "$SUBST" "bench/$3.sql"; else sed -e "$SUBST" "bench/$3.sql" | to_pg; fi |
    sql "$1" "$2" >/dev/null
}
export -f baseline sql url to_pg
export OUT PGBASE SUBST

machine
echo "canbo $($BIN --version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1), $PEOPLE people, backends: $BACKENDS"
[ -z "$PGURL" ] || echo "PostgreSQL: $(psql "$PGURL" -qAtc 'SHOW server_version'), $(psql "$PGURL" -qAtc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync','synchronous_commit','full_page_writes','shared_buffers','max_wal_size')")"

for be in $BACKENDS; do
  # the workforce, with the built-in frameworks stored (both runs start equal)
  drop "$be" base
  [ "$be" = sqlite ] || psql -qAt "$PGBASE/postgres" -c "CREATE DATABASE bench_base TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
  measure "$be-gen" "$BIN" gen --people "$PEOPLE" --seed 1 --quiet --db "$(url "$be" base)"
  $BIN framework list --db "$(url "$be" base)" >/dev/null
  [ "$be" = sqlite ] || echo "VACUUM ANALYZE" | sql "$be" base
  ROOTS=$(echo "SELECT u.code FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to IS NULL WHERE v.parent_id IS NULL ORDER BY u.code DESC" | sql "$be" base | paste -sd,)
  echo "$be: roots $ROOTS, $(echo 'SELECT COUNT(*) FROM units' | sql "$be" base) units"
  # ---- the month (REPEAT times from the same start, alternating) ----------------
  for rep in $(seq "$REPEAT"); do
    copy "$be" base canbo
    [ -n "${BENCH_SKIP_SQL:-}" ] || copy "$be" base sql
    C=$(url "$be" canbo)
    measure "$be-canbo-open"   "$BIN" period open "$ROOTS" --month 01/2026 --quiet --db "$C"
    [ -n "${BENCH_SKIP_SQL:-}" ] || measure "$be-sql-open" bash -c "baseline $be sql month_open"
    measure "$be-canbo-score"  "$BIN" eval autoscore "$ROOTS" --month 01/2026 --seed 1 --review --db "$C"
    [ -n "${BENCH_SKIP_SQL:-}" ] || measure "$be-sql-score" bash -c "baseline $be sql month_score"
    measure "$be-canbo-decide" "$BIN" eval decide "$ROOTS" --month 01/2026 --ties none \
      --reason "Không chọn người đồng điểm ở ranh giới" --quiet --db "$C"
    [ -n "${BENCH_SKIP_SQL:-}" ] || measure "$be-sql-decide" bash -c "baseline $be sql month_decide"
  done

  # what was written, side by side
  for db in canbo sql; do
    [ "$db" = canbo ] || [ -z "${BENCH_SKIP_SQL:-}" ] || continue
    echo "SELECT '$be-$db', (SELECT COUNT(*) FROM evaluations), (SELECT COUNT(*) FROM evaluation_scores),
      (SELECT COUNT(*) FROM evaluation_steps), (SELECT COUNT(*) FROM evaluations WHERE status = 'decided'),
      (SELECT SUM(top_granted) FROM evaluations)" | sql "$be" "$db" >>"$OUT/rows"
  done
  if [ "$be" = postgres ]; then
    echo "SELECT 'postgres-canbo size', pg_size_pretty(pg_database_size(current_database()))" | sql "$be" canbo >>"$OUT/rows"
    for t in people assignments units evaluations evaluation_scores evaluation_steps audit_log; do
      echo "SELECT 'postgres-canbo table $t', COUNT(*), pg_size_pretty(pg_total_relation_size('$t')),
        pg_size_pretty(pg_indexes_size('$t')) || ' of indexes' FROM $t" | sql "$be" canbo >>"$OUT/rows"
    done
  else
    echo "sqlite-canbo size $(du -sh "$OUT/canbo.db" | cut -f1)" >>"$OUT/rows"
  fi

  # ---- the year ---------------------------------------------------------------
  if [ -z "${BENCH_SKIP_YEAR:-}" ]; then
    # months 2..12 from month 1 (setup): same people and lists, other totals
    for db in canbo sql; do
      [ "$db" = canbo ] || [ -z "${BENCH_SKIP_SQL:-}" ] || continue
      if [ "$be" = sqlite ]; then sql "$be" "$db" >/dev/null <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
WITH RECURSIVE m(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM m WHERE k < 12)
INSERT INTO periods(unit_id, kind, year, month, starts, ends, status, opened_at, opened_by, updated_at)
SELECT p.unit_id, 'month', 2026, m.k, printf('2026-%02d-01', m.k), CASE WHEN m.k = 12 THEN '2027-01-01' ELSE printf('2026-%02d-01', m.k + 1) END,
  'open', p.opened_at, 'bench', p.updated_at FROM periods p, m WHERE p.year = 2026 AND p.month = 1;
WITH RECURSIVE m(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM m WHERE k < 12)
INSERT INTO evaluations(period_id, person_id, year, month, unit_id, assignment_id, position, framework_version_id,
  category, is_leader, leader_level, group_code, reviewer_id, decider_id, status, self_total, review_total,
  final_total, grade_band, grade_code, days_in_post, days_in_month, updated_at)
SELECT np.id, e.person_id, 2026, m.k, e.unit_id, e.assignment_id, e.position, e.framework_version_id,
  e.category, e.is_leader, e.leader_level, e.group_code, e.reviewer_id, e.decider_id, 'locked',
  e.self_total, e.review_total, max(0, min(10000, e.final_total + (e.person_id * 7 + m.k * 13) % 1201 - 600)),
  e.grade_band, e.grade_code, 30, 30, e.updated_at
FROM evaluations e JOIN periods p ON p.id = e.period_id JOIN m
JOIN periods np ON np.unit_id = p.unit_id AND np.year = 2026 AND np.month = m.k
WHERE e.year = 2026 AND e.month = 1 ORDER BY m.k, e.person_id;
COMMIT;
SQL
      else sql "$be" "$db" >/dev/null <<SQL
BEGIN;
INSERT INTO periods(unit_id, kind, year, month, starts, ends, status, opened_at, opened_by, updated_at)
SELECT p.unit_id, 'month', 2026, m.k, format('2026-%s-01', lpad(m.k::text, 2, '0')),
  CASE WHEN m.k = 12 THEN '2027-01-01' ELSE format('2026-%s-01', lpad((m.k + 1)::text, 2, '0')) END,
  'open', p.opened_at, 'bench', p.updated_at FROM periods p, generate_series(2, 12) AS m(k) WHERE p.year = 2026 AND p.month = 1;
INSERT INTO evaluations(period_id, person_id, year, month, unit_id, assignment_id, position, framework_version_id,
  category, is_leader, leader_level, group_code, reviewer_id, decider_id, status, self_total, review_total,
  final_total, grade_band, grade_code, days_in_post, days_in_month, updated_at)
SELECT np.id, e.person_id, 2026, m.k, e.unit_id, e.assignment_id, e.position, e.framework_version_id,
  e.category, e.is_leader, e.leader_level, e.group_code, e.reviewer_id, e.decider_id, 'locked',
  e.self_total, e.review_total, GREATEST(0, LEAST(10000, e.final_total + (e.person_id * 7 + m.k * 13) % 1201 - 600)),
  e.grade_band, e.grade_code, 30, 30, e.updated_at
FROM evaluations e JOIN periods p ON p.id = e.period_id CROSS JOIN generate_series(2, 12) AS m(k)
JOIN periods np ON np.unit_id = p.unit_id AND np.year = 2026 AND np.month = m.k
WHERE e.year = 2026 AND e.month = 1 ORDER BY m.k, e.person_id;
COMMIT;
VACUUM ANALYZE;
SQL
      fi
      copy "$be" "$db" "${db}_year"
    done
    for rep in $(seq "$REPEAT"); do
      copy "$be" canbo_year canbo
      measure "$be-canbo-year" "$BIN" annual run "$ROOTS" --year 2026 --db "$(url "$be" canbo)"
      if [ -z "${BENCH_SKIP_SQL:-}" ]; then
        copy "$be" sql_year sql
        measure "$be-sql-year" bash -c "baseline $be sql year"
      fi
    done
    for db in canbo sql; do
      [ "$db" = canbo ] || [ -z "${BENCH_SKIP_SQL:-}" ] || continue
      echo "SELECT '$be-$db-year', COUNT(*), SUM(CASE WHEN grade = 'HTXS' THEN 1 ELSE 0 END), SUM(CASE WHEN grade = 'HTT' THEN 1 ELSE 0 END),
        SUM(CASE WHEN grade = 'HT' THEN 1 ELSE 0 END), SUM(CASE WHEN grade = 'KHT' THEN 1 ELSE 0 END), SUM(CASE WHEN grade = 'CXL' THEN 1 ELSE 0 END)
        FROM annual_results WHERE year = 2026" | sql "$be" "$db" >>"$OUT/rows"
    done
  fi
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    for db in base canbo sql canbo_year sql_year; do drop "$be" "$db"; done
  fi
done

awk -v backends="$BACKENDS" '
  { if (!($1 in t) || $2 < t[$1]) t[$1] = $2; if ($3 / 1024 > m[$1]) m[$1] = $3 / 1024
    if (!($1 in u) || $4 + $5 < u[$1]) u[$1] = $4 + $5 }
  END {
    printf "\nFastest of '"$REPEAT"' runs; ratio = canbo ÷ the SQL baseline, elapsed seconds, same backend, same run\n"
    printf "(canbo CPU is the client process only: on PostgreSQL most of the work is the server'"'"'s)\n"
    printf "%-8s %-9s %9s %9s %7s %9s %9s\n", "step", "backend", "canbo s", "SQL s", "ratio", "canbo CPU", "canbo MB"
    nb = split(backends, be, " ")
    n = split("gen open score decide month year", st, " ")
    for (i = 1; i <= n; i++)
      for (j = 1; j <= nb; j++) {
        b = be[j]; c = b "-canbo-" st[i]; s = b "-sql-" st[i]
        if (st[i] == "gen") c = b "-gen"
        if (st[i] == "month") {
          tc = t[b "-canbo-open"] + t[b "-canbo-score"] + t[b "-canbo-decide"]
          ts = t[b "-sql-open"] + t[b "-sql-score"] + t[b "-sql-decide"]
          uc = u[b "-canbo-open"] + u[b "-canbo-score"] + u[b "-canbo-decide"]
          mc = m[b "-canbo-open"]; if (m[b "-canbo-score"] > mc) mc = m[b "-canbo-score"]; if (m[b "-canbo-decide"] > mc) mc = m[b "-canbo-decide"]
        } else {
          if (!(c in t)) continue
          tc = t[c]; ts = (s in t) ? t[s] : 0; uc = u[c]; mc = m[c]
        }
        printf "%-8s %-9s %9.2f %9s %7s %9.2f %9.0f\n", st[i], b, tc, ts ? sprintf("%.2f", ts) : "-", ts ? sprintf("%.2f", tc / ts) : "-", uc, mc
      }
  }' "$RES"
echo
echo "Rows written (db, evaluations, scores, steps, decided, top grades granted), sizes:"
sed 's/|/ /g' "$OUT/rows"
[ -n "${BENCH_KEEP_DB:-}" ] || rm -f "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm
