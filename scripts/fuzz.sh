#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan) and, for
# each: replays its in-repo corpus (fuzz/corpus/NAME), then fuzzes for
# FUZZ_SECONDS (default 20) on a copy of the corpus. Prints one line per
# target, "ok - fuzz NAME" or "not ok - fuzz NAME", and exits non-zero if any
# target crashed. New crashes are left in build/fuzz/crash-*.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-20}
command -v clang >/dev/null || { echo "clang is needed (apt-get install clang)"; exit 1; }
cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCANBO_SANITIZE=ON -DCANBO_FUZZ=ON >/dev/null || exit 1
targets=$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)
# shellcheck disable=SC2086
cmake --build build/fuzz -j"$(nproc)" --target $targets >build/fuzz/build.log 2>&1 ||
  { cat build/fuzz/build.log; exit 1; }
status=0
for bin in build/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin"); short=${name#fuzz_}
  corpus=fuzz/corpus/$short
  work=build/fuzz/corpus-$short
  rm -rf "$work"; mkdir -p "$work"; cp -r "$corpus"/. "$work"/ 2>/dev/null
  log=build/fuzz/$name.log
  if (cd build/fuzz && "./$name" -runs=0 "../../$corpus" >"$name.replay.log" 2>&1) &&
     (cd build/fuzz && "./$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        "corpus-$short" >"$name.log" 2>&1); then
    echo "ok - fuzz $short ($(grep -oE 'Done [0-9]+ runs' "$log" | head -1))"
  else
    echo "not ok - fuzz $short (see $log)"; tail -30 "$log"; status=1
  fi
done
exit $status
