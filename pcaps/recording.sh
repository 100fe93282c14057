# Sourced by the make-*-pair.sh scripts: a private network namespace with loopback up, the sensor built, and a
# recording run of it (`run --rules rules/linux --write-pcap … --record-attribution …`) started and stopped.
#   recording_namespace NAMESERVER   builds the sensor into $work, creates the namespace $ns; in_ns runs in it
#   start_recording                  starts the sensor on lo, once it captures
#   finish_recording NAME OUTDIR     stops it cleanly and copies NAME.pcapng and NAME.attribution.ndjson out
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$here/../tools
ns=ipls-pair-$$
work=$(mktemp -d)
chmod 755 "$work"

cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns" "$work"
}
trap cleanup EXIT

in_ns() { ip netns exec "$ns" "$@"; }
ready() { for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }

recording_namespace() {
    dotnet build "$here/../src/Sensor/IpLookupSensor.Sensor.csproj" -c Release -o "$work/sensor" -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    mkdir -p "/etc/netns/$ns"
    echo "nameserver $1" > "/etc/netns/$ns/resolv.conf"
}

start_recording() {
    # Not through in_ns: a backgrounded function is a subshell, and SIGTERM must reach the sensor itself.
    ip netns exec "$ns" dotnet "$work/sensor/iplookup-sensor.dll" run --interface lo --rules "$here/../rules/linux" \
        --write-pcap "$work/recorded.pcapng" --record-attribution "$work/recorded.attribution.ndjson" \
        > "$work/alerts.ndjson" 2> "$work/sensor.log" &
    sensor=$!
    ready "$work/sensor.log" "capturing on"
}

finish_recording() {
    sleep 1
    kill -TERM "$sensor"
    wait "$sensor" # a clean stop flushes the capture file
    cp "$work/recorded.pcapng" "$2/$1.pcapng"
    cp "$work/recorded.attribution.ndjson" "$2/$1.attribution.ndjson"
    chmod 644 "$2/$1".pcapng "$2/$1".attribution.ndjson
    cat "$work/sensor.log" >&2
    echo "wrote $2/$1.pcapng and .attribution.ndjson ($(wc -l < "$work/alerts.ndjson") live alerts)"
}
