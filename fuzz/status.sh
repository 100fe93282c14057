#!/usr/bin/env bash
# fuzz/status.sh [FUZZ_DIR...]: one line per campaign found under each folder (default $FUZZ_DIR, else
# /var/tmp/iplookup-fuzz): target, fuzzing time and executions over all its runs, paths, stability, crashes, hangs,
# and the fuzzing time and executions since its last new path. AFL++ names each saved input with the campaign's time
# and execution count when it was found, and keeps those names when a campaign resumes, so this counts across runs.
# The last column is AFL++'s own verdict, the colour of its "cycles done" counter (src/afl-fuzz-stats.c): "finding"
# during the first queue cycle or while new paths come (under 25 cycles or 30 minutes without one), "plateau"
# ("cautiously OK to stop") after that, "done" past 100 cycles and 120 minutes without one, nothing left untried.
set -euo pipefail
folders=("$@")
[[ ${#folders[@]} -gt 0 ]] || folders=("${FUZZ_DIR:-/var/tmp/iplookup-fuzz}")
printf '| target | folder | time | executions | per second | paths | stability | crashes | hangs | since the last new path | AFL++ |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
for folder in "${folders[@]}"; do
  for stats in "$folder"/*/findings/default/fuzzer_stats; do
    [[ -s $stats ]] || continue
    # A saved input's name ends with the campaign's time and executions when it was found; one carried over from an
    # earlier run (a resumed campaign, or one started from minimized inputs) is renamed "time:0,execs:0,orig:NAME".
    # The newest found in this run counts; else the newest carried over (a resumed campaign counts its time on).
    limit=$(awk -F' *: *' '$1 == "run_time" { print $2 * 1000 }' "$stats")
    last=$(ls "$(dirname "$stats")/queue" | awk -v limit="$limit" '
      match($0, /.*time:[0-9]+/) { t = substr($0, RSTART, RLENGTH); sub(/.*time:/, "", t)
        e = $0; if (!sub(/.*execs:/, "", e)) e = 0; sub(/,.*/, "", e)
        k = index($0, "orig:") ? "old" : "new"
        if (k == "old" && t + 0 > limit) next # found by the campaign its starting inputs came from
        if (t + 0 >= time[k]) { time[k] = t + 0; execs[k] = e + 0 } }
      END { k = "new" in time ? "new" : "old"; print time[k] + 0, execs[k] + 0 }')
    awk -F' *: *' -v target="$(basename "$(dirname "$(dirname "$(dirname "$stats")")")")" -v folder="$folder" -v last="$last" '
      {v[$1] = $2}
      END {
        split(last, l, " ")
        quiet = (v["run_time"] - l[1] / 1000) / 60
        cycles = v["cycles_wo_finds"]
        verdict = v["cycles_done"] == 0 || cycles < 25 || quiet < 30 ? "finding" \
          : cycles > 100 && v["pending_total"] == 0 && quiet > 120 ? "done" : "plateau"
        printf "| `%s` | %s | %d min | %d | %d | %d | %s | %d | %d | %d min, %d executions, %d cycles | %s |\n", target,
          folder, v["run_time"] / 60, v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["stability"],
          v["saved_crashes"], v["saved_hangs"], quiet, (v["execs_done"] > l[2] ? v["execs_done"] - l[2] : 0), cycles, verdict
      }' "$stats"
  done
done
