#!/usr/bin/env bash
# The pipeline figures: `modd serve` (API only) plus WORKERS `modd worker`
# processes (one worker each) on PostgreSQL + a private Redis, driven by
# examples/pipeline_load.rs. First as fast as possible (end-to-end items/s),
# then open-loop at half that rate (accept-to-decision p50/p99).
#
#   cargo build --release -p modd --bin modd --example pipeline_load
#   cargo build -p modctl
#   daemon/examples/pipeline_bench.sh 1   # and 2, 4
#
# Env: BIN (dir with modd and pipeline_load), MODCTL, PG (server URL),
# ITEMS (max-rate run), STEADY_SECS (steady run), CONCURRENCY.
set -euo pipefail
WORKERS=${1:?usage: pipeline_bench.sh WORKERS}
BIN=${BIN:-target/release}
LOAD=${LOAD:-$BIN/examples/pipeline_load}
MODCTL=${MODCTL:-target/debug/modctl}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
ITEMS=${ITEMS:-20000}
STEADY_SECS=${STEADY_SECS:-20}
CONCURRENCY=${CONCURRENCY:-64}
DB=modd_bench_$$
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
API_PORT=$(free_port)

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
}
trap cleanup EXIT

psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)
DATA=$(mktemp -d)
export DATABASE_URL="$PG/$DB" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" MODD_REDIS_PREFIX="bench:"
export MODD_AUTO_MIGRATE=true MODD_LOG_LEVEL=warn MODD_DATA_DIR="$DATA"
"$MODCTL" migrate up >/dev/null
KEY=$("$MODCTL" keys create --name bench --role admin --json | jq -r .key)

# Logs go to $DATA/*.log.
MODD_WORKERS=0 MODD_BIND="127.0.0.1:$API_PORT" "$BIN/modd" serve 2>"$DATA/api.log" &
pids+=($!)
wports=()
for i in $(seq 1 "$WORKERS"); do
    port=$(free_port)
    wports+=("$port")
    MODD_WORKERS=1 MODD_WORKER_BIND="127.0.0.1:$port" "$BIN/modd" worker 2>"$DATA/worker-$i.log" &
    pids+=($!)
done
for port in "$API_PORT" "${wports[@]}"; do
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "modd on $port did not start; logs in $DATA" >&2; exit 1; }
done

run() { "$LOAD" --url "http://127.0.0.1:$API_PORT" --key "$KEY" --database-url "$DATABASE_URL" "$@"; }
run --items 1000 --concurrency "$CONCURRENCY" >/dev/null   # warm-up
MAX=$(run --items "$ITEMS" --concurrency "$CONCURRENCY")
echo "workers=$WORKERS max: $MAX"
HALF=$(echo "$MAX" | jq '.end_to_end_per_sec / 2 | floor')
STEADY=$(run --rate "$HALF" --seconds "$STEADY_SECS" --concurrency "$CONCURRENCY")
echo "workers=$WORKERS steady@$HALF/s: $STEADY"
