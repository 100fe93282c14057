#!/usr/bin/env bash
# fuzz/keep-corpus.sh [TARGET...]: keeps what the campaigns in FUZZ_DIR (/var/lib/iplookup-fuzz) have learnt, so that
# the next campaign, on any machine, starts where they stopped: each target's queue (all campaigns with one by
# default), narrowed by afl-cmin to the fewest inputs that take the same branches, replaces fuzz/corpus/TARGET, each
# input named by its content's hash. run.sh adds fuzz/corpus/TARGET to a new campaign's seeds, and
# FuzzRegressionTests replays it on every test run. The campaigns may go on meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${FUZZ_DIR:-/var/lib/iplookup-fuzz}
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for queue in "$work"/*/findings/default/queue; do
    [[ -d $queue ]] && targets+=("$(basename "${queue%/findings/default/queue}")")
  done
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "fuzz/keep-corpus.sh: no campaign in $work" >&2; exit 1; }

for target in "${targets[@]}"; do
  queue=$work/$target/findings/default/queue
  [[ -d $queue ]] || { echo "fuzz/keep-corpus.sh: no campaign for $target in $work" >&2; exit 1; }
  narrowed=$(mktemp -d)
  FUZZ_DIR=$work bash fuzz/narrow.sh "$target" "$queue" "$narrowed/inputs"
  rm -rf "fuzz/corpus/$target"
  mkdir -p "fuzz/corpus/$target"
  for input in "$narrowed"/inputs/*; do
    cp "$input" "fuzz/corpus/$target/$(sha256sum < "$input" | cut -c1-16)"
  done
  rm -rf "$narrowed"
  echo "fuzz/keep-corpus.sh: $target: $(ls "$queue" | grep -c '^id:') inputs narrowed to $(ls "fuzz/corpus/$target" | wc -l)," \
    "$(du -sh --apparent-size "fuzz/corpus/$target" | cut -f1) in fuzz/corpus/$target"
done
