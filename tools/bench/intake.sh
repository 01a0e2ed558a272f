#!/usr/bin/env bash
# Intake benchmark: requests/s and latency of POST /api/v1/moderation/analyse
# with wrk at concurrency 64 for 20 s, on SQLite or PostgreSQL.
#   tools/bench/intake.sh sqlite|postgres [wrk args...]
# Needs release binaries (cargo build --release -p modd -p modctl), wrk, and
# sqlite3 or psql for the closing counts. BIN_DIR picks other binaries (an
# older build for an A/B in one run). PROFILE=1 also samples the daemon
# with perf (cpu-clock, so no hardware counters needed) for 10 s of the
# run and prints where its CPU went (DSOs, then the top 40 symbols);
# MODD_WORKERS=0 profiles intake alone.
set -euo pipefail
backend=${1:-sqlite}; shift || true
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN_DIR:-$root/target/release}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; [ -n "${db:-}" ] && psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$work"' EXIT
case $backend in
  sqlite) export DATABASE_URL="sqlite://$work/modd.db" ;;
  postgres)
    db=modd_bench_$$
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    "$bin/modctl" migrate up >/dev/null ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
export MODD_BIND=127.0.0.1:18000 MODD_DATA_DIR=$work MODD_LOG_LEVEL=warn MODD_RATE_LIMIT=1000000/sec
"$bin/modd" >"$work/modd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs localhost:18000/health >/dev/null && break; sleep 0.1; done
KEY=$("$bin/modctl" keys create --name bench --role client --rate-limit 1000000/sec --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export KEY
case $backend in
  sqlite) count() { sqlite3 "$work/modd.db" "$1"; } ;;
  postgres) count() { psql -qtA -h 127.0.0.1 -U postgres -d "$db" -c "$1"; } ;;
esac
if [ -n "${PROFILE:-}" ]; then
  # Past the connection ramp, then 10 s of samples while wrk runs on.
  (sleep 2; perf record -q -e cpu-clock -F 1999 -g -p "$pid" -o "$work/perf.data" -- sleep 10 2>/dev/null) &
  profiler=$!
fi
wrk -t4 -c64 -d20s --latency -s "$root/tools/bench/analyse.lua" "$@" http://127.0.0.1:18000
if [ -n "${PROFILE:-}" ]; then
  wait "$profiler"
  perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | head -8
  perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
    | grep '%' | head -40 | sed 's/ \+$//' | cut -c1-160
fi
# Counted the moment wrk ends: how much of what was accepted the workers
# decided meanwhile (intake at full rate competes with them for the CPU and,
# on SQLite, for the one writer), so builds that split the machine
# differently are compared on both.
counts=$(count "SELECT count(*), sum(CASE WHEN status = 'pending' THEN 0 ELSE 1 END) FROM content_items")
echo "rows stored: ${counts%%|*}, decided while wrk ran: ${counts##*|}"
