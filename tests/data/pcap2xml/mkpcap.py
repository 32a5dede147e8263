#!/usr/bin/env python3
"""Writes the small deterministic captures pcap2xml's tests read.

    mkpcap.py [-e little|big] [-p ns|us] [-s SNAPLEN] [-k KIND] > file.pcap

KIND "mixed" (the default) is one Ethernet capture holding a whole TCP
conversation (handshake with options, data both ways, FIN both ways), a
second TCP conversation, UDP both ways, ARP and a frame of an unassigned
ethertype.  "fragments" holds odd IPv4 cases (a fragment, options, a bad
header length).  Timestamps are whole microseconds so a microsecond and a
nanosecond file of the same KIND describe the same packets.  SNAPLEN cuts
every record as a capture with that snapshot length would.
"""
import argparse
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def mac(m):
    return bytes(int(x, 16) for x in m.split(":"))


MAC_A = "02:00:c6:12:00:01"
MAC_B = "02:00:c6:12:00:02"
IP_A = "198.18.0.1"
IP_B = "198.18.0.2"


def eth(dst, src, etype, payload):
    return mac(dst) + mac(src) + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ident=0x1c46, ttl=64, flags=0x4000,
         options=b"", ihl=None, tos=0):
    hl = 20 + len(options)
    total = hl + len(payload)
    if ihl is None:
        ihl = hl // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total, ident, flags,
                      ttl, proto, 0, ip4(src), ip4(dst)) + options
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", window=64240,
        options=b"", urg=0):
    off = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags,
                      window, 0, urg) + options
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(hdr) + len(payload))
    c = csum(pseudo + hdr + payload)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload


def udp(src, dst, sport, dport, payload, zero_checksum=False):
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    c = 0 if zero_checksum else csum(ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, length) + hdr + payload) or 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + payload


def tcp_frame(a_to_b, sport, dport, seq, ack, flags, payload=b"", ident=0, **kw):
    s, d = (IP_A, IP_B) if a_to_b else (IP_B, IP_A)
    ms, md = (MAC_A, MAC_B) if a_to_b else (MAC_B, MAC_A)
    return eth(md, ms, 0x0800, ipv4(s, d, 6, tcp(s, d, sport, dport, seq, ack, flags, payload, **kw), ident=ident))


def udp_frame(a_to_b, sport, dport, payload, ident=0, **kw):
    s, d = (IP_A, IP_B) if a_to_b else (IP_B, IP_A)
    ms, md = (MAC_A, MAC_B) if a_to_b else (MAC_B, MAC_A)
    return eth(md, ms, 0x0800, ipv4(s, d, 17, udp(s, d, sport, dport, payload, **kw), ident=ident))


FIN, SYN, RST, PSH, ACK, URG = 1, 2, 4, 8, 16, 32
SYN_OPTS = bytes.fromhex("020405b4" "0402" "080a0001e24000000000" "01" "030307")


def mixed():
    c, s = 3000000000, 1000
    cp, sp = 41000, 7001
    req = b"hello, server <&>\n"
    resp = b"\x00\x01\x02 binary \xff reply"
    return [
        tcp_frame(True, cp, sp, c, 0, SYN, ident=0x1001, options=SYN_OPTS),
        tcp_frame(False, sp, cp, s, c + 1, SYN | ACK, ident=0, options=SYN_OPTS),
        tcp_frame(True, cp, sp, c + 1, s + 1, ACK, ident=0x1002),
        udp_frame(True, 42000, 7002, b"ping over udp"),
        tcp_frame(True, cp, sp, c + 1, s + 1, PSH | ACK, req, ident=0x1003),
        tcp_frame(False, sp, cp, s + 1, c + 1 + len(req), ACK, ident=0x2001),
        udp_frame(False, 7002, 42000, b"pong", ident=0x2002, zero_checksum=True),
        eth("ff:ff:ff:ff:ff:ff", MAC_A, 0x0806, struct.pack(
            "!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, mac(MAC_A), ip4(IP_A),
            b"\0" * 6, ip4(IP_B)) + b"\0" * 18),
        tcp_frame(False, sp, cp, s + 1, c + 1 + len(req), PSH | ACK, resp, ident=0x2003, window=509),
        tcp_frame(True, 41001, sp, 77, 0, SYN, ident=0x1004),
        tcp_frame(True, cp, sp, c + 1 + len(req), s + 1 + len(resp), FIN | ACK, ident=0x1005),
        eth(MAC_B, MAC_A, 0x88b5, b"local experimental ethertype payload"),
        tcp_frame(False, sp, cp, s + 1 + len(resp), c + 2 + len(req), FIN | ACK, ident=0x2004),
        tcp_frame(True, cp, sp, c + 2 + len(req), s + 2 + len(resp), ACK, ident=0x1006),
        udp_frame(True, 42000, 7002, b"again", ident=0x1007),
        tcp_frame(False, sp, 41001, 9, 78, RST | ACK | URG, ident=0x2005, urg=3),
    ]


def fragments():
    big = bytes(range(48))
    return [
        # First fragment of a UDP datagram (MF set) and the next one.
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 5353, 7003, big)[:24], ident=0x3001, flags=0x2000)),
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, big[16:], ident=0x3001, flags=0x0003)),
        # IP options (two NOPs and an end of list) before TCP.
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 1234, 80, 5, 0, SYN), options=b"\x01\x01\x00\x00", ident=0x3002)),
        # A header length below 20 bytes.
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 1, 2, b"x"), ihl=4, ident=0x3003)),
        # An unassigned IP protocol: data.
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 253, b"experimental", ident=0x3004, tos=0xb8, ttl=1)),
        # A TCP header length below 20 bytes.
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 1, 2, 3, 4, ACK)[:12] + b"\x40\x10" + b"\0" * 6, ident=0x3005)),
        # A frame shorter than an Ethernet header.
        mac(MAC_B) + mac(MAC_A)[:3],
        # Ethernet trailer after a short IP datagram (padding to 60 bytes).
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 7004, 7005, b"pad"), ident=0x3006)) + b"\0" * 15,
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-e", choices=("little", "big"), default="little")
    ap.add_argument("-p", choices=("ns", "us"), default="ns")
    ap.add_argument("-s", type=int, default=262144)
    ap.add_argument("-k", choices=("mixed", "fragments"), default="mixed")
    a = ap.parse_args()
    e = "<" if a.e == "little" else ">"
    magic = 0xA1B23C4D if a.p == "ns" else 0xA1B2C3D4
    out = sys.stdout.buffer
    out.write(struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, a.s, 1))
    t_us = 1700000000 * 1000000 + 123456
    for i, frame in enumerate(mixed() if a.k == "mixed" else fragments()):
        t_us += 1000 + 250037 * (i % 3)
        sec, frac = divmod(t_us, 1000000)
        if a.p == "ns":
            frac *= 1000
        cap = frame[:a.s]
        out.write(struct.pack(e + "IIII", sec, frac, len(cap), len(frame)) + cap)


main()
