#!/usr/bin/env bash
# Records the real fixtures in pcaps/: real clients (dig over UDP and TCP, IPv4 and IPv6, python's resolver
# through libc, curl) query tools/dns-server.py inside a private network namespace while tcpdump and dumpcap
# capture. Nothing leaves the namespace: it has only a loopback interface. Needs root, tcpdump, tshark
# (dumpcap), dnsutils, curl, python3.  Usage: sudo pcaps/make-real-captures.sh [OUTDIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
ns=ipls-fixture-$$
work=$(mktemp -d)

cleanup() {
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns" "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link set lo up
mkdir -p "/etc/netns/$ns"
echo "nameserver 127.0.0.1" > "/etc/netns/$ns/resolv.conf"  # what libc (python, curl) resolves with
in_ns() { ip netns exec "$ns" "$@"; }

in_ns python3 "$here/../tools/dns-server.py" --bind 127.0.0.1 --bind ::1 > "$work/server.log" &
in_ns tcpdump -q -i lo -w "$work/lo.pcap" 'port 53' 2> "$work/tcpdump-lo.log" &
in_ns tcpdump -q -i any --time-stamp-precision=nano -w "$work/any.pcap" 'port 53' 2> "$work/tcpdump-any.log" &
in_ns dumpcap -q -i lo -i any -f 'port 53' -w "$work/two.pcapng" 2> "$work/dumpcap.log" &
for _ in $(seq 50); do
    grep -q ready "$work/server.log" 2>/dev/null && grep -q listening "$work/tcpdump-any.log" 2>/dev/null && break
    sleep 0.1
done
sleep 1 # dumpcap has no "ready" line

in_ns dig +tries=1 +time=2 @127.0.0.1 api.ipify.org > /dev/null
in_ns dig +tries=1 +time=2 +tcp @127.0.0.1 checkip.amazonaws.com > /dev/null
in_ns dig +tries=1 +time=2 @::1 AAAA icanhazip.com > /dev/null
in_ns dig +tries=1 +time=2 +tcp @::1 ifconfig.me > /dev/null
in_ns dig +tries=1 +time=2 +tcp +keepopen @127.0.0.1 ipecho.net myexternalip.com > /dev/null
in_ns dig +tries=1 +time=2 @127.0.0.1 www.example.com > /dev/null
in_ns python3 -c "import socket; socket.getaddrinfo('ipinfo.io', 443)"
in_ns curl -s -m 2 http://wtfismyip.com/ > /dev/null || true # resolves, then the connection to 127.0.0.7 is refused
sleep 1

in_ns pkill -INT tcpdump || true
in_ns pkill -INT dumpcap || true
wait_gone() { for _ in $(seq 50); do pgrep -x "$1" > /dev/null || return 0; sleep 0.1; done; }
wait_gone tcpdump
wait_gone dumpcap
cp "$work/lo.pcap" "$out/real-lo-ethernet.pcap"
cp "$work/any.pcap" "$out/real-any-sll2-nanosecond.pcap"
cp "$work/two.pcapng" "$out/real-two-interfaces.pcapng"
chmod 644 "$out"/real-*
echo "wrote $out/real-lo-ethernet.pcap $out/real-any-sll2-nanosecond.pcap $out/real-two-interfaces.pcapng"
