#!/bin/sh
# Export the models and regenerate the golden file. hatesonar's onnxruntime
# graph needs the en_US.UTF-8 locale; compile it into a temp dir rather than
# installing it system-wide.
set -eu
cd "$(dirname "$0")"
PY="${PY:-/tmp/venv-models/bin/python}"
LOC="${LOCPATH_DIR:-/tmp/modd-locale}"
[ -d "$LOC/en_US.UTF-8" ] || { mkdir -p "$LOC"; localedef -i en_US -f UTF-8 "$LOC/en_US.UTF-8"; }
"$PY" export.py
LOCPATH="$LOC" "$PY" golden.py
