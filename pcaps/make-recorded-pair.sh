#!/usr/bin/env bash
# Records pcaps/recorded-linux-lookups.pcapng and its attribution record (.attribution.ndjson): the sensor runs
# in host mode with the shipped Linux rule inside a private network namespace, writing what it captured and
# which process and user it found, while real clients look names up through tools/dns-server.py (answers held
# 50 ms, as an upstream resolver would). Needs root, dnsutils, curl, python3, util-linux (setpriv), .NET SDK.
# Usage: sudo pcaps/make-recorded-pair.sh [OUTDIR]
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")" && pwd)}
source "$(dirname "$0")/recording.sh"

recording_namespace 127.0.0.1
in_ns python3 "$tools/dns-server.py" --bind 127.0.0.1 --delay-ms 50 > "$work/server.log" &
ready "$work/server.log" ready
start_recording

in_ns dig +tries=1 +time=2 @127.0.0.1 api.ipify.org > /dev/null
in_ns dig +tries=1 +time=2 @127.0.0.1 www.example.com > /dev/null
in_ns setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c \
    "import socket; socket.getaddrinfo('icanhazip.com', 443, socket.AF_INET)"
in_ns dig +tries=1 +time=2 +tcp @127.0.0.1 checkip.amazonaws.com > /dev/null
in_ns curl -s -m 2 http://ifconfig.me/ > /dev/null || true # resolves, then the connection to 127.0.0.7 is refused

finish_recording recorded-linux-lookups "$out"
