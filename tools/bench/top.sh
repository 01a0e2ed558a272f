#!/usr/bin/env bash
# What `modctl top` costs the daemon: latency of GET /api/v1/admin/stats
# (wrk, one connection, then four), and the daemon's CPU over 30 s with no
# dashboard and with one `modctl top --interval 1s` attached (in tmux),
# idle and under a steady 200 items/s (`modctl bench --rate 200`).
#   tools/bench/top.sh            # PostgreSQL + Redis (the cluster setup)
# Needs release binaries (cargo build --release -p modd -p modctl), wrk,
# tmux, a PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 6379.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN_DIR:-$root/target/release}
secs=${SECS:-30}
work=$(mktemp -d)
db=modd_bench_top_$$
sock=modd-bench-top-$$
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 --scan --pattern "bench-top-$$:*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
"$bin/modctl" migrate up >/dev/null
export MODD_BIND=127.0.0.1:18010 MODD_DATA_DIR=$work MODD_LOG_LEVEL=warn MODD_RATE_LIMIT=1000000/sec \
  REDIS_URL=redis://127.0.0.1:6379 MODD_REDIS_PREFIX="bench-top-$$:" MODD_WORKERS=2
"$bin/modd" >"$work/modd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs localhost:18010/health >/dev/null && break; sleep 0.1; done
json_key() { python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])'; }
ADMIN=$("$bin/modctl" keys create --name top --role admin --json | json_key)
CLIENT=$("$bin/modctl" keys create --name load --role client --rate-limit 1000000/sec --json | json_key)
export MODCTL_URL=http://127.0.0.1:18010 MODCTL_ADMIN_KEY=$ADMIN MODCTL_BENCH_KEY=$CLIENT
# Some history so the counts and the route table are not empty.
"$bin/modctl" bench --duration 5s --concurrency 8 --decision-sample 0 >/dev/null

echo "== GET /api/v1/admin/stats, 1 connection"
wrk -t1 -c1 -d10s --latency -H "X-API-KEY: $ADMIN" http://127.0.0.1:18010/api/v1/admin/stats
echo "== GET /api/v1/admin/stats, 4 connections"
wrk -t1 -c4 -d10s --latency -H "X-API-KEY: $ADMIN" http://127.0.0.1:18010/api/v1/admin/stats

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# CPU % of one core used by process $1 over $secs seconds.
cpu() { local a b; a=$(ticks "$1"); sleep "$secs"; b=$(ticks "$1"); echo "scale=2; ($b - $a) * 100 / ($hz * $secs)" | bc; }
start_top() {
  tmux -L "$sock" new-session -d -s top -x 100 -y 30 \
    "MODCTL_URL=$MODCTL_URL MODCTL_ADMIN_KEY=$ADMIN '$bin/modctl' top --interval 1s"
  sleep 3
  top_pid=$(pgrep -n -f "modctl top --interval 1s")
}
stop_top() { tmux -L "$sock" kill-server; sleep 1; }

pct() { echo "scale=2; ($2 - $1) * 100 / ($hz * $secs)" | bc; }
# One measurement: daemon CPU (and top's, when attached) over $secs.
measure() { # $1: label, $2: with top (0/1), $3: load rate (0 = idle)
  local load="" a b ta tb
  [ "$2" = 1 ] && start_top
  if [ "$3" != 0 ]; then
    "$bin/modctl" bench --duration $((secs + 4))s --rate "$3" --concurrency 16 --decision-sample 0 >/dev/null &
    load=$!; sleep 2
  fi
  a=$(ticks "$pid"); [ "$2" = 1 ] && ta=$(ticks "$top_pid")
  sleep "$secs"
  b=$(ticks "$pid"); [ "$2" = 1 ] && tb=$(ticks "$top_pid")
  if [ "$2" = 1 ]; then echo "$1: daemon $(pct "$a" "$b")  (modctl top itself: $(pct "$ta" "$tb"))"; else echo "$1: daemon $(pct "$a" "$b")"; fi
  [ -n "$load" ] && wait "$load"
  [ "$2" = 1 ] && stop_top
  sleep 3
}

sleep 10 # let the workers finish the seed items
echo "== CPU (% of one core) over ${secs}s, alternating"
for round in 1 2; do
  measure "idle, no top (round $round)" 0 0
  measure "idle, one top at 1s (round $round)" 1 0
done
for round in 1 2; do
  measure "200 items/s, no top (round $round)" 0 200
  measure "200 items/s, one top at 1s (round $round)" 1 200
done
