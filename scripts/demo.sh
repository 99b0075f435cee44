#!/usr/bin/env bash
# README command 1: install what is missing, build canbo (release), create
# the demo database with one sign-in per role, and start the web server on
# it (Ctrl+C stops it). Re-running reuses what is already built and the
# existing demo.db. CANBO_LISTEN changes the address (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target canbo >/dev/null
./build/release/canbo demo --db demo.db --logins "$@"
listen="${CANBO_LISTEN:-127.0.0.1:8080}"
echo
echo "Mở trình duyệt tại http://$listen/ và đăng nhập bằng một tài khoản ở trên"
echo "(API: http://$listen/api/v1/openapi.json; nhật ký truy cập: demo-access.log)."
echo
exec ./build/release/canbo serve --db demo.db --listen "$listen" --access-log demo-access.log
