#!/usr/bin/env bash
# Runs every canbo benchmark and prints one table. Figures are reported as
# ratios against a baseline measured in the same run on the same machine
# (these machines are noisy; absolute seconds mean little).
#
#   bench/run.sh            all benchmarks (includes generating 3,000,000 people)
#   BENCH_QUICK=1 bench/run.sh   skip the 3,000,000-person generation
#
# Benchmarks:
#   gen-200k   canbo gen --people 200000 into a fresh SQLite file
#   gen-3M     canbo gen --people 3000000 (target: < 60 s, peak RSS < 1 GB)
#   import-200k  baseline: sqlite3 .import of the same CSV into a plain table
#                canbo: canbo import people (validated, normalised, indexed,
#                with posts and audit) — target: within 3x of the baseline,
#                peak RSS < 500 MB
#   import-xlsx-200k  canbo import people of the same 200,000 rows as XLSX;
#                baseline: LibreOffice headless converting that XLSX to CSV —
#                target: faster than LibreOffice's conversion alone
#   export-xlsx-200k / export-csv-200k  canbo export people of 200,000 rows —
#                target: under 5 s, memory not growing with the row count
#                (export-xlsx-20k in the same run shows the growth)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target canbo >/dev/null
BIN=$PWD/build/release/canbo
OUT=bench/out
rm -rf "$OUT"; mkdir -p "$OUT"

. bench/lib.sh

machine
echo "canbo $($BIN --version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1)"
echo

# Inputs: 200,000 people and their units as import CSV files.
$BIN gen --people 200000 --seed 1 --no-db --quiet --csv "$OUT/people.csv" --units-csv "$OUT/units.csv" >/dev/null
rows=$(($(wc -l <"$OUT/people.csv") - 1))

measure gen-200k "$BIN" gen --people 200000 --seed 1 --quiet --db "$OUT/gen200k.db"
if [ -z "${BENCH_QUICK:-}" ]; then
  measure gen-3M "$BIN" gen --people 3000000 --seed 1 --quiet --db "$OUT/gen3m.db"
  rm -f "$OUT"/gen3m.db*
fi

# Baseline: the sqlite3 shell loading the same CSV into a plain table.
measure import-baseline-sqlite3 sqlite3 "$OUT/base.db" ".mode csv" ".import $OUT/people.csv people"
# canbo: full import (units first, then the timed people import).
$BIN init --db "$OUT/imp.db" >/dev/null
$BIN import units "$OUT/units.csv" --db "$OUT/imp.db" >/dev/null
measure import-canbo "$BIN" import people "$OUT/people.csv" --db "$OUT/imp.db"

# Spreadsheets (issue 7): XLSX made from the same CSV by LibreOffice (not
# timed), then LibreOffice's conversion back to CSV as the baseline.
if command -v soffice >/dev/null; then
  lo="-env:UserInstallation=file://$PWD/$OUT/lo-profile"
  soffice "$lo" --headless --infilter=CSV:44,34,76,1 --convert-to xlsx --outdir "$OUT" "$OUT/people.csv" >/dev/null 2>&1
  mkdir -p "$OUT/lo-csv"
  measure import-xlsx-baseline-lo soffice "$lo" --headless --convert-to csv --outdir "$OUT/lo-csv" "$OUT/people.xlsx"
  $BIN init --db "$OUT/impx.db" >/dev/null
  $BIN import units "$OUT/units.csv" --db "$OUT/impx.db" >/dev/null
  measure import-xlsx-canbo "$BIN" import people "$OUT/people.xlsx" --db "$OUT/impx.db"
fi
$BIN gen --people 20000 --seed 1 --quiet --db "$OUT/exp20k.db" >/dev/null
measure export-xlsx-20k "$BIN" export people --out "$OUT/exp20k.xlsx" --db "$OUT/exp20k.db"
measure export-xlsx-200k "$BIN" export people --out "$OUT/exp.xlsx" --db "$OUT/gen200k.db"
measure export-csv-200k "$BIN" export people --out "$OUT/exp.csv" --db "$OUT/gen200k.db"

awk -v rows="$rows" '
  { t[$1] = $2; m[$1] = $3 / 1024 }
  END {
    printf "%-26s %10s %12s %10s %10s\n", "benchmark", "seconds", "rows/s", "peak MB", "ratio"
    n = split("gen-200k gen-3M import-baseline-sqlite3 import-canbo import-xlsx-baseline-lo import-xlsx-canbo export-xlsx-20k export-xlsx-200k export-csv-200k", order, " ")
    for (i = 1; i <= n; i++) {
      k = order[i]; if (!(k in t)) continue
      r = (k == "gen-3M") ? 3000000 : (k ~ /^gen/ ? 200000 : (k ~ /20k/ ? 20000 : rows))
      ratio = "-"
      if (k == "import-canbo") ratio = sprintf("%.2fx", t[k] / t["import-baseline-sqlite3"])
      if (k == "import-baseline-sqlite3" || k == "import-xlsx-baseline-lo") ratio = "1.00x"
      if (k == "import-xlsx-canbo") ratio = sprintf("%.2fx", t[k] / t["import-xlsx-baseline-lo"])
      printf "%-26s %10.2f %12.0f %10.0f %10s\n", k, t[k], r / (t[k] > 0 ? t[k] : 0.001), m[k], ratio
    }
  }' "$OUT/results" | tee "$OUT/table.txt"
