#!/usr/bin/env bash
# Where intake's CPU goes: perf samples of `modd` while wrk drives
# POST /api/v1/moderation/analyse (4 threads, 64 connections), the workers
# off so only intake runs. Prints the top symbols (self time) and the DSOs.
#   tools/bench/profile-intake.sh postgres|sqlite
# Needs release binaries (cargo build --release -p modd -p modctl), wrk and
# perf (Debian's linux-perf; cpu-clock, so no hardware counters needed).
# Env: BIN_DIR (another build, to compare two in one run), SECS (10), TOP (40).
set -euo pipefail
backend=${1:-postgres}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN_DIR:-$root/target/release}
secs=${SECS:-10}
work=$(mktemp -d)
db=""
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; [ -n "$db" ] && psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$work"' EXIT
case $backend in
  sqlite) export DATABASE_URL="sqlite://$work/modd.db" ;;
  postgres)
    db=modd_profile_$$
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    "$bin/modctl" migrate up >/dev/null ;;
  *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
export MODD_BIND=127.0.0.1:18000 MODD_DATA_DIR=$work MODD_LOG_LEVEL=warn \
  MODD_RATE_LIMIT=1000000/sec MODD_WORKERS=0
"$bin/modd" >"$work/modd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs localhost:18000/health >/dev/null && break; sleep 0.1; done
KEY=$("$bin/modctl" keys create --name profile --role client --rate-limit 1000000/sec --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
export KEY
wrk -t4 -c64 -d$((secs + 4))s -s "$root/tools/bench/analyse.lua" http://127.0.0.1:18000 >"$work/wrk.txt" &
load=$!
sleep 2 # past the connection ramp
perf record -q -e cpu-clock -F 1999 -g -p "$pid" -o "$work/perf.data" -- sleep "$secs" 2>/dev/null
wait $load
grep 'Requests/sec' "$work/wrk.txt"
perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | head -8
perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
  | grep '%' | head -"${TOP:-40}" | sed 's/ \+$//' | cut -c1-160
