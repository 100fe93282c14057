#!/usr/bin/env bash
# The share of short-lived dig lookups the live sensor attributes to dig (as root), in a private network
# namespace: N lookups, P at a time, against a local DNS server answering after DELAY_MS.
#   sudo bench/attribution-share.sh [N=500] [P=50] [DELAY_MS=0] [extra run options, e.g. --history-poll 1]
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

seq "$n" | xargs -P "$p" -I{} dig +tries=1 +time=3 @127.0.0.1 api.ipify.org >/dev/null
sleep 1
kill -TERM "$sensor"; wait "$sensor" || true
grep -v "^iplookup-sensor: capturing" "$work/sensor.err" | sed 's/^/  sensor: /'

python3 - "$work/events.ndjson" "$n" "$p" "$delay" "$*" <<'PY'
import json, sys, collections
path, n, p, delay, extra = sys.argv[1:]
queries = [e for e in map(json.loads, open(path))
           if e["event"].get("action") == "lookup_requested" and e["event"].get("kind") != "alert"]
right = sum(1 for e in queries if e.get("process", {}).get("name") == "dig" and e.get("user", {}).get("id") == "0")
wrong = sum(1 for e in queries if "process" in e) - right
methods = collections.Counter(e["iplookup"]["attribution"].get("method") or e["iplookup"]["attribution"].get("reason", "none") for e in queries)
print(f"{n} dig lookups, {p} at a time, answers after {delay} ms {extra}".rstrip())
print(f"  queries seen {len(queries)}, attributed to dig/root {right} ({100 * right / max(len(queries), 1):.0f}%), "
      f"to another process {wrong}; by method {dict(methods)}")
PY
