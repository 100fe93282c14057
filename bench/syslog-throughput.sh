#!/usr/bin/env bash
# bench/syslog-throughput.sh [COUNT]: alerts per second from the sensor's syslog output (spool on) to the real
# rsyslog collector (tests/collector) over TCP and TLS. For each: how long until every alert was acknowledged by
# the sender, and until the collector had written every one (its JSON record). Needs rsyslog + rsyslog-gnutls.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
work=$(mktemp -d /tmp/ipls-syslog-bench.XXXXXX)
trap 'bash tests/collector/stop.sh "$work/collector" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$(bash tests/collector/start.sh "$work/collector")"
dotnet build -c Release bench/IpLookupSensor.Benchmarks -v q -nologo >/dev/null
bench=bench/IpLookupSensor.Benchmarks/bin/Release/net10.0/IpLookupSensor.Benchmarks

records() { [[ -f $COLLECTOR_OUT_DIR/$1.jsonl ]] && wc -l < "$COLLECTOR_OUT_DIR/$1.jsonl" || echo 0; }

run() { # NAME INPUT URI
  local start end n
  start=$(date +%s.%N)
  "$bench" syslog-throughput "$3" "$count" "$work/spool-$1"
  while n=$(records "$2"); (( n < count )); do
    sleep 0.05
    if (( $(date +%s) - ${start%.*} > 300 )); then echo "$1: the collector has only $n of $count records after 300 s" >&2; return 1; fi
  done
  end=$(date +%s.%N)
  awk -v name="$1" -v n="$count" -v s="$start" -v e="$end" \
    'BEGIN { printf "%s: collector had all %d records after %.2f s: %.0f alerts/s end to end\n", name, n, e - s, n / (e - s) }'
}

run tcp tcp "tcp://127.0.0.1:$COLLECTOR_TCP_PORT"
run tls tls "tls://127.0.0.1:$COLLECTOR_TLS_PORT?ca=$COLLECTOR_CA_FILE&name=localhost"
