#!/usr/bin/env bash
# Records pcaps/recorded-linux-resolver.pcapng and its attribution record: lookups made through local resolvers,
# in host mode with the shipped Linux rule inside a private network namespace. A stub on 127.0.0.53 (a python
# named systemd-resolved, tools/stub-resolver.py) serves dig and a python client, which then connects to the
# answer: each is named directly, the stub's upstream copies are resolver_only/forwarded. A resolver asked over a
# Unix socket (a python named dnsmasq, tools/socket-resolver.py) serves fetch-ip, which connects to the answer:
# via_resolver. Upstream: tools/dns-server.py, answers held 100 ms. Needs root, dnsutils, python3, util-linux, .NET SDK.
# Usage: sudo pcaps/make-resolver-pair.sh [OUTDIR]
set -euo pipefail
out=${1:-$(cd "$(dirname "$0")" && pwd)}
source "$(dirname "$0")/recording.sh"

recording_namespace 127.0.0.53
python=$(readlink -f /usr/bin/python3)
cp "$python" "$work/systemd-resolved"
cp "$python" "$work/dnsmasq"
cp "$python" "$work/fetch-ip"
in_ns python3 "$tools/dns-server.py" --bind 127.0.0.1 --delay-ms 100 > "$work/server.log" 2>&1 &
in_ns python3 "$tools/web-listener.py" > "$work/web.log" 2>&1 &
in_ns "$work/systemd-resolved" "$tools/stub-resolver.py" > "$work/stub.log" 2>&1 &
in_ns "$work/dnsmasq" "$tools/socket-resolver.py" "$work/resolver.sock" > "$work/resolver.log" 2>&1 &
ready "$work/server.log" ready; ready "$work/web.log" ready; ready "$work/stub.log" ready; ready "$work/resolver.log" ready
start_recording

in_ns dig +tries=1 +time=2 @127.0.0.53 api.ipify.org > /dev/null
in_ns setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c \
    "import socket, time; ip = socket.gethostbyname('icanhazip.com'); t = socket.create_connection((ip, 80), timeout=2); time.sleep(0.3)"
in_ns "$work/fetch-ip" -c "import socket, sys, time
u = socket.socket(socket.AF_UNIX); u.connect(sys.argv[1]); u.sendall(b'ifconfig.me'); ip = u.recv(64).decode()
t = socket.create_connection((ip, 80), timeout=2); time.sleep(0.3)" "$work/resolver.sock"

finish_recording recorded-linux-resolver "$out"
