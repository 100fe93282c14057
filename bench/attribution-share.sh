#!/usr/bin/env bash
# The share of short-lived lookups the live sensor attributes to their client (dig as root), in a private network
# namespace: N lookups, P at a time, against a local DNS server answering after DELAY_MS.
#   sudo [CLIENT=python] bench/attribution-share.sh [N=500] [P=50] [DELAY_MS=0] [extra run options, e.g. --no-ebpf]
# CLIENT=python: a python3 that sends the query, reads the answer and exits, as nobody, instead of dig as root.
set -euo pipefail
[[ $EUID -eq 0 ]] || { echo "attribution-share: needs root (network namespace, /proc of other processes)" >&2; exit 1; }
if [[ "${1:-}" != --inside ]]; then
    exec unshare -n "$0" --inside "$@"
fi
shift
n=${1:-500}; p=${2:-50}; delay=${3:-0}; shift $(( $# < 3 ? $# : 3 ))
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ip link set lo up

dotnet build -c Release "$root/src/Sensor" -v q -nologo >/dev/null
python3 "$root/tools/dns-server.py" --bind 127.0.0.1 --delay-ms "$delay" >"$work/server.out" 2>&1 &
dotnet "$root/src/Sensor/bin/Release/net10.0/iplookup-sensor.dll" run --interface lo --events "$@" >"$work/events.ndjson" 2>"$work/sensor.err" &
sensor=$!
until grep -q "capturing on" "$work/sensor.err"; do sleep 0.2; done
until grep -q ready "$work/server.out"; do sleep 0.2; done
sleep 1 # JIT and the first poll settle

if [[ "${CLIENT:-dig}" == python ]]; then
    client=(setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c "
import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.sendto(bytes.fromhex('12340100000100000000000003617069056970696679036f72670000010001'), ('127.0.0.1', 53)); s.recv(512)")
else
    client=(dig +tries=1 +time=3 @127.0.0.1 api.ipify.org)
fi
seq "$n" | xargs -P "$p" -I{} "${client[@]}" >/dev/null ||
    echo "  some clients got no answer within 3 s (their queries still count)"
sleep 1
kill -TERM "$sensor"; wait "$sensor" || true
grep -v "^iplookup-sensor: capturing" "$work/sensor.err" | sed 's/^/  sensor: /'

python3 - "$work/events.ndjson" "$n" "$p" "$delay" "$*" "${CLIENT:-dig}" <<'PY'
import json, sys, collections
path, n, p, delay, extra, client = sys.argv[1:]
name, uid = ("python3", "65534") if client == "python" else ("dig", "0")
queries = [e for e in map(json.loads, open(path))
           if e["event"].get("action") == "lookup_requested" and e["event"].get("kind") != "alert"]
right = sum(1 for e in queries if e.get("process", {}).get("name", "").startswith(name) and e.get("user", {}).get("id") == uid)
wrong = sum(1 for e in queries if "process" in e) - right
complete = sum(1 for e in queries if "executable" in e.get("process", {}))
with_args = sum(1 for e in queries if e.get("process", {}).get("args"))
methods = collections.Counter(e["iplookup"]["attribution"].get("method") or e["iplookup"]["attribution"].get("reason", "none") for e in queries)
print(f"{n} {client} lookups, {p} at a time, answers after {delay} ms {extra}".rstrip())
print(f"  queries seen {len(queries)}, attributed to {name}/{uid} {right} ({100 * right / max(len(queries), 1):.0f}%), "
      f"to another process {wrong}; by method {dict(methods)}; with the executable's path {complete}, with arguments {with_args}")
PY
