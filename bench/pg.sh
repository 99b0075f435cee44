#!/usr/bin/env bash
# A private PostgreSQL 15 server for the benchmarks, with DURABLE settings
# (fsync on, synchronous_commit on, full_page_writes on: what a production
# server has; scripts/pg.sh, for the tests, turns all three off). Sized for
# this 2-core, 23 GiB machine: shared_buffers 2 GB, max_wal_size 8 GB (a
# 3,000,000-person month writes a few GB of WAL: without it checkpoints
# run every few seconds during the bulk steps), wal_compression on.
# pg_stat_statements is loaded for profiling (bench/month.sh prints the
# top statements with BENCH_PG_STATS=1).
#   bench/pg.sh start   starts it (if not running), prints the URL of "canbo"
#   bench/pg.sh url     prints that URL
#   bench/pg.sh stop    stops it;  bench/pg.sh clean  also deletes its files
#   bench/pg.sh settings   prints the settings that matter (for RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BENCH_PG_DIR:-/tmp/canbo-benchpg-$(printf %s "$PWD" | md5sum | cut -c1-10)}"
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
url() {
  [ -f "$dir/port" ] || { echo "PostgreSQL chưa chạy (bench/pg.sh start)" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/canbo"
}
case "${1:-}" in
start)
  [ -x "$bin/pg_ctl" ] || scripts/pg.sh start >/dev/null # installs postgresql-15
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; chmod 700 "$dir"; fi
  if [ -f "$dir/port" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then url; exit 0; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  # the settings, rewritten at every start (the last line of a key wins)
  as_pg tee "$dir/data/bench.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 2GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_timeout = 15min
wal_compression = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
CONF
  grep -q "^include_if_exists = 'bench.conf'" "$dir/data/postgresql.conf" ||
    echo "include_if_exists = 'bench.conf'" | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "-p $port -k $dir" start >/dev/null ||
    { tail -20 "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAtc "SELECT 1 FROM pg_database WHERE datname = 'canbo'" | grep -q 1 ||
    createdb -h 127.0.0.1 -p "$port" -U postgres -T template0 -E UTF8 --locale=C canbo
  url
  ;;
url) url ;;
settings)
  psql "$(url)" -qAtc "SELECT version()"
  psql "$(url)" -qAtc "SELECT name || ' = ' || setting || coalesce(' ' || unit, '') FROM pg_settings WHERE name IN
    ('fsync','synchronous_commit','full_page_writes','shared_buffers','work_mem','maintenance_work_mem',
     'max_wal_size','checkpoint_timeout','wal_compression','wal_level','max_connections') ORDER BY name"
  ;;
stop)
  [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$dir/port"
  ;;
clean) "$0" stop; rm -rf "$dir" ;;
*) echo "Dùng: bench/pg.sh start|url|settings|stop|clean" >&2; exit 2 ;;
esac
