#!/usr/bin/env bash
# fuzz/missed.sh TARGET FOLDER: how many edges of TARGET's instrumented build (in FUZZ_DIR, /var/lib/iplookup-fuzz) the
# inputs in FOLDER take that no input of the campaign's queue takes (afl-showmap -C over each, edges compared). Inputs
# from elsewhere (test cases, fixtures) that take many belong among the seeds (Seeds.cs): the campaign had not found
# them, and its plateau would have been reached without them.
set -euo pipefail
target=${1:?usage: fuzz/missed.sh TARGET FOLDER} folder=$(realpath "${2:?usage: fuzz/missed.sh TARGET FOLDER}")
work=${FUZZ_DIR:-/var/lib/iplookup-fuzz}
queue=$work/$target/findings/default/queue
[[ -d $queue ]] || { echo "fuzz/missed.sh: no campaign for $target in $work" >&2; exit 1; }
[[ -d $folder ]] || { echo "fuzz/missed.sh: no folder $folder" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

edges() { # INPUTS OUTPUT: the edges the inputs take together, one per line, sorted
  (cd / && AFL_ALLOW_TMP=1 AFL_SKIP_BIN_CHECK=1 afl-showmap -C -i "$1" -o "$tmp/map" -m none -t 10000 \
    -- "$(command -v dotnet)" "$work/build/iplookup-fuzz.dll" "$target" > "$tmp/log" 2>&1) ||
    { tail -n 20 "$tmp/log" >&2; exit 1; }
  cut -d: -f1 "$tmp/map" | sort > "$2"
}

edges "$queue" "$tmp/queue"
edges "$folder" "$tmp/inputs"
echo "fuzz/missed.sh: $target: $(find "$folder" -maxdepth 1 -type f | wc -l) inputs take $(wc -l < "$tmp/inputs") edges;" \
  "$(comm -13 "$tmp/queue" "$tmp/inputs" | wc -l) of them are missing from the campaign's" \
  "$(find "$queue" -maxdepth 1 -name 'id:*' | wc -l) inputs ($(wc -l < "$tmp/queue") edges)"
