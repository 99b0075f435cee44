#!/usr/bin/env bash
# The month and the year at scale: 200,000 people from `canbo gen` (two
# provinces, ~8,500 units), each step timed with its peak memory
# (/usr/bin/time -f "%e %M"), against the same computation written as plain
# SQL (bench/month_*.sql, bench/year.sql) run by the sqlite3 shell on a copy
# of the same database in the same run.
#
#   bench/month.sh                 the month and the year
#   BENCH_PEOPLE=50000 bench/month.sh   a smaller workforce
#   BENCH_SKIP_YEAR=1 bench/month.sh    the month only
#   CANBO_BIN=path bench/month.sh       an already built binary
#   BENCH_KEEP_DB=1 bench/month.sh      keep the databases (about 1 GB) afterwards
#
# The month (targets: under 2 s, faster than SQL, peak memory under 1 GB):
#   open    canbo period open HNI,HCM --month 01/2026      (one evaluation per person)
#   score   canbo eval autoscore HNI,HCM --month 01/2026 --seed 1 --review
#           (every self-assessment and its review, deterministic scores)
#   decide  canbo eval decide HNI,HCM --month 01/2026 --ties none --reason …
#           (grades, disqualifiers, the quota per decision list, step rows)
# The year (target: under 5 s): canbo annual run HNI,HCM --year 2026 over
# 200,000 people × 12 decided months. Months 2–12 are copied from month 1
# with SQL (setup, not timed), each with its own totals.
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

# measure NAME CMD... : appends "NAME seconds peak_kB user sys" to $RES (the
# summary keeps the fastest of the repetitions: this machine is shared)
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 || {
    echo "benchmark $name failed:"; cat "$OUT/$name.log"; exit 1; }
  echo "$name $(cat "$OUT/$name.time")" >>"$RES"
}
REPEAT=${BENCH_REPEAT:-3}

# sqlite3 runs one baseline script with the month's figures substituted
baseline() {
  sed -e "s/@YEAR@/2026/g; s/@MONTH@/1/g; s/@STARTS@/2026-01-01/g; s/@ENDS@/2026-02-01/g;
          s/@DUE_SELF@/2026-02-05/g; s/@DUE_REVIEW@/2026-02-08/g; s/@DUE_DECIDE@/2026-02-10/g" "$2" \
    | sqlite3 "$1" >/dev/null
}
export -f baseline

echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "canbo $($BIN --version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1), $PEOPLE people"

# the workforce, with the built-in frameworks stored (both runs start equal)
$BIN gen --people "$PEOPLE" --seed 1 --quiet --db "$OUT/base.db" >/dev/null
$BIN framework list --db "$OUT/base.db" >/dev/null
ROOTS=$(sqlite3 "$OUT/base.db" "SELECT group_concat(u.code, ',') FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to IS NULL WHERE v.parent_id IS NULL")
echo "Roots: $ROOTS, $(sqlite3 "$OUT/base.db" 'SELECT COUNT(*) FROM units') units"
# ---- the month (REPEAT times from the same start, alternating) ----------------
for rep in $(seq "$REPEAT"); do
  rm -f "$OUT"/canbo.db* "$OUT"/sql.db*
  cp "$OUT/base.db" "$OUT/canbo.db"
  cp "$OUT/base.db" "$OUT/sql.db"
  measure canbo-open   "$BIN" period open "$ROOTS" --month 01/2026 --quiet --db "$OUT/canbo.db"
  measure sql-open     bash -c "baseline '$OUT/sql.db' bench/month_open.sql"
  measure canbo-score  "$BIN" eval autoscore "$ROOTS" --month 01/2026 --seed 1 --review --db "$OUT/canbo.db"
  measure sql-score    bash -c "baseline '$OUT/sql.db' bench/month_score.sql"
  measure canbo-decide "$BIN" eval decide "$ROOTS" --month 01/2026 --ties none \
    --reason "Không chọn người đồng điểm ở ranh giới" --quiet --db "$OUT/canbo.db"
  measure sql-decide   bash -c "baseline '$OUT/sql.db' bench/month_decide.sql"
done

# what was written, side by side
for db in canbo sql; do
  sqlite3 "$OUT/$db.db" "SELECT '$db', (SELECT COUNT(*) FROM evaluations), (SELECT COUNT(*) FROM evaluation_scores),
    (SELECT COUNT(*) FROM evaluation_steps), (SELECT COUNT(*) FROM evaluations WHERE status = 'decided'),
    (SELECT SUM(top_granted) FROM evaluations)" >>"$OUT/rows"
done

# ---- the year ---------------------------------------------------------------
if [ -z "${BENCH_SKIP_YEAR:-}" ]; then
  # months 2..12 from month 1 (setup): same people and lists, other totals
  for db in canbo sql; do
    sqlite3 "$OUT/$db.db" >/dev/null <<SQL
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
  done
  cp "$OUT/canbo.db" "$OUT/canbo-year.db"
  cp "$OUT/sql.db" "$OUT/sql-year.db"
  for rep in $(seq "$REPEAT"); do
    cp "$OUT/canbo-year.db" "$OUT/canbo.db"; rm -f "$OUT"/canbo.db-*
    cp "$OUT/sql-year.db" "$OUT/sql.db"; rm -f "$OUT"/sql.db-*
    measure canbo-year "$BIN" annual run "$ROOTS" --year 2026 --db "$OUT/canbo.db"
    measure sql-year sqlite3 "$OUT/sql.db" ".read bench/year.sql"
  done
  for db in canbo sql; do
    sqlite3 "$OUT/$db.db" "SELECT '$db-year', COUNT(*), SUM(grade = 'HTXS'), SUM(grade = 'HTT'), SUM(grade = 'HT'),
      SUM(grade = 'KHT'), SUM(grade = 'CXL') FROM annual_results WHERE year = 2026" >>"$OUT/rows"
  done
fi

awk '
  { if (!($1 in t) || $2 < t[$1]) t[$1] = $2; if ($3 / 1024 > m[$1]) m[$1] = $3 / 1024
    if (!($1 in u) || $4 + $5 < u[$1]) u[$1] = $4 + $5 }
  END {
    printf "\nFastest of '"$REPEAT"' runs (elapsed; CPU = user + system, steadier on a shared machine)\n"
    printf "%-10s %9s %9s %9s %9s %9s %9s\n", "step", "canbo s", "SQL s", "canbo CPU", "SQL CPU", "canbo MB", "SQL MB"
    n = split("open score decide", st, " ")
    for (i = 1; i <= n; i++) {
      c = "canbo-" st[i]; s = "sql-" st[i]
      printf "%-10s %9.2f %9.2f %9.2f %9.2f %9.0f %9.0f\n", st[i], t[c], t[s], u[c], u[s], m[c], m[s]
      tc += t[c]; ts += t[s]; uc += u[c]; us += u[s]
      if (m[c] > mc) mc = m[c]; if (m[s] > ms) ms = m[s]
    }
    printf "%-10s %9.2f %9.2f %9.2f %9.2f %9.0f %9.0f   (target: < 2 s, faster than SQL, < 1024 MB)\n", "month", tc, ts, uc, us, mc, ms
    if ("canbo-year" in t)
      printf "%-10s %9.2f %9.2f %9.2f %9.2f %9.0f %9.0f   (target: < 5 s)\n", "year", t["canbo-year"], t["sql-year"], u["canbo-year"], u["sql-year"], m["canbo-year"], m["sql-year"]
  }' "$RES"
echo
echo "Rows written (db, evaluations, scores, steps, decided, top grades granted):"
sed 's/|/ /g' "$OUT/rows"
[ -n "${BENCH_KEEP_DB:-}" ] || rm -f "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm
