#!/usr/bin/env bash
# One point of the capacity model, measured: the same load against one
# `modd serve` with its in-process workers ("single") and against an API-only
# `modd serve` (MODD_WORKERS=0) plus WORKERS `modd worker` processes
# ("split"), on PostgreSQL + Redis, alternating in one run so the machine's
# drift cancels. Per topology it prints: accepts/s (wrk, 64 connections),
# end-to-end decisions/s (items ÷ first accept → last decision, from the
# database's timestamps), accept→decision p50/p99 of that run, and the CPU
# each process spent per item.
#
#   cargo build --release -p modd -p modctl --bin modd --bin modctl
#   tools/bench/topology.sh            # Env: BIN_DIR, WORKERS (3), SECS (15), ROUNDS (2), PG
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN_DIR:-$root/target/release}
WORKERS=${WORKERS:-3}
SECS=${SECS:-15}
ROUNDS=${ROUNDS:-2}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
CLK=$(getconf CLK_TCK)
cpu() { awk -v clk="$CLK" '{print ($14 + $15) / clk}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
pids=()
dbs=()
stop_all() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}
cleanup() {
    stop_all
    for db in "${dbs[@]}"; do
        psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# One measured run of `topology`; prints one line of JSON.
measure() {
    local topology=$1 round=$2
    local db=modd_topology_${$}_${topology}_$round
    psql -q "$PG/postgres" -c "CREATE DATABASE $db" >/dev/null
    dbs+=("$db")
    local redis_port port
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
    local redis_pid=$!
    pids+=("$redis_pid")
    export DATABASE_URL="$PG/$db" REDIS_URL="redis://127.0.0.1:$redis_port" MODD_REDIS_PREFIX="bench:"
    export MODD_LOG_LEVEL=warn MODD_DATA_DIR="$work" MODD_RATE_LIMIT=1000000/sec
    for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    "$bin/modctl" migrate up >/dev/null
    KEY=$("$bin/modctl" keys create --name bench --role client --rate-limit 1000000/sec --json | jq -r .key)
    export KEY
    port=$(free_port)
    # single: the default deployment (default MODD_WORKERS); split: API only.
    local api_env=() worker_pids=()
    [ "$topology" = split ] && api_env=(MODD_WORKERS=0)
    env "${api_env[@]}" MODD_BIND="127.0.0.1:$port" "$bin/modd" serve 2>"$work/api.log" &
    local api_pid=$!
    pids+=("$api_pid")
    if [ "$topology" = split ]; then
        for _ in $(seq 1 "$WORKERS"); do
            MODD_WORKER_BIND="127.0.0.1:$(free_port)" "$bin/modd" worker 2>>"$work/workers.log" &
            worker_pids+=($!)
            pids+=($!)
        done
    fi
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
    local procs=("$api_pid" "${worker_pids[@]}" "$redis_pid") before=() after=()
    for p in "${procs[@]}"; do before+=("$(cpu "$p")"); done
    local wrk_out
    wrk_out=$(wrk -t4 -c64 -d"${SECS}s" -s "$root/tools/bench/analyse.lua" "http://127.0.0.1:$port")
    # Wait for the backlog to drain (at most 5 minutes).
    for _ in $(seq 1 600); do
        [ "$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM content_items WHERE status = 'pending'")" = 0 ] && break
        sleep 0.5
    done
    for p in "${procs[@]}"; do after+=("$(cpu "$p")"); done
    local n
    n=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM content_items")
    local api_cpu workers_cpu=0 redis_cpu i
    api_cpu=$(echo "${after[0]} - ${before[0]}" | bc)
    for ((i = 1; i < ${#procs[@]} - 1; i++)); do
        workers_cpu=$(echo "$workers_cpu + ${after[$i]} - ${before[$i]}" | bc)
    done
    redis_cpu=$(echo "${after[-1]} - ${before[-1]}" | bc)
    psql -qtA "$DATABASE_URL" -c "
      SELECT json_build_object(
        'topology', '$topology', 'round', $round,
        'accept_per_sec', $(echo "$wrk_out" | awk '/^Requests\/sec/ {print int($2)}'),
        'items', count(*),
        'end_to_end_per_sec', round(count(*) / extract(epoch FROM max(d.decided_at) - min(i.created_at))),
        'latency_ms_p50', round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.decided_at - i.created_at)) * 1000)::numeric, 1),
        'latency_ms_p99', round((percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.decided_at - i.created_at)) * 1000)::numeric, 1),
        'cpu_us_per_item_api', round($api_cpu * 1000000 / $n),
        'cpu_us_per_item_workers', round($workers_cpu * 1000000 / $n),
        'cpu_us_per_item_redis', round($redis_cpu * 1000000 / $n),
        'load_average', '$(cut -d' ' -f1-3 /proc/loadavg)')
      FROM content_items i JOIN decisions d ON d.item_id = i.id"
    stop_all
}

echo "machine: $(nproc) cores, $(uname -r); split = 1 API (MODD_WORKERS=0) + $WORKERS modd worker"
for round in $(seq 1 "$ROUNDS"); do
    for topology in single split; do
        measure "$topology" "$round"
    done
done
