#!/usr/bin/env bash
# What traces cost intake: requests/s of POST /api/v1/moderation/analyse
# (wrk, 64 connections, SQLite, workers deciding meanwhile) with traces off,
# on (every trace exported over OTLP/HTTP to a local sink), and on with 10 %
# sampling. The modes alternate within one run on one binary, a fresh
# database each time, so all of them see the same machine noise; the
# answer is each mode's median and its ratio to "off".
#   tools/bench/traces.sh [rounds] [seconds per measurement]
# Needs release binaries (cargo build --release -p modd -p modctl), wrk, python3.
set -euo pipefail
rounds=${1:-3}; secs=${2:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BIN_DIR:-$root/target/release}
work=$(mktemp -d)
sink_port=14318; port=18002
pid=""; sink=""
trap 'for p in $pid $sink; do kill $p 2>/dev/null || true; wait $p 2>/dev/null || true; done; rm -rf "$work"' EXIT

# The collector stand-in: takes every export, counts requests and bytes.
python3 - "$sink_port" "$work/sink.count" <<'PY' &
import http.server, sys, threading
port, out = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock(); seen = [0, 0]
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("content-length", 0)); self.rfile.read(n)
        with lock:
            seen[0] += 1; seen[1] += n
            open(out, "w").write(f"{seen[0]} {seen[1]}\n")
        self.send_response(200); self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
PY
sink=$!

# One measurement: a fresh modd in mode $1, wrk against it; prints requests/s.
measure() {
  local mode=$1 dir; dir=$(mktemp -d -p "$work")
  local -a env=(DATABASE_URL="sqlite://$dir/modd.db" MODD_BIND=127.0.0.1:$port MODD_DATA_DIR=$dir
    MODD_LOG_LEVEL=warn MODD_RATE_LIMIT=1000000/sec)
  case $mode in
    on) env+=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port) ;;
    on-10%) env+=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port
      OTEL_TRACES_SAMPLER=traceidratio OTEL_TRACES_SAMPLER_ARG=0.1) ;;
  esac
  env "${env[@]}" "$bin/modd" >"$dir/modd.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "localhost:$port/health" >/dev/null && break; sleep 0.1; done
  KEY=$(env "${env[@]}" "$bin/modctl" keys create --name bench --role client --rate-limit 1000000/sec --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])') \
    wrk -t2 -c64 -d"${secs}s" -s "$root/tools/bench/analyse.lua" "http://127.0.0.1:$port" \
    | awk '/Requests\/sec/ {print $2}'
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

modes=(off on on-10%)
declare -A all
for r in $(seq 1 "$rounds"); do
  for m in "${modes[@]}"; do
    rps=$(measure "$m"); all[$m]="${all[$m]:-} $rps"
    printf 'round %d  %-7s %10s req/s\n' "$r" "$m" "$rps"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
off=$(echo "${all[off]}" | median)
printf '\n%-7s %12s %8s\n' mode median_req/s vs_off
for m in "${modes[@]}"; do
  med=$(echo "${all[$m]}" | median)
  printf '%-7s %12.0f %8.3f\n' "$m" "$med" "$(echo "$med / $off" | bc -l)"
done
echo "sink received (export requests, bytes): $(cat "$work/sink.count" 2>/dev/null || echo '0 0')"
