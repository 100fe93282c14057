#!/usr/bin/env python3
"""A local stub resolver for tests, as systemd-resolved's 127.0.0.53 is: each query it receives it forwards upstream
from a socket of its own and relays the answer. Run it from a copy of python named like the resolver it stands for,
so the sensor's resolver list knows it. Stdlib only. Prints "ready" once it listens.
Usage: stub-resolver.py [--listen 127.0.0.53] [--upstream 127.0.0.1]
"""
import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--listen", default="127.0.0.53")
parser.add_argument("--upstream", default="127.0.0.1")
arguments = parser.parse_args()

stub = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
stub.bind((arguments.listen, 53))
print("ready", flush=True)
while True:
    query, client = stub.recvfrom(512)
    upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    upstream.settimeout(2)
    upstream.sendto(query, (arguments.upstream, 53))
    try:
        stub.sendto(upstream.recv(512), client)
    except socket.timeout:
        pass
    upstream.close()
