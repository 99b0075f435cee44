#!/usr/bin/env bash
# README command 1: install what is missing, build canbo (release) and
# create + show the demo database. Re-running reuses what is already built.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target canbo >/dev/null
./build/release/canbo demo --db demo.db "$@"
