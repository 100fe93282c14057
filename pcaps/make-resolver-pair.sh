#!/usr/bin/env bash
# Records pcaps/recorded-linux-resolver.pcapng and its attribution record: lookups made through local resolvers,
# in host mode with the shipped Linux rule inside a private network namespace. A stub on 127.0.0.53 (a python
# named systemd-resolved, tools/stub-resolver.py) serves dig and a python client, which then connects to the
# answer: each is named directly, the stub's upstream copies are resolver_only/forwarded. A resolver asked over a
# Unix socket (a python named dnsmasq, tools/socket-resolver.py) serves fetch-ip, which connects to the answer:
# via_resolver. Upstream: tools/dns-server.py, answers held 100 ms. Needs root, dnsutils, python3, util-linux, .NET SDK.
# Usage: sudo pcaps/make-resolver-pair.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/../tools
out=${1:-$here}
ns=ipls-resolver-$$
work=$(mktemp -d)
chmod 755 "$work"

cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns" "$work"
}
trap cleanup EXIT

dotnet build "$here/../src/Sensor/IpLookupSensor.Sensor.csproj" -c Release -o "$work/sensor" -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
python=$(readlink -f /usr/bin/python3)
cp "$python" "$work/systemd-resolved"
cp "$python" "$work/dnsmasq"
cp "$python" "$work/fetch-ip"
ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/netns/$ns"
echo "nameserver 127.0.0.53" > "/etc/netns/$ns/resolv.conf"
in_ns() { ip netns exec "$ns" "$@"; }
ready() { for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

in_ns python3 "$tools/dns-server.py" --bind 127.0.0.1 --delay-ms 100 > "$work/server.log" 2>&1 &
in_ns python3 "$tools/web-listener.py" > "$work/web.log" 2>&1 &
in_ns "$work/systemd-resolved" "$tools/stub-resolver.py" > "$work/stub.log" 2>&1 &
in_ns "$work/dnsmasq" "$tools/socket-resolver.py" "$work/resolver.sock" > "$work/resolver.log" 2>&1 &
ready "$work/server.log" ready; ready "$work/web.log" ready; ready "$work/stub.log" ready; ready "$work/resolver.log" ready
# Not through in_ns: a backgrounded function is a subshell, and SIGTERM must reach the sensor itself.
ip netns exec "$ns" dotnet "$work/sensor/iplookup-sensor.dll" run --interface lo --rules "$here/../rules/linux" \
    --write-pcap "$work/recorded.pcapng" --record-attribution "$work/recorded.attribution.ndjson" \
    > "$work/alerts.ndjson" 2> "$work/sensor.log" &
sensor=$!
ready "$work/sensor.log" "capturing on"

in_ns dig +tries=1 +time=2 @127.0.0.53 api.ipify.org > /dev/null
in_ns setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c \
    "import socket, time; ip = socket.gethostbyname('icanhazip.com'); t = socket.create_connection((ip, 80), timeout=2); time.sleep(0.3)"
in_ns "$work/fetch-ip" -c "import socket, sys, time
u = socket.socket(socket.AF_UNIX); u.connect(sys.argv[1]); u.sendall(b'ifconfig.me'); ip = u.recv(64).decode()
t = socket.create_connection((ip, 80), timeout=2); time.sleep(0.3)" "$work/resolver.sock"
sleep 1

kill -TERM "$sensor"
wait "$sensor" # a clean stop flushes the capture file
cp "$work/recorded.pcapng" "$out/recorded-linux-resolver.pcapng"
cp "$work/recorded.attribution.ndjson" "$out/recorded-linux-resolver.attribution.ndjson"
chmod 644 "$out"/recorded-linux-resolver.*
cat "$work/sensor.log" >&2
echo "wrote $out/recorded-linux-resolver.pcapng and .attribution.ndjson ($(wc -l < "$work/alerts.ndjson") live alerts)"
