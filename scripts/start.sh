#!/usr/bin/env bash
# Sets up and starts the live sensor with its embedded defaults: installs libpcap when it is missing, builds,
# then runs `iplookup-sensor run` on every interface that is up (loopback included), alerts as NDJSON on
# stdout. Arguments are passed to `run`, e.g. --events or --interface lo. Live capture needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "start.sh: live capture needs root (or CAP_NET_RAW); run: sudo $0 $*" >&2
    exit 2
fi
# Not grep -q: it stops reading at the match, and under pipefail ldconfig's SIGPIPE read as "missing" (seen twice).
if ! ldconfig -p | grep 'libpcap\.so' > /dev/null; then
    echo "start.sh: installing libpcap0.8" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpcap0.8 >&2
fi
command -v dotnet > /dev/null || { echo "start.sh: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 2; }

dotnet build src/Sensor/IpLookupSensor.Sensor.csproj -c Release -o artifacts/sensor -nologo -v quiet -clp:"ErrorsOnly;NoSummary" >&2
exec dotnet artifacts/sensor/iplookup-sensor.dll run "$@"
