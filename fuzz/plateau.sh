#!/usr/bin/env bash
# fuzz/plateau.sh [TARGET...]: runs the targets' campaigns (all seven by default) until AFL++ says each has reached
# its plateau (fuzz/status.sh's verdict: 25 queue cycles and 30 minutes without a new path), at most MINUTES
# (1440) each, JOBS (the number of cores) at a time. Campaigns already in FUZZ_DIR (/var/lib/iplookup-fuzz) resume,
# so hours add up over several calls. Prints status.sh's table every 10 minutes and at the end; exit code 0 only
# when every target reached its plateau without a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(frames dns capture syslog attribution eql rule)
export FUZZ_DIR=${FUZZ_DIR:-/var/lib/iplookup-fuzz}
minutes=${MINUTES:-1440}
jobs=${JOBS:-$(nproc)}
mkdir -p "$FUZZ_DIR"

verdict() { # TARGET: its last column in $table (status.sh's), or nothing before its first statistics
  awk -F' *\\| *' -v t="\`$1\`" '$2 == t { print $(NF - 1) }' <<< "$table"
}

declare -A running=() # target -> pid of its run.sh
pending=("${targets[@]}")
reached=()
ticks=0
while [[ ${#pending[@]} -gt 0 || ${#running[@]} -gt 0 ]]; do
  while [[ ${#pending[@]} -gt 0 && ${#running[@]} -lt $jobs ]]; do
    target=${pending[0]}
    pending=("${pending[@]:1}")
    RESUME=1 nice -n 19 bash fuzz/run.sh "$target" "$minutes" > "$FUZZ_DIR/$target.log" 2>&1 &
    running[$target]=$!
    echo "fuzz/plateau.sh: $target started ($FUZZ_DIR/$target.log)"
    sleep 30 # one build at a time; the others wait for it and use it
  done

  sleep 60
  # A failing status.sh (one edited while this runs) leaves the campaigns running rather than orphaned.
  table=$(bash fuzz/status.sh "$FUZZ_DIR") || echo "fuzz/plateau.sh: fuzz/status.sh failed; no verdicts this minute" >&2
  for target in "${!running[@]}"; do
    if ! kill -0 "${running[$target]}" 2>/dev/null; then
      wait "${running[$target]}" || echo "fuzz/plateau.sh: $target stopped with an error: $(tail -n 3 "$FUZZ_DIR/$target.log")" >&2
      unset "running[$target]"
    elif [[ $(verdict "$target") =~ ^(plateau|done)$ ]]; then
      echo "fuzz/plateau.sh: $target has reached its plateau"
      reached+=("$target")
      pkill -INT -f "afl-fuzz .* -o $FUZZ_DIR/$target/findings" || true
      wait "${running[$target]}" || true
      unset "running[$target]"
    fi
  done

  if (( ++ticks % 10 == 0 )); then
    echo "$table"
  fi
done

bash fuzz/status.sh "$FUZZ_DIR"
crashes=$(find "$FUZZ_DIR" -path '*/findings/default/crashes/id*' | wc -l)
echo "fuzz/plateau.sh: ${#reached[@]} of ${#targets[@]} targets reached their plateau (${reached[*]:-none}); $crashes saved crashes"
[[ ${#reached[@]} -eq ${#targets[@]} && $crashes -eq 0 ]]
