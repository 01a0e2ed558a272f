#!/usr/bin/env bash
# Instructions per request of the daemon, counted by callgrind: repeatable
# on a noisy machine where wall-clock A/Bs of intake move ±15 %. One modd
# (SQLite, no workers) under valgrind serves N analyse POSTs and N GET
# /health over one keep-alive connection; run it for two N and subtract,
# so start-up and shutdown cancel:
#   tools/bench/requests_callgrind.sh DIR 200 1000
# DIR holds release `modd` and `modctl`. Prints the instructions per
# (analyse + health) pair; the callgrind files stay in $OUT (default /tmp).
set -euo pipefail
bin=$1; small=$2; large=$3; out=${OUT:-/tmp}

count() {
  local n=$1 port=$((18100 + RANDOM % 800)) work
  work=$(mktemp -d)
  export DATABASE_URL=sqlite://$work/modd.db MODD_AUTO_MIGRATE=true MODD_BIND=127.0.0.1:$port \
    MODD_WORKERS=0 MODD_LOG_LEVEL=warn MODD_RATE_LIMIT=1000000/sec MODD_DATA_DIR=$work
  "$bin/modctl" migrate up >/dev/null
  KEY=$("$bin/modctl" keys create --name cg --role client --rate-limit 1000000/sec --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
  valgrind --tool=callgrind --callgrind-out-file="$out/requests.$n.callgrind" "$bin/modd" >"$work/log" 2>&1 &
  local vpid=$!
  for _ in $(seq 1 300); do curl -fs "127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
  KEY=$KEY python3 - "$n" "$port" <<'PY'
import http.client, json, os, sys
n, port, key = int(sys.argv[1]), int(sys.argv[2]), os.environ["KEY"]
c = http.client.HTTPConnection("127.0.0.1", port)
for i in range(n):
    body = json.dumps({"external_id": f"cg-{n}-{i}", "text": f"benchmark comment number {i}, nothing to see",
                       "content_type": "comment", "source_app": "bench"})
    c.request("POST", "/api/v1/moderation/analyse", body, {"Content-Type": "application/json", "X-API-KEY": key})
    r = c.getresponse(); r.read()
    assert r.status in (200, 201, 202), r.status
    c.request("GET", "/health"); r = c.getresponse(); r.read()
PY
  kill -INT "$vpid"; wait "$vpid" || true
  rm -rf "$work"
  callgrind_annotate "$out/requests.$n.callgrind" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}'
}

a=$(count "$small"); b=$(count "$large")
echo "instructions per analyse + health: $(( (b - a) / (large - small) )) ($small: $a, $large: $b)"
