#!/usr/bin/env bash
# A private PostgreSQL 15 server for the tests, on a free port of 127.0.0.1 (trust authentication, collation C, no fsync: test
# data only). Installs Debian's postgresql-15 when missing. Its files live
# in /tmp/canbo-pg-<hash of this checkout's path> (CANBO_PG_DIR to choose),
# not under the checkout: run as root, the server runs as the postgres user,
# who may not be able to enter the directory the repository was cloned to.
# Each checkout (a worktree, a CI clone) gets its own server.
#   scripts/pg.sh start   starts it (if not running) and prints the URL of
#                         its database "canbo"
#   scripts/pg.sh url     prints that URL (the server must be running)
#   scripts/pg.sh stop    stops it
#   scripts/pg.sh restart [SECONDS]
#                         stops it the fast way (sessions cut, as a crash or
#                         a failover would), waits SECONDS (default 0) and
#                         starts it again on the same port
#   scripts/pg.sh clean   stops it and deletes its files
# Other databases on the same server: createdb/dropdb with the URL's host
# and port (tests/cli/helpers.mjs makes one per test file).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CANBO_PG_DIR:-/tmp/canbo-pg-$(printf %s "$PWD" | md5sum | cut -c1-10)}"
bin=/usr/lib/postgresql/15/bin

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() {
  [ -f "$dir/port" ] || { echo "PostgreSQL chưa chạy (scripts/pg.sh start)" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/canbo"
}

# Starts the server on port $1 (pg_ctl waits until it accepts connections).
server_start() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $1 -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

case "${1:-}" in
start)
  if [ ! -x "$bin/pg_ctl" ] || ! command -v psql >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "Cần quyền root để cài postgresql-15" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql-15 postgresql-client-15 >/dev/null
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; chmod 700 "$dir"; fi
  if [ -f "$dir/port" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    url; exit 0
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  port=$(free_port)
  server_start "$port"
  echo "$port" >"$dir/port"
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAtc "SELECT 1 FROM pg_database WHERE datname = 'canbo'" | grep -q 1 ||
    createdb -h 127.0.0.1 -p "$port" -U postgres -T template0 -E UTF8 --locale=C canbo
  url
  ;;
url)
  url
  ;;
restart)
  [ -f "$dir/port" ] || { echo "PostgreSQL chưa chạy (scripts/pg.sh start)" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  sleep "${2:-0}"
  server_start "$(cat "$dir/port")"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$dir/port"
  ;;
clean)
  "$0" stop
  rm -rf "$dir"
  ;;
*)
  echo "Dùng: scripts/pg.sh start|stop|restart [GIÂY]|url|clean" >&2; exit 2
  ;;
esac
