#!/usr/bin/env bash
# fuzz/run.sh TARGET [MINUTES=10]
# Coverage-guided fuzzing of one parser with AFL++ and SharpFuzz, as root on Debian or Ubuntu. TARGET: frames, dns,
# capture, eql, rule, syslog or attribution (fuzz/IpLookupSensor.Fuzz/FuzzTargets.cs). Installs afl++ and the sharpfuzz tool when
# missing, builds the fuzz project, instruments the sensor's assemblies, writes starting inputs, runs afl-fuzz for
# MINUTES and prints its figures. Findings stay in $FUZZ_DIR/TARGET/findings (default /var/lib/iplookup-fuzz);
# replay one with: dotnet $FUZZ_DIR/plain/iplookup-fuzz.dll TARGET FILE. RESUME=1 continues the campaign already in
# $FUZZ_DIR/TARGET (its corpus and findings) instead of starting from the seeds: hours add up over several runs.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET [MINUTES]}
minutes=${2:-10}
work=${FUZZ_DIR:-/var/lib/iplookup-fuzz}

# A new machine's package lists are empty until apt-get update.
command -v afl-fuzz >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; } >&2
export PATH=$PATH:$HOME/.dotnet/tools
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >&2

# Two builds: plain, to write and check the seeds and to replay findings; and a copy with the sensor's assemblies
# instrumented for afl-fuzz (instrumented code runs only under afl-fuzz). Instrumenting numbers the branches anew,
# so the build is kept while the sources it was made from are unchanged: a resumed campaign's corpus stays valid,
# and campaigns side by side in one FUZZ_DIR share it (one builds, under a lock, while the others wait).
source=$(git ls-files -z src fuzz/IpLookupSensor.Fuzz tests/IpLookupSensor.Sensor.Tests/Support bench/IpLookupSensor.Corpus \
  tests/IpLookupSensor.Rules.Tests/Support/CaseFile.cs tests/IpLookupSensor.Rules.Tests/Cases pcaps '*.props' \
  tests/IpLookupSensor.Attribution.Tests/Windows/OwnerTableBuilder.cs \
  tests/IpLookupSensor.Attribution.Tests/Support/SockDiagReplies.cs |
  sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
mkdir -p "$work"
exec 9>"$work/.build.lock"
flock 9
if [[ $(cat "$work/build/.sources" 2>/dev/null) == "$source" ]]; then
  echo "fuzz/run.sh: using the build in $work (made from these sources)" >&2
elif pgrep -f "$work/build/iplookup-fuzz.dll" >/dev/null; then
  echo "fuzz/run.sh: campaigns in $work run on a build of other sources; stop them first, or use another FUZZ_DIR" >&2
  exit 1
else
  dotnet build fuzz/IpLookupSensor.Fuzz -c Release -o "$work/plain" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
  rm -rf "$work/build" && cp -r "$work/plain" "$work/build"
  for assembly in iplookup-sensor.dll IpLookupSensor.Rules.dll IpLookupSensor.Attribution.dll; do
    sharpfuzz "$work/build/$assembly" >&2
  done
  echo "$source" > "$work/build/.sources"
fi
flock -u 9
exec 9>&-

input=-
if [[ ${RESUME:-0} != 1 || ! -s $work/$target/findings/default/fuzzer_stats ]]; then
  rm -rf "${work:?}/$target"
  mkdir -p "$work/$target"
  dotnet "$work/plain/iplookup-fuzz.dll" seeds "$target" "$work/$target/seeds"
  # What earlier campaigns kept (fuzz/keep-corpus.sh) joins the seeds.
  [[ -d fuzz/corpus/$target ]] && cp fuzz/corpus/"$target"/* "$work/$target/seeds/"
  dotnet "$work/plain/iplookup-fuzz.dll" "$target" "$work/$target/seeds" >&2 # the seeds themselves must pass
  input=$work/$target/seeds
fi

# MINIMIZE=1 (with RESUME=1): the campaign starts again from its saved inputs narrowed by afl-cmin to the fewest that
# take the same branches, so that its queue cycles are short again; the earlier findings are kept beside it.
if [[ ${RESUME:-0} == 1 && ${MINIMIZE:-0} == 1 && $input == - ]]; then
  rm -rf "$work/$target/minimized"
  FUZZ_DIR=$work bash fuzz/narrow.sh "$target" "$work/$target/findings/default/queue" "$work/$target/minimized"
  mv "$work/$target/findings" "$work/$target/findings.$(date +%Y%m%d-%H%M%S)"
  rm -f "$work/$target/quiet-floor"
  input=$work/$target/minimized
fi

# fuzz/status.sh counts a campaign's quiet spell over its resumed runs on one build; a new build numbers the branches
# anew, so a resume on one marks (the time of plot_data's last row) where the spell starts again.
if [[ $input == - && $(cat "$work/$target/sources" 2>/dev/null) != "$source" ]]; then
  awk -F, '!/^#/ { time = $1 } END { print time + 0 }' "$work/$target/findings/default/plot_data" > "$work/$target/quiet-floor"
fi
echo "$source" > "$work/$target/sources"

# Text targets (eql, rule) have a dictionary of their grammar's tokens.
dictionary=()
dotnet "$work/plain/iplookup-fuzz.dll" dictionary "$target" "$work/$target/dictionary" && dictionary=(-x "$work/$target/dictionary")

# No CPU binding: several campaigns may share the cores (afl-fuzz otherwise refuses to start when none is free).
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
# Each input is written to a file the target reads as stdin: in memory, not on disk, one folder per campaign.
if [[ -d /dev/shm ]]; then
  AFL_TMPDIR=$(mktemp -d /dev/shm/iplookup-fuzz.XXXXXX) && export AFL_TMPDIR
  trap 'rm -rf "$AFL_TMPDIR"' EXIT
fi
# The campaign runs in a session of its own at the lowest CPU share: with autogroup scheduling (sched_autogroup_enabled,
# on in most kernels) nice counts only within a session, and campaigns started in the background at nice 19 took
# an equal share from everything else. A stop of run.sh stops the campaign.
setsid bash -c 'echo 19 > /proc/self/autogroup 2>/dev/null; exec "$@"' campaign \
  timeout --signal=INT $((minutes * 60 + 60)) afl-fuzz -i "$input" -o "$work/$target/findings" -t 5000 -m none "${dictionary[@]}" \
  -V $((minutes * 60)) -- dotnet "$work/build/iplookup-fuzz.dll" "$target" > "$work/$target/afl.log" 2>&1 &
campaign=$!
trap 'kill -INT -- "-$campaign" 2>/dev/null' INT TERM
wait "$campaign" || wait "$campaign" || true

stats=$work/$target/findings/default/fuzzer_stats
[[ -s $stats ]] || { echo "fuzz/run.sh: afl-fuzz wrote no statistics; see $work/$target/afl.log" >&2; tail -20 "$work/$target/afl.log" >&2; exit 1; }
awk -F' *: *' -v target="$target" '
  {v[$1] = $2}
  END {
    last = v["last_find"] == 0 ? "no new path this run" : sprintf("last new path %d s before the end", v["last_update"] - v["last_find"])
    printf "%s: %d s, %s executions (%s/s), %s paths in the corpus, coverage %s, %s crashes, %s hangs, %s\n",
      target, v["run_time"], v["execs_done"], v["execs_per_sec"], v["corpus_count"], v["bitmap_cvg"], v["saved_crashes"], v["saved_hangs"], last
  }' "$stats"
ls "$work/$target/findings/default/crashes" 2>/dev/null | grep -v README || true
