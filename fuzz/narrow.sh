#!/usr/bin/env bash
# fuzz/narrow.sh TARGET QUEUE OUTPUT: copies into OUTPUT the fewest inputs of QUEUE (afl-cmin) that take the same
# branches of TARGET's instrumented build in FUZZ_DIR (/var/lib/iplookup-fuzz). Paths absolute. For run.sh's
# MINIMIZE=1 and keep-corpus.sh.
set -euo pipefail
target=$1 queue=$2 output=$3
work=${FUZZ_DIR:-/var/lib/iplookup-fuzz}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
(cd / && AFL_ALLOW_TMP=1 AFL_SKIP_BIN_CHECK=1 afl-cmin -i "$queue" -o "$output" -m none -t 10000 \
  -- "$(command -v dotnet)" "$work/build/iplookup-fuzz.dll" "$target" > "$log" 2>&1) || { tail -n 20 "$log" >&2; exit 1; }
tail -n 1 "$log" >&2
