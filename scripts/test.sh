#!/usr/bin/env bash
# Sets up and runs every test: installs what the tests need when it is missing (Debian/Ubuntu, as root), runs
# `dotnet test` on the solution, and ends with one line: "N passed, N failed" (", N skipped" if any).
# The live and namespace tests need root: run it with sudo.
set -uo pipefail
cd "$(dirname "$0")/.."

packages=(libpcap0.8 tcpdump tshark dnsutils rsyslog rsyslog-gnutls iproute2 curl python3 procps util-linux openssl systemd)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: missing ${missing[*]}; run as root (sudo $0) so they can be installed" >&2
        exit 2
    fi
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null || exit 1
fi

# CSharpier, which SourceFormatTests runs, is a local tool (.config/dotnet-tools.json).
dotnet tool restore > /dev/null || exit 1

log=$(mktemp)
dotnet test IpLookupSensor.sln -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S, Total: T" line per test assembly.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' |
    awk '{p += $1; f += $2; s += $3} END {print p + 0, f + 0, s + 0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh: dotnet test failed before running every test (exit $status); see the output above" >&2
    exit "$status"
fi
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit "$status"
