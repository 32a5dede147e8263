#!/usr/bin/env python3
"""Writes small, deterministic nanosecond pcaps for simplify's and the
report's tests (no capture needed, same bytes every time).

usage: mkpcap.py KIND OUT.pcap [COUNT]
  mixed   a TCP conversation (handshake, data both ways, close), a UDP
          exchange, and an ARP request/reply
  two     a second capture point: two TCP conversations and UDP
  bulk    COUNT frames: TCP data segments on a few conversations
  empty   no frames at all
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
import pcapgen  # noqa: E402

T0 = 1700000000 * 10**9 + 123456789   # first frame, ns since the epoch

MAC = {
    "198.18.0.1": bytes.fromhex("020000000001"),
    "198.18.0.2": bytes.fromhex("020000000002"),
    "198.18.0.3": bytes.fromhex("020000000003"),
}
FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20}


def ether(src_ip, dst_ip, ethertype, body):
    return pcapgen.eth(MAC[dst_ip], MAC[src_ip], ethertype, body)


def tcp(src, sport, dst, dport, seq, ack, flags, data=b"", ident=1):
    fl = 0
    for f in flags:
        fl |= FLAG_BITS[f]
    seg = pcapgen.tcp(src, dst, sport, dport, seq, ack, fl, data, window=64240)
    return ether(src, dst, 0x0800, pcapgen.ipv4(src, dst, 6, seg, ident))


def udp(src, sport, dst, dport, data, ident=1):
    seg = pcapgen.udp(src, dst, sport, dport, data)
    return ether(src, dst, 0x0800, pcapgen.ipv4(src, dst, 17, seg, ident))


def arp(op, sender, target):
    tmac = b"\0" * 6 if op == 1 else MAC[target]
    dst = b"\xff" * 6 if op == 1 else MAC[target]
    return pcapgen.eth(dst, MAC[sender], 0x0806, pcapgen.arp(op, MAC[sender], sender, tmac, target))


def tcp_conversation(c, s, cport, sport, request, reply, ident):
    """Handshake, one request, one reply, close: 8 frames."""
    cs, ss = 1000, 5000
    out = [
        tcp(c, cport, s, sport, cs, 0, ["SYN"], ident=ident),
        tcp(s, sport, c, cport, ss, cs + 1, ["SYN", "ACK"], ident=ident + 1),
        tcp(c, cport, s, sport, cs + 1, ss + 1, ["ACK"], ident=ident + 2),
        tcp(c, cport, s, sport, cs + 1, ss + 1, ["PSH", "ACK"], request, ident=ident + 3),
        tcp(s, sport, c, cport, ss + 1, cs + 1 + len(request), ["PSH", "ACK"], reply, ident=ident + 4),
        tcp(c, cport, s, sport, cs + 1 + len(request), ss + 1 + len(reply), ["FIN", "ACK"], ident=ident + 5),
        tcp(s, sport, c, cport, ss + 1 + len(reply), cs + 2 + len(request), ["FIN", "ACK"], ident=ident + 6),
        tcp(c, cport, s, sport, cs + 2 + len(request), ss + 2 + len(reply), ["ACK"], ident=ident + 7),
    ]
    return out


def frames(kind, count):
    if kind == "mixed":
        f = [arp(1, "198.18.0.1", "198.18.0.2"), arp(2, "198.18.0.2", "198.18.0.1")]
        f += tcp_conversation("198.18.0.1", "198.18.0.2", 40000, 7000, b"hello", b"world!", 10)
        f += [udp("198.18.0.1", 40053, "198.18.0.3", 9000, b"\x01\x02\x03", 30),
              udp("198.18.0.3", 9000, "198.18.0.1", 40053, b"", 31)]
        return f
    if kind == "two":
        f = tcp_conversation("198.18.0.2", "198.18.0.3", 41000, 8000, b"GET /", b"x" * 100, 40)
        f += tcp_conversation("198.18.0.2", "198.18.0.3", 41001, 8000, b"ping", b"pong", 60)
        f += [udp("198.18.0.2", 6000, "198.18.0.3", 6001, b"abcdefgh", 80)]
        return f
    if kind == "bulk":
        out = []
        for i in range(count):
            k = i % 4
            out.append(tcp("198.18.0.1", 42000 + k, "198.18.0.2", 7000, 1 + i * 64, 1,
                           ["PSH", "ACK"], bytes([i & 0xFF]) * 64, ident=i & 0xFFFF))
        return out
    if kind == "empty":
        return []
    raise SystemExit("mkpcap.py: unknown kind " + kind)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    kind, path = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    with open(path, "wb") as fp:
        # nanosecond pcap, snaplen 65535, Ethernet
        step = 1000000 * (1 if kind == "bulk" else 25)  # 1 ms or 25 ms apart
        pcapgen.write_pcap(fp, [(T0 + i * step, fr) for i, fr in enumerate(frames(kind, count))],
                           snaplen=65535)

main()
