#!/usr/bin/env bash
# fuzz/status.sh [FUZZ_DIR...]: one line per campaign found under each folder (default $FUZZ_DIR, else
# /var/tmp/iplookup-fuzz): target, fuzzing time, executions, paths, crashes, hangs, and how long before its last
# statistics the last new path came (a campaign has reached its plateau when that stays large while it runs on).
set -euo pipefail
folders=("$@")
[[ ${#folders[@]} -gt 0 ]] || folders=("${FUZZ_DIR:-/var/tmp/iplookup-fuzz}")
printf '| target | folder | time | executions | per second | paths | crashes | hangs | last new path |\n|---|---|---|---|---|---|---|---|---|\n'
for folder in "${folders[@]}"; do
  for stats in "$folder"/*/findings/default/fuzzer_stats; do
    [[ -s $stats ]] || continue
    awk -F' *: *' -v target="$(basename "$(dirname "$(dirname "$(dirname "$stats")")")")" -v folder="$folder" '
      {v[$1] = $2}
      END {
        last = v["last_find"] == 0 ? "none since this run began" : sprintf("%d min before the end", (v["last_update"] - v["last_find"]) / 60)
        printf "| `%s` | %s | %d min | %d | %d | %d | %d | %d | %s |\n", target, folder, v["run_time"] / 60,
          v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["saved_crashes"], v["saved_hangs"], last
      }' "$stats"
  done
done
