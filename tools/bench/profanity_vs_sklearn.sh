#!/usr/bin/env bash
# The profanity port against the original package's fastest API,
# scikit-learn's batch `predict_prob(list)`, on the same 2,061 short
# strings and the same core, window by window: each window runs the Rust
# criterion bench (`short/profanity`, mean) and then the best of 5 Python
# batch runs, and prints both and their ratio. Both sides move with the
# machine's state, so only figures from the same window are compared.
#   tools/bench/profanity_vs_sklearn.sh [WINDOWS]   # default 5
# Needs the export venv (tools/export-models/README.md): PY=/tmp/venv-models/bin/python
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
py=${PY:-/tmp/venv-models/bin/python}
core=${CORE:-1}
windows=${1:-5}
cd "$root"
bench=$(cargo bench -q -p modd --bench models --no-run --message-format=json 2>/dev/null |
  jq -r 'select(.profile.test == true and .target.name == "models") | .executable' | tail -1)
printf '%-8s %-14s %-16s %s\n' window rust_texts/s python_texts/s ratio
for w in $(seq 1 "$windows"); do
  out=$(cd daemon && taskset -c "$core" "$bench" --bench short/profanity 2>&1)
  rust=$(grep -m1 'thrpt:' <<<"$out" | sed 's/.*\[//' |
    awk '{v=$3; u=$4; if (u ~ /^M/) v*=1e6; else if (u ~ /^K/) v*=1e3; printf "%.0f", v}')
  python=$(OMP_NUM_THREADS=1 taskset -c "$core" "$py" tools/export-models/bench_python.py --batch-only 5)
  printf '%-8s %-14s %-16s %.1fx\n' "$w" "$rust" "$python" "$(echo "$rust / $python" | bc -l)"
done
