#!/usr/bin/env python3
"""Raw jobmgr frames for the jobmgr shell tests: garbage and a foreign
protocol version, sent over real TCP connections to a master.

  jobmgr-frames.py garbage HOST PORT COUNT   COUNT connections, each one
      malformed frame (a rotating kind); prints how many the master closed
  jobmgr-frames.py version HOST PORT         a LIST of version 2; prints
      the text of the master's ERROR reply
"""
import socket, struct, sys


def frame(payload, last=True):
    return struct.pack(">I", (0x80000000 if last else 0) | len(payload)) + payload


def garbage(i):
    kind = i % 5
    if kind == 0:
        return frame(b"\x01\x02\x03")                        # too short for a header
    if kind == 1:
        return struct.pack(">I", 0x80000000 | 0x7fffffff)    # a 2 GiB record
    if kind == 2:
        return frame(struct.pack(">III", 1, 4, i) + struct.pack(">I", 0xffffffff))  # huge token
    if kind == 3:
        return frame(struct.pack(">III", 1, 99, i))          # unknown type
    return b"GET / HTTP/1.0\r\n\r\n"                         # another protocol


def recv_all(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def main():
    what, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if what == "garbage":
        closed = 0
        for i in range(int(sys.argv[4])):
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(garbage(i))
            recv_all(s)          # returns when the master closes it
            closed += 1
            s.close()
        print(closed)
    elif what == "version":
        s = socket.create_connection((host, port), timeout=5)
        s.sendall(frame(struct.pack(">III", 2, 10, 7)))
        data = recv_all(s)
        (n,) = struct.unpack(">I", data[20:24])
        print(data[24:24 + n].decode())


main()
