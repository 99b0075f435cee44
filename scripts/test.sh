#!/usr/bin/env bash
# README command 2: install what is missing, build with AddressSanitizer +
# UndefinedBehaviorSanitizer (the dev preset) and run every suite:
#   1. source checks (banned libc calls) and the release build
#   2. cmocka unit tests (tests/unit, one program per module)
#   3. command-line tests (tests/cli), API tests over HTTP (tests/api) and
#      browser tests (tests/web, playwright-core + Debian's chromium), all
#      with Node's test runner driving the real binary
#   4. fuzzing: each libFuzzer target replays its corpus, then runs for
#      FUZZ_SECONDS (default 20) — scripts/fuzz.sh
#   5. the unit, command-line, API and browser suites again on PostgreSQL 15
#      (scripts/test-pg.sh: a private server started for the run and
#      removed after it; installs postgresql-15 when missing). CANBO_NO_PG=1
#      skips this part (a quick run on SQLite only).
# Ends with one line "N passed, N failed" summing all suites; exits non-zero
# when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test || exit 1
cmake --preset dev >/dev/null || exit 1
cmake --build build/dev -j"$(nproc)" >/dev/null 2>build/dev-build.log || { cat build/dev-build.log; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CANBO_BIN="$PWD/build/dev/canbo"
mkdir -p tests/out
passed=0; failed=0

# 1. banned functions in src/ (snprintf/vsnprintf are fine)
if out=$(scripts/check-banned.sh); then
  echo "ok - source check: no banned libc calls in src/"; passed=$((passed+1))
else
  echo "not ok - source check: banned libc calls in src/"; echo "$out"; failed=$((failed+1))
fi

# the release build (what the demo command runs) must build too: -O2 finds
# warnings the developer build does not, and -Werror makes them errors
if cmake --preset release >/dev/null && cmake --build build/release -j"$(nproc)" --target canbo >tests/out/release-build.log 2>&1; then
  echo "ok - release build"; passed=$((passed+1))
else
  echo "not ok - release build"; tail -40 tests/out/release-build.log; failed=$((failed+1))
fi

# 2. unit tests
for t in build/dev/test_*; do
  [ -x "$t" ] || continue
  log="tests/out/$(basename "$t").log"
  "$t" >"$log" 2>&1; rc=$?
  p=$(grep -oE '\[  PASSED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
  f=$(grep -oE '\[  FAILED  \] [0-9]+' "$log" | awk '{s+=$NF} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crash, sanitizer report
  if [ "$f" -gt 0 ]; then cat "$log"; fi
  echo "$(basename "$t"): $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
done

# 3. command-line tests, the API tests over HTTP and the browser tests
# (Node's test runner; the browser tests need playwright-core from npm)
if [ ! -d tests/web/node_modules/playwright-core ]; then
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }
fi
for suite in cli api web; do
  ls tests/$suite/*.test.mjs >/dev/null 2>&1 || continue
  node --test --test-reporter=tap tests/$suite/ >tests/out/$suite.tap 2>&1; rc=$?
  p=$(grep -E '^# pass ' tests/out/$suite.tap | awk '{print $3}'); p=${p:-0}
  f=$(grep -E '^# fail ' tests/out/$suite.tap | awk '{print $3}'); f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$f" -gt 0 ]; then grep -B2 -A30 '^not ok' tests/out/$suite.tap | head -200; fi
  echo "$suite: $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
done

# 4. fuzz targets (replay the corpus, then a short run each)
if ls fuzz/fuzz_*.c >/dev/null 2>&1; then
  scripts/fuzz.sh >tests/out/fuzz.log 2>&1
  p=$(grep -c '^ok - fuzz' tests/out/fuzz.log); f=$(grep -c '^not ok - fuzz' tests/out/fuzz.log)
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # the build failed
  if [ "$f" -gt 0 ]; then tail -40 tests/out/fuzz.log; fi
  grep -E '^(not )?ok - fuzz' tests/out/fuzz.log
  echo "fuzz: $p passed, $f failed"
  passed=$((passed+p)); failed=$((failed+f))
fi

# 5. the same suites on PostgreSQL
if [ "${CANBO_NO_PG:-0}" != 1 ]; then
  echo "--- PostgreSQL 15 ---"
  scripts/test-pg.sh 2>&1 | tee tests/out/pg.log | sed '$d'
  last=$(tail -1 tests/out/pg.log)
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed+BASH_REMATCH[1])); failed=$((failed+BASH_REMATCH[2]))
  else
    echo "not ok - PostgreSQL suites did not run: $last"; failed=$((failed+1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
