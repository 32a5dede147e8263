#!/usr/bin/env python3
"""Real traffic for pcap2xml's fidelity test (t0230), between two network
namespaces A (198.18.0.1, 2001:db8::1) and B (198.18.0.2, 2001:db8::2)
joined by a veth pair.  Every wait has a deadline.

    traffic.py server READY     in B: TCP on 7100 (IPv4) and 7101 (IPv6),
                                UDP echo on 7102; touches READY when
                                listening; exits after the three exchanges
    traffic.py client           in A: the TCP exchange (two segments, so a
                                dropped first one is retransmitted and
                                SACKed), TCP over IPv6, a UDP exchange
    traffic.py loopback         in A: a TCP exchange and a datagram on lo
    traffic.py tagged IFACE     in A: an 802.1Q frame and a QinQ frame
                                written to IFACE with a packet socket
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
import pcapgen  # noqa: E402

A4, B4, A6, B6 = "198.18.0.1", "198.18.0.2", "2001:db8::1", "2001:db8::2"
DEADLINE = 10


def serve_tcp(lst):
    con, _ = lst.accept()
    con.settimeout(DEADLINE)
    got = b""
    while not got.endswith(b"END"):
        chunk = con.recv(4096)
        if not chunk:
            break
        got += chunk
    con.sendall(b"reply to " + str(len(got)).encode())
    con.close()


def server(ready):
    t4 = socket.socket()
    t4.bind((B4, 7100))
    t4.listen(1)
    t6 = socket.socket(socket.AF_INET6)
    t6.bind((B6, 7101))
    t6.listen(1)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((B4, 7102))
    for s in (t4, t6, u):
        s.settimeout(DEADLINE)
    open(ready, "w").close()
    serve_tcp(t4)
    serve_tcp(t6)
    data, peer = u.recvfrom(100)
    u.sendto(b"echo " + data, peer)


def client():
    c = socket.create_connection((B4, 7100), timeout=DEADLINE)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    c.sendall(b"first segment, dropped once <&>")
    time.sleep(0.05)
    c.sendall(b"second segment END")
    c.recv(100)
    c.close()
    c = socket.create_connection((B6, 7101), timeout=DEADLINE)
    c.sendall(b"over IPv6 END")
    c.recv(100)
    c.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(DEADLINE)
    u.sendto(b"datagram", (B4, 7102))
    u.recv(100)


def loopback():
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(1)
    c = socket.create_connection(lst.getsockname(), timeout=DEADLINE)
    s, _ = lst.accept()
    c.sendall(b"over lo")
    s.recv(100)
    s.sendall(b"back")
    c.recv(100)
    c.close()
    s.close()
    r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    r.bind(("127.0.0.1", 0))
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"lo end", r.getsockname())
    r.recv(100)


def tagged(iface):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    mac = s.getsockname()[4]
    udp = pcapgen.ipv4(A4, B4, 17, pcapgen.udp(A4, B4, 7200, 7201, b"tagged"), ident=0x4001)
    s.send(pcapgen.eth("ff:ff:ff:ff:ff:ff", mac, 0x8100, pcapgen.vlan(0x2064, 0x0800, udp)))
    s.send(pcapgen.eth("ff:ff:ff:ff:ff:ff", mac, 0x88A8,
                       pcapgen.vlan(0x0007, 0x8100, pcapgen.vlan(0xE00A, 0x0800, udp))))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "server" and len(sys.argv) == 3:
        server(sys.argv[2])
    elif cmd == "client":
        client()
    elif cmd == "loopback":
        loopback()
    elif cmd == "tagged" and len(sys.argv) == 3:
        tagged(sys.argv[2])
    else:
        raise SystemExit(__doc__)


main()
