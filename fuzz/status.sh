#!/usr/bin/env bash
# fuzz/status.sh [FUZZ_DIR...]: one line per campaign found under each folder (default $FUZZ_DIR, else
# /var/lib/iplookup-fuzz): target, fuzzing time and executions over all its runs (those before a MINIMIZE=1 restart
# included), paths, stability, crashes, hangs, the fuzzing time, executions and queue cycles since its last new path
# over its resumed runs on this build, and the fuzzing time since its last new branch (an input AFL++ marks "+cov": it
# took a branch no input had taken; the other new paths only take known branches a new number of times).
# The last column is AFL++'s own verdict, the colour of its "cycles done" counter (src/afl-fuzz-stats.c): "finding"
# during the first queue cycle or while new paths come (under 25 cycles or 30 minutes without one), "plateau"
# ("cautiously OK to stop") after that, "done" past 100 cycles and 120 minutes without one, nothing left untried.
set -euo pipefail
folders=("$@")
[[ ${#folders[@]} -gt 0 ]] || folders=("${FUZZ_DIR:-/var/lib/iplookup-fuzz}")
printf '| target | folder | time | executions | per second | paths | stability | crashes | hangs | since the last new path | since the last new branch | AFL++ |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for folder in "${folders[@]}"; do
  for stats in "$folder"/*/findings/default/fuzzer_stats; do
    [[ -s $stats ]] || continue
    findings=$(dirname "$stats")
    campaign=${findings%/findings/default}
    # The quiet spell since the last new path, from plot_data, where AFL++ writes a row every 5 seconds from the first
    # minute of a run on. A resumed run carries on its time and cycle count, but counts its own cycles without a find
    # from zero (every input it loads is a find to it) and counts the cycle cut short by the stop as done; a row a
    # minute or more after the one before begins a resumed run, and the cycle count's step there is left out. A resume
    # on a new build (after run.sh's quiet-floor time) starts the spell again: its branches are numbered anew.
    quiet=$(awk -F', *' -v floor="$(cat "$campaign/quiet-floor" 2>/dev/null || echo -1)" '
      /^#/ { next }
      !rows++ || $4 > most || (last <= floor && $1 > floor) { most = $4 > most ? $4 : most; time = $1; execs = $12
        spell = -1 } # the cycle of the find ends with no cycle counted
      rows > 1 && $1 - last < 55 { spell += $2 - cycle }
      { last = $1; cycle = $2; done = $12 }
      END { print (last - time) / 60, (spell > 0 ? spell : 0), done - execs }' "$findings/plot_data")
    branch=$(ls "$findings/queue" | awk '
      !index($0, "orig:") && index($0, "+cov") && match($0, /time:[0-9]+/) { t = substr($0, RSTART + 5, RLENGTH - 5) + 0
        if (t >= branch) { branch = t; found = 1 } }
      END { print found ? branch : -1 }')
    # Time and executions add up in a campaign's findings over its resumed runs; a MINIMIZE=1 restart moved the
    # earlier findings aside (findings.DATE).
    total=$(cat "$campaign"/findings*/default/fuzzer_stats | awk -F' *: *' '
      $1 == "run_time" { time += $2 } $1 == "execs_done" { execs += $2 } END { print time, execs }')
    awk -F' *: *' -v total="$total" -v target="$(basename "$campaign")" -v folder="$folder" -v quiet="$quiet" \
      -v branch="$branch" -v began="$(stat -c %Y "$findings/fuzzer_setup" 2>/dev/null || echo 0)" '
      {v[$1] = $2}
      END {
        split(quiet, q, " ")
        split(total, all, " ")
        since = sprintf("%d min, %d executions", q[1], q[3])
        branched = branch < 0 ? sprintf("%d min (none in this run)", (v["last_update"] - began) / 60) \
          : sprintf("%d min", (v["run_time"] - branch / 1000) / 60)
        verdict = v["cycles_done"] == 0 || q[2] < 25 || q[1] < 30 ? "finding" \
          : q[2] > 100 && v["pending_total"] == 0 && q[1] > 120 ? "done" : "plateau"
        printf "| `%s` | %s | %d min | %d | %d | %d | %s | %d | %d | %s, %d cycles | %s | %s |\n", target, folder,
          all[1] / 60, all[2], v["execs_per_sec"], v["corpus_count"], v["stability"],
          v["saved_crashes"], v["saved_hangs"], since, q[2], branched, verdict
      }' "$stats"
  done
done
