#!/usr/bin/env bash
# The test suites on PostgreSQL: builds the dev preset (ASan + UBSan),
# starts a private PostgreSQL 15 (scripts/pg.sh, a fresh cluster under
# /tmp) and runs, with CANBO_TEST_PG set to its URL:
#   1. the cmocka unit tests (those that touch storage open a fresh
#      PostgreSQL database per path: tests/unit/testdb.h; the others run as
#      on SQLite)
#   2. the command-line, API and browser tests (tests/cli/helpers.mjs maps
#      every --db PATH to a fresh database and inspects it with psql)
# Logs go to tests/out/pg-*. Stops the server at the end. Ends with one line
# "N passed, N failed"; exits non-zero when anything failed.
# Suites to run can be named: scripts/test-pg.sh unit cli api web
set -uo pipefail
cd "$(dirname "$0")/.."
suites=("$@")
[ "${#suites[@]}" -gt 0 ] || suites=(unit cli api web)
scripts/deps.sh test || exit 1
cmake --preset dev >/dev/null || exit 1
mkdir -p tests/out
cmake --build build/dev -j"$(nproc)" >/dev/null 2>tests/out/pg-build.log || { cat tests/out/pg-build.log; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CANBO_BIN="$PWD/build/dev/canbo"
export CANBO_TEST_DATA="$PWD/tests/data"

scripts/pg.sh clean
CANBO_TEST_PG=$(scripts/pg.sh start) || { echo "PostgreSQL did not start"; exit 1; }
export CANBO_TEST_PG
trap 'scripts/pg.sh clean' EXIT
echo "PostgreSQL: $CANBO_TEST_PG"
passed=0; failed=0

for suite in "${suites[@]}"; do
  if [ "$suite" = unit ]; then
    for t in build/dev/test_*; do
      [ -x "$t" ] || continue
      log="tests/out/pg-$(basename "$t").log"
      "$t" >"$log" 2>&1; rc=$?
      p=$(grep -aoE '\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
      f=$(grep -aoE '\[  FAILED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
      if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
      if [ "$f" -gt 0 ]; then cat "$log"; fi
      echo "$(basename "$t"): $p passed, $f failed"
      passed=$((passed+p)); failed=$((failed+f))
    done
    continue
  fi
  ls tests/$suite/*.test.mjs >/dev/null 2>&1 || continue
  if [ "$suite" = web ] && [ ! -d tests/web/node_modules/playwright-core ]; then
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
  fi
  node --test --test-reporter=tap tests/$suite/ >tests/out/pg-$suite.tap 2>&1; rc=$?
  p=$(grep -E '^# pass ' tests/out/pg-$suite.tap | awk '{print $3}'); p=${p:-0}
  f=$(grep -E '^# fail ' tests/out/pg-$suite.tap | awk '{print $3}'); f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$f" -gt 0 ]; then grep -B2 -A30 '^not ok' tests/out/pg-$suite.tap | head -200; fi
  echo "$suite (PostgreSQL): $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
