#!/usr/bin/env python3
"""A local resolver for tests that applications ask over a Unix socket, as nscd or systemd-resolved's varlink are
asked: no DNS packet from the application, only the resolver's own upstream query. For each name received it asks
the upstream server for an A record and returns the address as text. Run it from a copy of python named like the
resolver it stands for. Stdlib only. Prints "ready" once it listens.
Usage: socket-resolver.py SOCKET_PATH [--upstream 127.0.0.1]
"""
import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("--upstream", default="127.0.0.1")
arguments = parser.parse_args()

listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(arguments.path)
listener.listen(4)
print("ready", flush=True)
while True:
    client, _ = listener.accept()
    name = client.recv(256)
    upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    upstream.settimeout(2)
    wire = b"".join(bytes([len(label)]) + label for label in name.split(b".")) + b"\0"
    upstream.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + wire + b"\x00\x01\x00\x01", (arguments.upstream, 53))
    try:
        answer = upstream.recv(512)
        client.sendall(socket.inet_ntoa(answer[-4:]).encode())
    except socket.timeout:
        pass
    upstream.close()
    client.close()
