#!/usr/bin/env bash
# The API benchmark: wrk on loopback against `canbo serve` on SQLite, with
# libmicrohttpd answering a constant response (bench/mhd_const.c, same
# thread pool and epoll) as the baseline measured in the same run.
#
#   bench/api.sh                       defaults below
#   BENCH_PEOPLE=60000 BENCH_SECONDS=10 bench/api.sh
#   BENCH_BACKEND=postgres bench/api.sh    on PostgreSQL (bench/pg.sh: durable
#                                          settings; BENCH_PG_URL for another)
#   BENCH_BACKEND=postgres BENCH_SERVERS=2 bench/api.sh
#       two `canbo serve` processes on one database, each on its own port;
#       two wrk instances, half the connections each (-t1), the request
#       rates added and the worse p99 kept; the baseline likewise two
#       mhd_const processes
#
# Workloads, each at 64 and at 512 connections (wrk -t2, BENCH_SECONDS each):
#   baseline  GET / on mhd_const (a constant 64-byte JSON body)
#   read      GET /api/v1/evaluations/{id} (random ids): token check, the
#             evaluation with its criteria, steps and objections as JSON
#   self      POST /api/v1/evaluations/{id}/self: a self-assessment of a
#             different evaluation each time, durably committed (WAL,
#             synchronous=FULL) with its audit row
# Committed self-assessments are counted in the database afterwards (not
# taken from wrk). The server's resident memory is sampled every 0.2 s.
# Targets (issue 4): reads at 64 connections at least 1/4 of the baseline's
# rate; at least 2,000 committed self-assessments per second; p99 under
# 50 ms at 512 connections; server memory under 300 MB throughout.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build >/dev/null
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
cmake --preset release >/dev/null
cmake --build build/release -j"$(nproc)" --target canbo >/dev/null
BIN=$PWD/build/release/canbo
OUT=${BENCH_OUT:-bench/out-api}
PEOPLE=${BENCH_PEOPLE:-100000}
SECS=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-4}
rm -rf "$OUT"; mkdir -p "$OUT"
ulimit -n 8192
cc -O2 -Wall bench/mhd_const.c -o "$OUT/mhd_const" $(pkg-config --cflags --libs libmicrohttpd)

. bench/lib.sh
machine ", load $(cut -d' ' -f1-3 /proc/loadavg)"
BACKEND=${BENCH_BACKEND:-sqlite}
SERVERS=${BENCH_SERVERS:-1}
if [ "$BACKEND" = postgres ]; then
  PGURL=${BENCH_PG_URL:-$(bench/pg.sh start)}
  DB=${PGURL%/*}/bench_api
  psql -qAt "${PGURL%/*}/postgres" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_api" \
    -c "CREATE DATABASE bench_api TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
  q() { psql -qAt "$DB" -c "$1"; }
else
  DB=$OUT/api.db
  q() { sqlite3 "$DB" "$1"; }
fi
echo "Backend: $BACKEND, $SERVERS server process(es)"
echo "Preparing $PEOPLE people and their month (not timed)…"
"$BIN" gen --people "$PEOPLE" --db "$DB" --quiet >/dev/null
ROOTS=$(q "SELECT u.code FROM units u JOIN unit_versions v ON v.unit_id = u.id AND v.valid_to IS NULL WHERE v.parent_id IS NULL ORDER BY u.code DESC" | paste -sd,)
"$BIN" period open "$ROOTS" --month 11/2026 --db "$DB" >/dev/null
"$BIN" user add bench --role admin --password bench-password-1 --db "$DB" >/dev/null
TOKEN=$("$BIN" token add bench --name bench --write --db "$DB" | grep -oE 'cb_[0-9a-f]{64}')
[ "$BACKEND" = sqlite ] || q "VACUUM ANALYZE" >/dev/null
q "SELECT id, framework_version_id FROM evaluations WHERE status = 'pending' AND is_leader = 0 ORDER BY id" >"$OUT/rows.txt"
HALF=$(( $(wc -l <"$OUT/rows.txt") / 2 ))

PORT=$((20000 + RANDOM % 20000)); BPORT=$((PORT + 1)); PORT2=$((PORT + 2)); BPORT2=$((PORT + 3))
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --threads "$THREADS" --max-connections 4096 \
  --access-log "$OUT/access.log" >"$OUT/serve.out" 2>"$OUT/serve.err" &
SPID=$!
"$OUT/mhd_const" $BPORT "$THREADS" >/dev/null &
BPID=$!
PIDS="$SPID $BPID"
if [ "$SERVERS" = 2 ]; then
  "$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT2 --threads "$THREADS" --max-connections 4096 \
    --access-log "$OUT/access2.log" >"$OUT/serve2.out" 2>"$OUT/serve2.err" &
  SPID2=$!
  "$OUT/mhd_const" $BPORT2 "$THREADS" >/dev/null &
  PIDS="$PIDS $SPID2 $!"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT2/api/v1/health" >/dev/null && break; sleep 0.1; done
fi
trap 'kill $PIDS 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.1; done
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$BPORT/" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$BPORT/" >/dev/null || { echo "the baseline server did not start"; exit 1; }

# the evaluations to read and to self-assess, and one valid body per
# framework version (from the API itself)
node - "$OUT/rows.txt" "$PORT" "$TOKEN" "$OUT" <<'EOF'
const [rowsFile, port, token, out] = process.argv.slice(2);
const fs = await import('node:fs');
const rows = fs.readFileSync(rowsFile, 'utf8').trim().split('\n').map((l) => l.split('|').map(Number));
const bodies = {};
for (const [id, fv] of rows) {
  if (bodies[fv]) continue;
  const ev = await (await fetch(`http://127.0.0.1:${port}/api/v1/evaluations/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  bodies[fv] = ev.criteria.filter((c) => c.kind === 'scored' || c.kind === 'work_products').map((c) => ({ code: c.code, points: Math.round(c.max * 85) / 100 }));
}
const lua = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const ids = rows.map((r) => r[0]);
let t = `ids = {${ids.join(',')}}\nbodies = {}\n`;
t += `fv = {${rows.map((r) => r[1]).join(',')}}\n`;
for (const [fv, b] of Object.entries(bodies)) t += `bodies[${fv}] = ${lua(JSON.stringify({ scores: b, version: 1 }))}\n`;
fs.writeFileSync(`${out}/data.lua`, t);
console.log(`${ids.length} pending evaluations, ${Object.keys(bodies).length} framework versions`);
EOF

cat >"$OUT/read.lua" <<EOF
dofile("$OUT/data.lua")
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  return wrk.format("GET", "/api/v1/evaluations/" .. ids[math.random(#ids)])
end
EOF
cat >"$OUT/self.lua" <<EOF
dofile("$OUT/data.lua")
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
local n, step = 0, 1
setup = function(thread)
  thread:set("base", thread_count or 0)
  thread_count = (thread_count or 0) + 1
end
init = function(args) n = base + tonumber(args[1] or 0); step = 2 end
request = function()
  n = n + step
  local i = ((n - 1) % #ids) + 1
  return wrk.format("POST", "/api/v1/evaluations/" .. ids[i] .. "/self", nil, bodies[fv[i]])
end
EOF

# memory sampler (with two servers: the larger of the two)
( peak=0; while kill -0 $SPID 2>/dev/null; do
    for p in $SPID ${SPID2:-}; do
      r=$(awk '/VmRSS/{print $2}' /proc/$p/status 2>/dev/null || echo 0); [ "${r:-0}" -gt "$peak" ] && peak=$r
    done
    echo "$peak" >"$OUT/peak_rss_kb"; sleep 0.2; done ) &

# run NAME CONNS URL [LUA [ARG]]: appends "NAME conns req/s p99_ms non2xx";
# with two servers, URL's port and the next-but-one (the second server)
# each get half the connections from a wrk of their own, the second
# starting its ids at ARG + half of them (no two requests on one id)
run() {
  local name=$1 c=$2 url=$3 lua=${4:-} arg=${5:-0}
  local args=(-t2 -c"$c" -d"${SECS}s" --latency --timeout 10s)
  [ -n "$lua" ] && args+=(-s "$lua")
  if [ "$SERVERS" = 2 ]; then
    local port=${url#http://127.0.0.1:}; port=${port%%/*}
    local url2=${url/:$port/:$((port + 2))}
    args=(-t1 -c"$((c / 2))" -d"${SECS}s" --latency --timeout 10s)
    [ -n "$lua" ] && args+=(-s "$lua")
    wrk "${args[@]}" "$url2" -- "$((arg + HALF))" >"$OUT/$name-$c.b.txt" 2>&1 &
    local w2=$!
    wrk "${args[@]}" "$url" -- "$arg" >"$OUT/$name-$c.txt" 2>&1
    wait $w2
  else
    wrk "${args[@]}" "$url" -- "$arg" >"$OUT/$name-$c.txt" 2>&1
  fi
  local rps=0 p99=0 bad=0 f
  for f in "$OUT/$name-$c.txt" "$OUT/$name-$c.b.txt"; do
    [ -f "$f" ] || continue
    rps=$(awk -v a="$rps" '/Requests\/sec/{printf "%.2f", a + $2}' "$f")
    p99=$(awk -v a="$p99" '$1=="99%"{v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) sub("ms","",v); else if (v ~ /s$/) {sub("s","",v); v*=1000}; print (v > a ? v : a)}' "$f")
    bad=$((bad + $(awk '/Non-2xx/{n=$NF} END{print n+0}' "$f")))
  done
  echo "$name $c $rps $p99 $bad" >>"$OUT/results"
}
: >"$OUT/results"
for c in 64 512; do
  run baseline $c "http://127.0.0.1:$BPORT/"
  run read $c "http://127.0.0.1:$PORT/api/v1/evaluations/1" "$OUT/read.lua"
done
before=$(q "SELECT COUNT(*) FROM evaluations WHERE status = 'self_assessed'")
start=$(date +%s.%N)
run self 64 "http://127.0.0.1:$PORT/" "$OUT/self.lua"
mid=$(q "SELECT COUNT(*) FROM evaluations WHERE status = 'self_assessed'")
# the second run starts past every evaluation the first could have used
used=$(cat "$OUT"/self-64*.txt | awk '/requests in/{n += $1} END{print n}')
run self 512 "http://127.0.0.1:$PORT/" "$OUT/self.lua" $((2 * used + 2))
after=$(q "SELECT COUNT(*) FROM evaluations WHERE status = 'self_assessed'")
sleep 0.3
peak=$(cat "$OUT/peak_rss_kb")

base64=$(awk '$1=="baseline" && $2==64{print $3}' "$OUT/results")
base512=$(awk '$1=="baseline" && $2==512{print $3}' "$OUT/results")
echo
echo "| workload | connections | requests/s | p99 ms | ratio to baseline | non-2xx |"
echo "|---|---|---|---|---|---|"
while read -r name c rps p99 bad; do
  b=$base64; [ "$c" = 512 ] && b=$base512
  ratio=$(awk -v r="$rps" -v b="$b" 'BEGIN{printf "%.3f", r/b}')
  echo "| $name | $c | $rps | $p99 | $ratio | $bad |"
done <"$OUT/results"
echo
awk -v a="$before" -v m="$mid" -v s="$SECS" 'BEGIN{printf "Committed self-assessments at 64 connections: %d in %d s = %.0f/s (counted in the database)\n", m-a, s, (m-a)/s}'
awk -v m="$mid" -v z="$after" -v s="$SECS" 'BEGIN{printf "Committed self-assessments at 512 connections: %d in %d s = %.0f/s\n", z-m, s, (z-m)/s}'
echo "Server peak resident memory: $((peak / 1024)) MB"
if [ "$BACKEND" = sqlite ]; then
  echo "Server threads: $THREADS; database: $PEOPLE people, SQLite WAL, synchronous=FULL"
else
  echo "Server threads: $THREADS × $SERVERS process(es); database: $PEOPLE people, PostgreSQL (bench/pg.sh settings: fsync, synchronous_commit on)"
  kill $PIDS 2>/dev/null || true
  wait $PIDS 2>/dev/null || true
  psql -qAt "${PGURL%/*}/postgres" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_api"
fi
