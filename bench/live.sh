#!/usr/bin/env bash
# bench/live.sh ["RATE RATE …"] [SECONDS] [MODE]
# Live capture at rising rates, as root, on loopback inside a private network namespace: for each rate, a paced
# sender (dns-sender in bench/IpLookupSensor.Benchmarks) offers DNS queries for SECONDS (default 5) while
# `iplookup-sensor run --interface lo --mode MODE` (host, the default, or gateway) captures with the shipped rules
# for that mode; then the same while `tcpdump -w` writes
# the traffic to a file. Prints per rate what each saw, what the kernel dropped, and the sensor's attribution
# overflows (events left unattributed because the attribution queue was full).
set -euo pipefail
cd "$(dirname "$0")/.."
rates=${1:-"50000 100000 200000 300000 400000"}
seconds=${2:-5}
mode=${3:-host}
rules=linux; [[ $mode == gateway ]] && rules=gateway
work=${BENCH_DIR:-/var/tmp/iplookup-bench}

if [[ -z ${LIVE_IN_NAMESPACE:-} ]]; then
  [[ $EUID -eq 0 ]] || { echo "live.sh: needs root (a private network namespace and live capture)" >&2; exit 2; }
  command -v tcpdump >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump >&2
  mkdir -p "$work"
  rid=linux-x64; [[ $(uname -m) == aarch64 ]] && rid=linux-arm64
  dotnet publish src/Sensor/IpLookupSensor.Sensor.csproj -c Release -r $rid --self-contained false -p:PublishReadyToRun=true \
    -o "$work/sensor" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
  dotnet build bench/IpLookupSensor.Benchmarks -c Release -o "$work/benchmarks" -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
  exec env LIVE_IN_NAMESPACE=1 unshare -n "$0" "$@"
fi

ip link set lo up
send() { dotnet "$work/benchmarks/IpLookupSensor.Benchmarks.dll" dns-sender "$1" "$seconds" | grep -oE '[0-9]+/s$'; }
wait_for() { # FILE TEXT: up to 30 s
  for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "live.sh: no \"$2\" in $1" >&2; cat "$1" >&2; exit 1
}

printf '%s, %s cores, %s s per rate, loopback in a private network namespace, --mode %s\n' "$(date -u +%F)" "$(nproc)" "$seconds" "$mode"
printf '%9s | %10s %12s %12s %10s | %10s %12s %12s\n' offered sent/s 'sensor seen' 'kernel drops' overload sent/s 'tcpdump seen' 'kernel drops'
for rate in $rates; do
  dotnet "$work/sensor/iplookup-sensor.dll" run --interface lo --mode "$mode" --rules "$work/sensor/rules/$rules" \
    > "$work/live-sensor.out" 2> "$work/live-sensor.err" &
  sensor=$!
  wait_for "$work/live-sensor.err" "capturing on"
  sleep 1
  sent=$(send "$rate")
  sleep 1
  kill -TERM $sensor; wait $sensor || true
  summary=$(cat "$work/live-sensor.err")
  seen=$(grep -oE '[0-9]+ packets, [0-9]+ DNS' <<< "$summary" | tail -1 | awk '{print $1}')
  drops=$(grep -oE 'kernel drops [0-9]+, attribution' <<< "$summary" | tail -1 | awk '{print $3}' | tr -d ,)
  overload=$(grep -oE 'attribution overload [0-9]+' <<< "$summary" | tail -1 | awk '{print $3}')

  tcpdump -i lo -n -w "$work/live.pcap" 'udp port 53 or tcp port 53' 2> "$work/live-tcpdump.err" &
  dumper=$!
  wait_for "$work/live-tcpdump.err" "listening on"
  sleep 1
  dumper_sent=$(send "$rate")
  sleep 1
  kill -TERM $dumper; wait $dumper || true
  dumped=$(grep -oE '^[0-9]+ packets captured' "$work/live-tcpdump.err" | awk '{print $1}')
  dumper_drops=$(grep -oE '^[0-9]+ packets dropped by kernel' "$work/live-tcpdump.err" | awk '{print $1}')
  rm -f "$work/live.pcap"
  printf '%9s | %10s %12s %12s %10s | %10s %12s %12s\n' "$rate" "$sent" "$seen" "$drops" "$overload" "$dumper_sent" "$dumped" "$dumper_drops"
done
