#!/usr/bin/env bash
# fuzz/status.sh [FUZZ_DIR...]: one line per campaign found under each folder (default $FUZZ_DIR, else
# /var/tmp/iplookup-fuzz): target, fuzzing time and executions over all its runs (those before a MINIMIZE=1 restart
# included), paths, stability, crashes, hangs, and the fuzzing time and executions since its last new path in its
# current run, and the fuzzing time since its last new branch (an input AFL++ marks "+cov": it took a branch no input
# had taken; the other new paths only take known branches a new number of times).
# The last column is AFL++'s own verdict, the colour of its "cycles done" counter (src/afl-fuzz-stats.c): "finding"
# during the first queue cycle or while new paths come (under 25 cycles or 30 minutes without one), "plateau"
# ("cautiously OK to stop") after that, "done" past 100 cycles and 120 minutes without one, nothing left untried.
set -euo pipefail
folders=("$@")
[[ ${#folders[@]} -gt 0 ]] || folders=("${FUZZ_DIR:-/var/tmp/iplookup-fuzz}")
printf '| target | folder | time | executions | per second | paths | stability | crashes | hangs | since the last new path | since the last new branch | AFL++ |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for folder in "${folders[@]}"; do
  for stats in "$folder"/*/findings/default/fuzzer_stats; do
    [[ -s $stats ]] || continue
    findings=$(dirname "$stats")
    campaign=${findings%/findings/default}
    # A saved input's name ends with the campaign's time and executions when it was found (inputs carried over from
    # an earlier run are renamed "time:0,execs:0,orig:NAME"): the newest found in this run dates the last new path;
    # with none, the run's own length (afl-fuzz writes fuzzer_setup as a run starts) is the time without one.
    began=$(stat -c %Y "$findings/fuzzer_setup" 2>/dev/null || echo 0)
    last=$(ls "$findings/queue" | awk '
      !index($0, "orig:") && match($0, /time:[0-9]+/) { t = substr($0, RSTART + 5, RLENGTH - 5) + 0
        e = $0; sub(/.*execs:/, "", e); sub(/,.*/, "", e)
        if (t >= time) { time = t; execs = e + 0; found = 1 }
        if (index($0, "+cov") && t >= branch) { branch = t; branched = 1 } }
      END { print found ? time : -1, found ? execs : -1, branched ? branch : -1 }')
    # Time and executions add up in a campaign's findings over its resumed runs; a MINIMIZE=1 restart moved the
    # earlier findings aside (findings.DATE).
    total=$(cat "$campaign"/findings*/default/fuzzer_stats | awk -F' *: *' '
      $1 == "run_time" { time += $2 } $1 == "execs_done" { execs += $2 } END { print time, execs }')
    awk -F' *: *' -v total="$total" -v target="$(basename "$campaign")" -v folder="$folder" -v last="$last" -v began="$began" '
      {v[$1] = $2}
      END {
        split(last, l, " ")
        split(total, all, " ")
        quiet = l[1] < 0 ? (v["last_update"] - began) / 60 : (v["run_time"] - l[1] / 1000) / 60
        since = l[1] < 0 ? sprintf("%d min (none in this run)", quiet) \
          : sprintf("%d min, %d executions", quiet, v["execs_done"] > l[2] ? v["execs_done"] - l[2] : 0)
        branch = l[3] < 0 ? sprintf("%d min (none in this run)", (v["last_update"] - began) / 60) \
          : sprintf("%d min", (v["run_time"] - l[3] / 1000) / 60)
        cycles = v["cycles_wo_finds"]
        verdict = v["cycles_done"] == 0 || cycles < 25 || quiet < 30 ? "finding" \
          : cycles > 100 && v["pending_total"] == 0 && quiet > 120 ? "done" : "plateau"
        printf "| `%s` | %s | %d min | %d | %d | %d | %s | %d | %d | %s, %d cycles | %s | %s |\n", target, folder,
          all[1] / 60, all[2], v["execs_per_sec"], v["corpus_count"], v["stability"],
          v["saved_crashes"], v["saved_hangs"], since, cycles, branch, verdict
      }' "$stats"
  done
done
