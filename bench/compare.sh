#!/usr/bin/env bash
# bench/compare.sh [FRAMES] [RUNS] [SLOW_RUNS]
# Whole-process comparison on one generated corpus: `iplookup-sensor replay --rules rules/` next to the C reference
# `dnsref -s` (built from ../shared/bench), `dnscap` with a name regex, `tcpdump -nr` and `tshark -T fields`. The
# commands alternate round by round; RUNS rounds (default 5) for the sensor, dnsref and dnscap, SLOW_RUNS (default 1)
# for tcpdump and tshark, which take minutes on 10M frames. Prints per tool the median wall time, peak RSS, the ratio
# to dnsref and the IP-lookup queries it counted next to the corpus's truth. Output goes to files and is counted
# after the timed run. Needs root for apt on the first run (dnscap tcpdump tshark gcc libpcap-dev).
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-10000000}
runs=${2:-5}
slow_runs=${3:-1}
work=${BENCH_DIR:-/var/tmp/iplookup-bench}
dnsref_src=${DNSREF_SRC:-../shared/bench}
mkdir -p "$work"

need=()
for tool in dnscap tcpdump tshark gcc; do command -v $tool >/dev/null || need+=("$tool"); done
[[ -e /usr/include/pcap.h ]] || need+=(libpcap-dev)
if ((${#need[@]})); then
  echo "compare.sh: installing ${need[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
[[ -e $dnsref_src/dnsref.c ]] || { echo "compare.sh: no dnsref.c in $dnsref_src (set DNSREF_SRC)" >&2; exit 2; }
gcc -O2 -o "$work/dnsref" "$dnsref_src/dnsref.c" -lpcap

rid=linux-x64; [[ $(uname -m) == aarch64 ]] && rid=linux-arm64
dotnet publish src/Sensor/IpLookupSensor.Sensor.csproj -c Release -r $rid --self-contained false -p:PublishReadyToRun=true \
  -o "$work/sensor" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
dotnet build bench/IpLookupSensor.Corpus -c Release -o "$work/corpus-tool" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2

corpus=$work/corpus-$frames.pcap
truth=$work/corpus-$frames.truth.txt
if [[ ! -s $truth || ! -s $corpus ]]; then
  dotnet "$work/corpus-tool/dns-corpus.dll" -n "$frames" -o "$corpus" -t "$truth" >&2
fi
expected=$(awk '$1 == "rule_matching_queries" {print $2}' "$truth")

# The seed rule's 19 name patterns as an extended regex, over names with their root dot (dnscap, tcpdump) or without (tshark).
suffixes='(api\.ipify\.org|freegeoip\.app|checkip\.amazonaws\.com|checkip\.dyndns\.org|icanhazip\.com|ipecho\.net|ipgeoapi\.com|ipinfo\.io|ip\.anysrc\.net|myexternalip\.com|myipaddress\.com|showipaddress\.com|whatismyipaddress\.com|wtfismyip\.com|ipapi\.co|ip-lookup\.net|ipstack\.com)'
rooted="$suffixes\.\$|ifconfig\.."
bare="$suffixes\$|ifconfig\."

tools=(sensor dnsref dnscap tcpdump tshark)
declare -A command=(
  [sensor]="dotnet $work/sensor/iplookup-sensor.dll replay $corpus --rules $work/sensor/rules"
  [dnsref]="$work/dnsref -s $corpus"
  [dnscap]="dnscap -r $corpus -T -L 4095 -m q -s i -g -x $rooted"
  [tcpdump]="tcpdump -nr $corpus"
  [tshark]="tshark -r $corpus -T fields -e dns.flags.response -e dns.qry.name"
)
declare -A rounds=([sensor]=$runs [dnsref]=$runs [dnscap]=$runs [tcpdump]=$slow_runs [tshark]=$slow_runs)

count() { # the IP-lookup queries a tool's output shows
  local out=$work/$1.out err=$work/$1.err
  case $1 in
    sensor) grep -oE '[0-9]+ alerts \([0-9]+ held back\)' "$err" | awk '{gsub(/\(/, "", $3); print $1 + $3}' ;;
    dnsref) awk '{for (i = 1; i < NF; i++) if ($i == "rule_match_queries") print $(i + 1)}' "$err" ;;
    dnscap) grep -c 'dns QUERY' "$err" || true ;;
    tcpdump) grep -oE '[A-Za-z0-9]+\? [^ ]+ ' "$out" | awk '{print $2}' | grep -ciE "$rooted" || true ;;
    tshark) awk -F'\t' '$1 == "0" || $1 == "False" {print $2}' "$out" | grep -ciE "$bare" || true ;;
  esac
}

declare -A times memory counted
max_rounds=$(( runs > slow_runs ? runs : slow_runs ))
for ((round = 1; round <= max_rounds; round++)); do
  for tool in "${tools[@]}"; do
    ((round <= rounds[$tool])) || continue
    sync
    # shellcheck disable=SC2086 # the command lines are word lists
    /usr/bin/time -f '%e %M' -o "$work/$tool.time" ${command[$tool]} > "$work/$tool.out" 2> "$work/$tool.err" || true
    read -r wall rss < "$work/$tool.time"
    times[$tool]+="$wall "
    memory[$tool]=$(( ${memory[$tool]:-0} > rss ? ${memory[$tool]:-0} : rss ))
    counted[$tool]=$(count "$tool")
    echo "compare.sh: round $round $tool ${wall} s" >&2
  done
done

median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
reference=$(median "${times[dnsref]}")
printf '\ncorpus: %s (%s frames), truth: %s IP-lookup queries matching the rule; %s, %s cores\n' \
  "$corpus" "$frames" "$expected" "$(date -u +%F)" "$(nproc)"
printf '%-8s %5s %10s %10s %14s %10s %s\n' tool runs 'median s' 'peak MiB' 'x dnsref -s' 'queries' check
for tool in "${tools[@]}"; do
  m=$(median "${times[$tool]}")
  check=ok; [[ ${counted[$tool]} == "$expected" ]] || check="MISMATCH (truth $expected)"
  printf '%-8s %5s %10s %10s %14s %10s %s\n' "$tool" "${rounds[$tool]}" "$m" $(( ${memory[$tool]} / 1024 )) \
    "$(awk -v a="$m" -v b="$reference" 'BEGIN {printf "%.2f", a / b}')" "${counted[$tool]}" "$check"
done
awk -v s="$(median "${times[sensor]}")" -v r="$reference" -v d="$(median "${times[dnscap]}")" 'BEGIN {
  printf "targets: replay at most 1.5 x dnsref -s (%.2f x), at least 10 x faster than dnscap (%.1f x), peak under 100 MiB (%d MiB)\n", s / r, d / s, '"$(( ${memory[sensor]} / 1024 ))"'
}'
