#!/usr/bin/env bash
# backup, restore and migrate at scale: 200,000 people from `canbo gen`
# with a month opened, self-assessed and reviewed (as bench/month.sh builds
# it), each command timed with its peak memory (/usr/bin/time -f "%e %M"),
# against the tools that copy the same database without checking it, run
# in the same script on the same machine:
#
#   backup   SQLite → SQLite file     vs  sqlite3 SRC ".backup OUT"
#   restore  SQLite file → SQLite     vs  sqlite3 BAK ".backup OUT"
#   migrate  SQLite → PostgreSQL      vs  pg_restore of a pg_dump -Fc of the same data
#   restore  SQLite file → PostgreSQL vs  (same baseline)
#   backup   PostgreSQL → SQLite file vs  pg_dump -Fc
#
# canbo's figures include reading every table back and comparing it, and
# checking the audit chain twice (docs/backup.md); the baselines check
# nothing. PostgreSQL is the private test server (scripts/pg.sh: fsync off,
# so these are CPU and I/O bandwidth figures, not fsync latency).
#
#   bench/backup.sh                      200,000 people
#   BENCH_PEOPLE=20000 bench/backup.sh   a smaller workforce
#   CANBO_BIN=path bench/backup.sh       an already built binary
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build >/dev/null
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [ -z "${CANBO_BIN:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build build/release -j2 --target canbo >/dev/null
fi
BIN=${CANBO_BIN:-$PWD/build/release/canbo}
PEOPLE=${BENCH_PEOPLE:-200000}
OUT=${BENCH_OUT:-bench/out-backup}
rm -rf "$OUT"; mkdir -p "$OUT"
RES=$OUT/results
: >"$RES"

. bench/lib.sh

PGURL=$(scripts/pg.sh start)
PGBASE=${PGURL%/*}
fresh_pg() {  # fresh_pg NAME: an empty database (collation C) of that server
  PGOPTIONS="-c client_min_messages=warning" psql "$PGURL" -X -q -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
    -c "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
  echo "$PGBASE/$1"
}

machine
echo "canbo $($BIN --version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1), $(psql --version | cut -d' ' -f3- ), $PEOPLE people"

SRC=$OUT/src.db
$BIN gen --people "$PEOPLE" --seed 1 --quiet --db "$SRC" >/dev/null
ROOTS=$(sqlite3 "$SRC" "SELECT group_concat(u.code, ',') FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to IS NULL WHERE v.parent_id IS NULL")
$BIN period open "$ROOTS" --month 01/2026 --quiet --db "$SRC" >/dev/null
$BIN eval autoscore "$ROOTS" --month 01/2026 --seed 1 --review --db "$SRC" >/dev/null
echo "Database: $(du -m "$SRC" | cut -f1) MB, $(sqlite3 "$SRC" "SELECT (SELECT count(*) FROM people) || ' people, ' || (SELECT count(*) FROM evaluations) || ' evaluations, ' || (SELECT count(*) FROM evaluation_scores) || ' scores, ' || (SELECT count(*) FROM evaluation_steps) || ' steps'")"

measure backup_sqlite "$BIN" backup --db "$SRC" --out "$OUT/bak.db" --quiet
measure base_backup_sqlite sqlite3 "$SRC" ".backup $OUT/base-bak.db"
measure restore_sqlite "$BIN" restore --from "$OUT/bak.db" --db "$OUT/restored.db" --quiet
measure base_restore_sqlite sqlite3 "$OUT/bak.db" ".backup $OUT/base-restored.db"

MIG=$(fresh_pg bench_migrated)
measure migrate_pg "$BIN" migrate --db "$SRC" --to "$MIG" --quiet
REST=$(fresh_pg bench_restored)
measure restore_pg "$BIN" restore --from "$OUT/bak.db" --db "$REST" --quiet
measure backup_pg "$BIN" backup --db "$MIG" --out "$OUT/pg-bak.db" --quiet
measure base_pg_dump pg_dump -Fc -f "$OUT/pg.dump" "$MIG"
BASE=$(fresh_pg bench_base)
measure base_pg_restore pg_restore --no-owner -d "$BASE" "$OUT/pg.dump"
echo "canbo audit verify of every copy:"
for db in "$OUT/bak.db" "$OUT/restored.db" "$MIG" "$REST" "$OUT/pg-bak.db"; do
  printf '  %s: ' "${db/$PGBASE/postgres}"; $BIN audit verify --db "$db" | head -1
done

# the summary: each canbo step against its baseline
row() {  # row LABEL NAME BASELINE
  awk -v label="$1" -v n="$2" -v b="$3" '
    $1 == n { t = $2; m = $3 } $1 == b { bt = $2; bm = $3 }
    END { printf "| %s | %.2f s | %.0f MB | %.2f s | %.0f MB | %.1f× |\n", label, t, m / 1024, bt, bm / 1024, (bt > 0 ? t / bt : 0) }' "$RES"
}
echo
echo "| step | canbo | canbo peak memory | baseline | baseline peak memory | canbo / baseline |"
echo "|---|---|---|---|---|---|"
row "backup SQLite → file (vs sqlite3 .backup)" backup_sqlite base_backup_sqlite
row "restore file → SQLite (vs sqlite3 .backup)" restore_sqlite base_restore_sqlite
row "migrate SQLite → PostgreSQL (vs pg_restore)" migrate_pg base_pg_restore
row "restore file → PostgreSQL (vs pg_restore)" restore_pg base_pg_restore
row "backup PostgreSQL → file (vs pg_dump -Fc)" backup_pg base_pg_dump
PGOPTIONS="-c client_min_messages=warning" psql "$PGURL" -X -q -c "DROP DATABASE IF EXISTS bench_migrated WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_restored WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_base WITH (FORCE)"
