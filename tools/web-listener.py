#!/usr/bin/env python3
"""Accepts TCP connections on an address and port and closes each after its first read: the place a test client
connects to after a lookup, as an IP-lookup tool fetches from the answer. Prints "ready" once it listens.
Usage: web-listener.py [--bind 127.0.0.7] [--port 80]
"""
import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--bind", default="127.0.0.7")
parser.add_argument("--port", type=int, default=80)
arguments = parser.parse_args()

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((arguments.bind, arguments.port))
listener.listen(16)
print("ready", flush=True)
while True:
    connection, _ = listener.accept()
    connection.recv(100)
    connection.close()
