#!/usr/bin/env bash
# Installs the Debian 12 packages canbo needs to build and test, only when
# something is missing (so it is quick when everything is already there).
# Usage: scripts/deps.sh [build|test]   (test adds the test-only tools)
set -euo pipefail
want=(build-essential cmake pkg-config libsqlite3-dev libutf8proc-dev libicu-dev libzip-dev libexpat1-dev libxlsxwriter-dev libjansson-dev
      libsodium-dev libcmocka-dev sqlite3 libmicrohttpd-dev libpq-dev)
if [ "${1:-build}" = test ]; then
  want+=(nodejs libreoffice-calc-nogui clang libclang-rt-14-dev chromium)
  # npm comes with some Node.js builds (NodeSource); Debian packages it apart
  command -v npm >/dev/null 2>&1 || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Cài đặt các gói còn thiếu: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Cần quyền root để cài gói (chạy lại bằng sudo)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
