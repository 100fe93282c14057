#!/usr/bin/env python3
"""A tiny authoritative DNS server for tests: answers every A/AAAA question over UDP and TCP.

Answers stay on loopback (127.0.0.7 and ::1), so a client that goes on to connect (curl) never leaves the
machine. --delay-ms holds each answer back, as a real upstream resolver's round trip does. Stdlib only.
Usage: dns-server.py [--port 53] [--bind 127.0.0.1] [--bind ::1] [--delay-ms 0]
"""
import argparse
import socket
import socketserver
import struct
import threading
import time

A_ANSWER = socket.inet_pton(socket.AF_INET, "127.0.0.7")
AAAA_ANSWER = socket.inet_pton(socket.AF_INET6, "::1")


def question_end(message):
    position = 12
    while message[position] != 0:
        position += 1 + message[position]
    return position + 5  # zero byte, QTYPE, QCLASS


DELAY_SECONDS = 0.0


def answer(query):
    time.sleep(DELAY_SECONDS)
    if len(query) < 12:
        return None
    ident, flags, qdcount = struct.unpack("!HHH", query[:6])
    if flags & 0x8000 or qdcount != 1:
        return None
    end = question_end(query)
    qtype = struct.unpack("!H", query[end - 4:end - 2])[0]
    rdata = {1: A_ANSWER, 28: AAAA_ANSWER}.get(qtype)
    header = struct.pack("!HHHHHH", ident, 0x8400 | (flags & 0x0100), 1, 1 if rdata else 0, 0, 0)
    records = b""
    if rdata:
        records = struct.pack("!HHHIH", 0xC00C, qtype, 1, 60, len(rdata)) + rdata
    return header + query[12:end] + records


class Udp(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        reply = answer(data)
        if reply:
            sock.sendto(reply, self.client_address)


class Tcp(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            prefix = self.request.recv(2, socket.MSG_WAITALL)
            if len(prefix) < 2:
                return
            query = self.request.recv(struct.unpack("!H", prefix)[0], socket.MSG_WAITALL)
            reply = answer(query)
            if reply:
                self.request.sendall(struct.pack("!H", len(reply)) + reply)


def serve(server_class, handler, address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    server_class.address_family = family
    server_class.allow_reuse_address = True
    server = server_class(address, handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=53)
    parser.add_argument("--bind", action="append", default=None)
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    global DELAY_SECONDS
    DELAY_SECONDS = args.delay_ms / 1000
    for host in args.bind or ["127.0.0.1"]:
        serve(type("U", (socketserver.ThreadingUDPServer,), {}), Udp, (host, args.port))
        serve(type("T", (socketserver.ThreadingTCPServer,), {}), Tcp, (host, args.port))
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
