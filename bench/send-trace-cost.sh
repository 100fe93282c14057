#!/usr/bin/env bash
# What the send trace costs every process on the host: nanoseconds per UDP send(2), without a sensor, with a
# sensor that has the trace (recorded sends: unconnected, so every one is written to the map), and with
# --no-ebpf, in a private network namespace. ROUNDS alternating runs of COUNT sends each.
#   sudo bench/send-trace-cost.sh [COUNT=1000000] [ROUNDS=5]
set -euo pipefail
[[ $EUID -eq 0 ]] || { echo "send-trace-cost: needs root (network namespace, eBPF)" >&2; exit 1; }
if [[ "${1:-}" != --inside ]]; then
    exec unshare -n "$0" --inside "$@"
fi
shift
count=${1:-1000000}; rounds=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ip link set lo up
cc -O2 -o "$work/sender" "$root/bench/send-trace-cost/sender.c"
dotnet build -c Release "$root/src/Sensor" -v q -nologo >/dev/null

measure() { # label, sensor options or "none"
    local label=$1; shift
    local sensor=""
    if [[ "$1" != none ]]; then
        dotnet "$root/src/Sensor/bin/Release/net10.0/iplookup-sensor.dll" run --interface lo --filter "udp port 1" "$@" >/dev/null 2>"$work/sensor.err" &
        sensor=$!
        until grep -q "capturing on" "$work/sensor.err"; do sleep 0.2; done
    fi
    local results=()
    for _ in $(seq "$rounds"); do results+=("$("$work/sender" "$count" 9)"); done
    [[ -z "$sensor" ]] || { kill -TERM "$sensor"; wait "$sensor" || true; }
    echo "$label: ${results[*]} ns per send"
}
measure "no sensor" none
measure "sensor with the send trace" --events
measure "sensor with --no-ebpf" --events --no-ebpf
