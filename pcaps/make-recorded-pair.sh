#!/usr/bin/env bash
# Records pcaps/recorded-linux-lookups.pcapng and its attribution record (.attribution.ndjson): the sensor runs
# in host mode with the shipped Linux rule inside a private network namespace, writing what it captured and
# which process and user it found, while real clients look names up through tools/dns-server.py (answers held
# 50 ms, as an upstream resolver would). Needs root, dnsutils, curl, python3, util-linux (setpriv), .NET SDK.
# Usage: sudo pcaps/make-recorded-pair.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
ns=ipls-recorded-$$
work=$(mktemp -d)

cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns" "$work"
}
trap cleanup EXIT

dotnet build "$here/../src/Sensor/IpLookupSensor.Sensor.csproj" -c Release -o "$work/sensor" -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/netns/$ns"
echo "nameserver 127.0.0.1" > "/etc/netns/$ns/resolv.conf"
in_ns() { ip netns exec "$ns" "$@"; }

in_ns python3 "$here/../tools/dns-server.py" --bind 127.0.0.1 --delay-ms 50 > "$work/server.log" &
# Not through in_ns: a backgrounded function is a subshell, and SIGTERM must reach the sensor itself.
ip netns exec "$ns" dotnet "$work/sensor/iplookup-sensor.dll" run --interface lo --rules "$here/../rules/linux" \
    --write-pcap "$work/recorded.pcapng" --record-attribution "$work/recorded.attribution.ndjson" \
    > "$work/alerts.ndjson" 2> "$work/sensor.log" &
sensor=$!
for _ in $(seq 100); do grep -q "capturing on" "$work/sensor.log" 2>/dev/null && break; sleep 0.1; done

in_ns dig +tries=1 +time=2 @127.0.0.1 api.ipify.org > /dev/null
in_ns dig +tries=1 +time=2 @127.0.0.1 www.example.com > /dev/null
in_ns setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c \
    "import socket; socket.getaddrinfo('icanhazip.com', 443, socket.AF_INET)"
in_ns dig +tries=1 +time=2 +tcp @127.0.0.1 checkip.amazonaws.com > /dev/null
in_ns curl -s -m 2 http://ifconfig.me/ > /dev/null || true # resolves, then the connection to 127.0.0.7 is refused
sleep 1

kill -TERM "$sensor"
wait "$sensor" # a clean stop flushes the capture file
cp "$work/recorded.pcapng" "$out/recorded-linux-lookups.pcapng"
cp "$work/recorded.attribution.ndjson" "$out/recorded-linux-lookups.attribution.ndjson"
chmod 644 "$out"/recorded-linux-lookups.*
cat "$work/sensor.log" >&2
echo "wrote $out/recorded-linux-lookups.pcapng and .attribution.ndjson ($(wc -l < "$work/alerts.ndjson") live alerts)"
