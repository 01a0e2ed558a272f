#!/usr/bin/env bash
# Does retention at scale leave the API alone? On a scratch PostgreSQL
# database this loads ITEMS expired items (default 1,000,000, each with its
# decision and two score rows) with generate_series SQL, starts one `modd`,
# and measures POST /api/v1/moderation/analyse p99 with wrk (analyse.lua)
# before and while the sweeper deletes them. Prints both p99s, their ratio
# (the target is at most 2) and the sweep's rate.
#
#   cargo build --release -p modd --bin modd -p modctl
#   tools/bench/retention.sh
#
# Env: BIN (dir with modd and modctl), PG (server URL), ITEMS, SECS (each
# wrk run), CONNECTIONS (wrk's, the same in both runs).
# The expired items belong to the app `old`, kept at first by an app
# retention of 3650 days; `modctl apps set old --retention-days 30` starts
# the sweep in the middle of one process's life, so both runs share warm
# caches and pools.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$root/target/release}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
ITEMS=${ITEMS:-1000000}
SECS=${SECS:-20}
CONNECTIONS=${CONNECTIONS:-16}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

db=modd_retention_$$
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

psql -q "$PG/postgres" -c "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="$PG/$db"
"$BIN/modctl" migrate up >/dev/null

echo "loading $ITEMS expired items (400 days old) ..."
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
INSERT INTO apps (source_app, retention_days, created_at, updated_at)
VALUES ('old', 3650, now(), now());
INSERT INTO content_items
    (source_app, external_id, content_type, text, status, created_at, updated_at)
SELECT 'old', 'old-' || n, 'comment', 'an old comment, number ' || n, 'approved',
       now() - interval '400 days' + n * interval '1 millisecond',
       now() - interval '400 days' + n * interval '1 millisecond'
FROM generate_series(1, $ITEMS) AS n;
INSERT INTO decisions (item_id, verdict, policy_version, decided_by, decided_at)
SELECT id, 'approved', 'default', 'rule', created_at FROM content_items;
INSERT INTO moderation_results (item_id, category, score, classifier, model_version, created_at)
SELECT id, c, 0.01, 'builtin-lexicon', 'bench', created_at
FROM content_items, (VALUES ('profanity'), ('hate')) AS categories(c);
ANALYZE;
SQL
echo "loaded in $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.0f') s"

port=$(free_port)
export MODD_BIND="127.0.0.1:$port" MODD_DATA_DIR="$work" MODD_LOG_LEVEL=warn \
    MODD_RATE_LIMIT=1000000/sec MODD_RETENTION_SWEEP_SECS=1
"$BIN/modd" serve 2>"$work/modd.log" &
pid=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/health" >/dev/null || { echo "modd did not start:" >&2; cat "$work/modd.log" >&2; exit 1; }
KEY=$("$BIN/modctl" keys create --name bench --role admin --rate-limit 1000000/sec --json | jq -r .key)
export KEY MODCTL_URL="http://127.0.0.1:$port" MODCTL_ADMIN_KEY="$KEY"

remaining() { psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM content_items WHERE source_app = 'old'"; }
# p99 in ms from wrk's --latency table.
load() {
    wrk -t2 -c"$CONNECTIONS" -d"${SECS}s" --latency \
        -s "$root/tools/bench/analyse.lua" "http://127.0.0.1:$port" >"$work/wrk.$1"
    awk '$1 == "99%" || $1 == "99.000%" {v=$2; if (v ~ /us$/) x=v/1000; else if (v ~ /ms$/) x=v+0; else if (v ~ /s$/) x=v*1000; printf "%.2f\n", x; exit}' "$work/wrk.$1"
}
reqs() { awk '/^Requests\/sec/ {printf "%d", $2}' "$work/wrk.$1"; }

load warmup >/dev/null
before=$(load before)
echo "before: p99 $before ms, $(reqs before) req/s ($(remaining) old items)"
"$BIN/modctl" apps set old --retention-days 30 >/dev/null
sweep_start=$(date +%s.%N)
during=$(load during)
left=$(remaining)
echo "during: p99 $during ms, $(reqs during) req/s ($left old items left at its end)"
[ "$left" -gt 0 ] || echo "warning: the sweep finished before the run did; raise ITEMS or lower SECS" >&2
while [ "$(remaining)" -gt 0 ]; do sleep 1; done
took=$(echo "$(date +%s.%N) - $sweep_start" | bc)
echo "sweep: $ITEMS items in $(printf '%.0f' "$took") s, $(echo "$ITEMS / $took" | bc) items/s"
echo "ratio: p99 during / before = $(echo "scale=2; $during / $before" | bc) (target <= 2)"
