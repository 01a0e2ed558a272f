#!/usr/bin/env bash
# Do decisions keep up with intake? One run prints, for the default
# deployment (one `modd`, default settings) on PostgreSQL + Redis and on the
# SQLite default, against a reference measured in the same run:
#   reference   pgbench: PostgreSQL's single-row durable insert rate, 16 clients
#   intake      accepts/s at 64 connections, with the workers running
#   end-to-end  items decided ÷ (last stored decision − first accept), same run
#   latency     accept→decision p50/p99 at half the end-to-end rate (open loop)
#   cost        CPU per item of modd, PostgreSQL (all its processes), Redis
#               and the load driver, PostgreSQL's WAL bytes and Redis's
#               commands per item
#   bound       accepts/s of a `modd` with no workers (MODD_WORKERS=0): the
#               machine's rate for intake's work alone, which end to end
#               (intake plus decisions on the same cores) cannot pass
# Timings come from the database (`content_items.created_at`,
# `decisions.decided_at`); the load driver is daemon/examples/pipeline_load.rs.
#
#   cargo build --release -p modd --bin modd --example pipeline_load -p modctl
#   tools/bench/decisions.sh
#
# Env: BIN (dir with modd, modctl, examples/pipeline_load), PG (server URL),
# ITEMS (max-rate run), STEADY_SECS, CONCURRENCY, PGBENCH_SECS, BACKENDS.
set -Eeuo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$root/target/release}
LOAD=${LOAD:-$BIN/examples/pipeline_load}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
ITEMS=${ITEMS:-30000}
STEADY_SECS=${STEADY_SECS:-15}
CONCURRENCY=${CONCURRENCY:-64}
PGBENCH_SECS=${PGBENCH_SECS:-15}
BACKENDS=${BACKENDS:-"postgres sqlite"}
CLK=$(getconf CLK_TCK)
# CPU seconds (user + system) a process has used so far.
cpu() { awk -v clk="$CLK" '{print ($14 + $15) / clk}' "/proc/$1/stat"; }
# CPU seconds used so far by every process of the PostgreSQL server (its
# backends, WAL writer, checkpointer): the database's share of the machine.
postgres_cpu() {
    cat /proc/[0-9]*/stat 2>/dev/null | awk -v clk="$CLK" '$2 == "(postgres)" {t += $14 + $15} END {print t / clk}'
}
# WAL bytes the server has written so far (PostgreSQL 14 and later).
wal_bytes() { psql -qAt "$PG/postgres" -c "SELECT wal_bytes FROM pg_stat_wal"; }
per_item() { echo "($2 - $1) * 1000000 / $ITEMS" | bc; }
# Redis's per-command call counts and CPU so far (`INFO commandstats`).
redis_commands() { redis-cli -u "$REDIS_URL" INFO commandstats | tr -d '\r' | grep '^cmdstat_'; }
# Calls and Redis CPU per item, by command, between two `redis_commands`.
redis_per_item() {
    awk -F'[:=,]' -v n="$ITEMS" 'NR == FNR {calls[$1] = $3; usec[$1] = $5; next}
        {c = ($3 - calls[$1]) / n; u = ($5 - usec[$1]) / n
         if (c >= 0.01) printf "  %-28s %5.2f calls %6.2f µs per item\n", substr($1, 9), c, u}' "$1" "$2"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
pids=()
dbs=()
# Stops the processes `start_modd` started (modd and its Redis).
stop_modd() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}

cleanup() {
    stop_modd
    for db in "${dbs[@]}"; do
        psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
# A failing step stops the run (set -e); say which, even when stdout is filtered.
trap 'echo "decisions.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

scratch_db() {
    local db=$1
    psql -q "$PG/postgres" -c "CREATE DATABASE $db" >/dev/null
    dbs+=("$db")
}

# The reference: one durable INSERT per transaction, as a naive intake would.
reference() {
    local db=modd_pgbench_$$
    scratch_db "$db"
    psql -q "$PG/$db" -c "CREATE TABLE t (id bigserial PRIMARY KEY, v text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
    echo "INSERT INTO t (v) VALUES ('a perfectly fine comment');" >"$work/insert.sql"
    pgbench -n -c 16 -j 2 -T "$PGBENCH_SECS" -f "$work/insert.sql" "$PG/$db" 2>/dev/null |
        awk '/^tps/ {print int($3); exit}'
}

# Starts one default `modd` on `backend`; sets PORT, DATABASE_URL and KEY.
start_modd() {
    local backend=$1
    local data
    data=$(mktemp -d "$work/$backend.XXXX")
    unset REDIS_URL MODD_REDIS_PREFIX
    if [ "$backend" = postgres ]; then
        local db=modd_decisions_$$_${#dbs[@]}
        scratch_db "$db"
        local redis_port
        redis_port=$(free_port)
        redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
        pids+=($!)
        REDIS_PID=$!
        export DATABASE_URL="$PG/$db" REDIS_URL="redis://127.0.0.1:$redis_port" MODD_REDIS_PREFIX="bench:"
    else
        export DATABASE_URL="sqlite://$data/modd.db"
    fi
    export MODD_AUTO_MIGRATE=true MODD_LOG_LEVEL=warn MODD_DATA_DIR="$data"
    "$BIN/modctl" migrate up >/dev/null
    KEY=$("$BIN/modctl" keys create --name bench --role admin --rate-limit 1000000/sec --json | jq -r .key)
    PORT=$(free_port)
    MODD_BIND="127.0.0.1:$PORT" "$BIN/modd" serve 2>"$data/modd.log" &
    pids+=($!)
    MODD_PID=$!
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "modd did not start: $data/modd.log" >&2; exit 1; }
}

run() { "$LOAD" --url "http://127.0.0.1:$PORT" --key "$KEY" --database-url "$DATABASE_URL" --concurrency "$CONCURRENCY" "$@"; }

echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Not in $(...): the subshell would forget the scratch database, and cleanup
# would leave it behind.
reference >"$work/reference"
REF=$(cat "$work/reference")
echo "reference: pgbench single-row durable inserts, 16 clients: $REF tps"
for backend in $BACKENDS; do
    REDIS_PID=
    start_modd "$backend"
    run --items 1000 >/dev/null # warm-up
    c0=$(cpu "$MODD_PID"); r0=$([ -n "$REDIS_PID" ] && cpu "$REDIS_PID" || echo 0)
    p0=$(postgres_cpu); w0=$(wal_bytes)
    [ -n "$REDIS_PID" ] && redis_commands >"$work/redis.0"
    # The driver's own CPU (user + system), from bash's `time`.
    MAX=$( { TIMEFORMAT='%U %S'; time run --items "$ITEMS" >"$work/max.json"; } 2>"$work/load.time"; cat "$work/max.json")
    c1=$(cpu "$MODD_PID"); r1=$([ -n "$REDIS_PID" ] && cpu "$REDIS_PID" || echo 0)
    p1=$(postgres_cpu); w1=$(wal_bytes)
    load=$(awk '{print $1 + $2}' "$work/load.time")
    echo "$backend cpu per item (max-rate run, API + workers in one modd): $(per_item "$c0" "$c1") µs modd, $(per_item "$r0" "$r1") µs redis, $(per_item 0 "$load") µs load driver"
    if [ "$backend" = postgres ]; then
        echo "$backend database per item (max-rate run): $(per_item "$p0" "$p1") µs PostgreSQL CPU (all its processes), $(echo "($w1 - $w0) / $ITEMS" | bc) WAL bytes"
        redis_commands >"$work/redis.1"
        echo "$backend redis commands per item (max-rate run):"
        redis_per_item "$work/redis.0" "$work/redis.1"
    fi
    HALF=$(echo "$MAX" | jq '.end_to_end_per_sec / 2 | floor')
    # CPU per item again at half the peak: below saturation, contention
    # (spinning, context switches) inflates it less, so builds compare better.
    c2=$(cpu "$MODD_PID")
    STEADY=$(run --rate "$HALF" --seconds "$STEADY_SECS")
    c3=$(cpu "$MODD_PID")
    echo "$backend cpu per item at half the peak: $(echo "($c3 - $c2) * 1000000 / $(echo "$STEADY" | jq .accepted)" | bc) µs modd"
    echo "$backend max-rate: $MAX"
    echo "$backend steady@$HALF/s: $STEADY"
    jq -rn --argjson m "$MAX" --argjson s "$STEADY" --argjson ref "$REF" --arg b "$backend" '
      "\($b): intake \($m.accept_per_sec)/s (\($m.accept_per_sec / $ref * 100 | round)% of pgbench), " +
      "end-to-end \($m.end_to_end_per_sec)/s (\($m.end_to_end_per_sec / $ref * 100 | round)%), " +
      "p50 \($s.latency_ms.p50 | . * 10 | round / 10) ms, p99 \($s.latency_ms.p99 | . * 10 | round / 10) ms at \($s.target_rate)/s, " +
      "decided \($m.decided)/\($m.accepted)"'
    stop_modd
    MODD_WORKERS=0 start_modd "$backend"
    run --items 1000 --accept-only >/dev/null # warm-up
    BOUND=$(run --items "$ITEMS" --accept-only)
    echo "$backend intake without workers: $(echo "$BOUND" | jq .accept_per_sec)/s ($(echo "$BOUND" | jq --argjson ref "$REF" '.accept_per_sec / $ref * 100 | round')% of pgbench): the most end to end can reach here"
    stop_modd
done
