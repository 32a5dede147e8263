#!/usr/bin/env python3
"""Writes the small deterministic captures pcap2xml's tests read.

    mkpcap.py [-e little|big] [-p ns|us] [-s SNAPLEN] [-k KIND] [-f pcap|pcapng]
              [-l eth|sll|sll2|raw|raw12|raw14|null|loop] > file

KIND "mixed" (the default) is one Ethernet capture holding a whole TCP
conversation (handshake with options, data both ways, FIN both ways), a
second TCP conversation, UDP both ways, ARP and a frame of an unassigned
ethertype.  "more" holds IPv6 with extension headers, ICMP, ICMPv6,
802.1Q and QinQ, TCP and IP options.  "fragments" holds odd IPv4 cases (a fragment, options, a bad
header length).  Timestamps are whole microseconds so a microsecond and a
nanosecond file of the same KIND describe the same packets.  SNAPLEN cuts
every record as a capture with that snapshot length would.  -f writes
pcapng instead (one interface; -p ns sets if_tsresol to 9), -l another
link type (frames it cannot carry are left out).  -f pcapng-multi
writes three interfaces (Ethernet in ns, Linux cooked in us, raw IP in
2^-20 s), unknown and name resolution blocks, a simple packet block and a
second, big-endian section.
"""
import argparse
import os
import struct
import sys


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from pcapgen import (arp, eth, icmp, icmpv6, ip4, ip6, ipv4, ipv6, ipv6_ext, ipv6_frag,  # noqa: E402
                     mac, pcap_header, pcap_record, pcapng_block, pcapng_epb, pcapng_idb,
                     pcapng_shb, pcapng_spb, tcp, udp, vlan)


MAC_A = "02:00:c6:12:00:01"
MAC_B = "02:00:c6:12:00:02"
IP_A = "198.18.0.1"
IP_B = "198.18.0.2"


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


LINKTYPES = {"eth": 1, "null": 0, "raw12": 12, "raw14": 14, "raw": 101,
             "loop": 108, "sll": 113, "sll2": 276}
ETHERTYPE_FAMILY = {0x0800: 2, 0x86DD: 24}


def relink(frame, link, i):
    """An Ethernet frame re-encapsulated for another link type, or None
    when that link type cannot carry it (raw IP and loopback carry only
    IP).  i alternates the direction of cooked headers."""
    if link == "eth" or len(frame) < 14:
        return frame if link == "eth" else None
    src, etype, payload = frame[6:12], struct.unpack("!H", frame[12:14])[0], frame[14:]
    if link == "sll":
        return struct.pack("!HHH8sH", 4 if i % 2 else 0, 1, 6, src, etype) + payload
    if link == "sll2":
        return struct.pack("!HHIHBB8s", etype, 0, 7, 1, 4 if i % 2 else 0, 6, src) + payload
    if etype not in ETHERTYPE_FAMILY:
        return None
    if link.startswith("raw"):
        return payload
    fam = ETHERTYPE_FAMILY[etype]
    return struct.pack("<I" if link == "null" else "!I", fam) + payload


IP6_A = "2001:db8::1"
IP6_B = "2001:db8::2"
ICMP_ECHO = struct.pack("!HH", 0x1234, 1)


def v6_frame(a_to_b, nxt, payload, exthdrs=b"", **kw):
    s, d = (IP6_A, IP6_B) if a_to_b else (IP6_B, IP6_A)
    ms, md = (MAC_A, MAC_B) if a_to_b else (MAC_B, MAC_A)
    return eth(md, ms, 0x86DD, ipv6(s, d, nxt, payload, exthdrs=exthdrs, **kw))


def icmp_frame(a_to_b, type_, rest, payload, ident=0):
    s, d = (IP_A, IP_B) if a_to_b else (IP_B, IP_A)
    ms, md = (MAC_A, MAC_B) if a_to_b else (MAC_B, MAC_A)
    return eth(md, ms, 0x0800, ipv4(s, d, 1, icmp(type_, 0, rest, payload), ident=ident))


def more():
    """IPv6 (extension headers, TCP, UDP, ICMPv6), ICMP, VLAN, options."""
    c6, s6 = IP6_A, IP6_B
    hbh = ipv6_ext(6, bytes.fromhex("0502000001"))            # router alert, PadN
    route = ipv6_ext(17, struct.pack("!BBI", 0, 0, 0) + ip6(IP6_B)[:0])
    dst = ipv6_ext(58, bytes.fromhex("0104") + b"\0" * 4)      # PadN
    ping = b"abcdefgh" * 2
    sack = bytes.fromhex("0101050a") + struct.pack("!II", 3000000101, 3000000201)
    ts = bytes.fromhex("0101080a") + struct.pack("!II", 12345, 678)
    tcpopts = bytes.fromhex("020405b4" "0402" "080a0000000a00000000" "01" "030307")
    ipopts = bytes.fromhex("01" "07070400000000" "00" "000000")   # NOP, RR, EOL, pad
    q_frame = eth(MAC_B, MAC_A, 0x8100, vlan(0x2064, 0x0800, ipv4(
        IP_A, IP_B, 17, udp(IP_A, IP_B, 5000, 5001, b"tagged"), ident=0x4001)))
    qinq = eth(MAC_B, MAC_A, 0x88A8, vlan(0x0007, 0x8100, vlan(0xE00A, 0x0806, arp(
        1, MAC_A, IP_A, "00:00:00:00:00:00", IP_B))))
    return [
        v6_frame(True, 6, tcp(c6, s6, 40000, 7001, 100, 0, SYN, options=tcpopts)),
        v6_frame(False, 6, tcp(s6, c6, 7001, 40000, 500, 101, SYN | ACK, options=tcpopts)),
        v6_frame(True, 6, tcp(c6, s6, 40000, 7001, 101, 501, ACK | PSH, b"GET", options=ts)),
        v6_frame(False, 6, tcp(s6, c6, 7001, 40000, 501, 104, ACK, options=sack)),
        v6_frame(True, 0, tcp(c6, s6, 40000, 7001, 104, 501, ACK, b"x"), exthdrs=hbh),
        v6_frame(True, 43, udp(c6, s6, 5000, 5001, b"routed"), exthdrs=route),
        v6_frame(True, 60, icmpv6(c6, s6, 128, 0, ICMP_ECHO + ping), exthdrs=dst),
        v6_frame(False, 58, icmpv6(s6, c6, 129, 0, ICMP_ECHO + ping)),
        v6_frame(True, 44, udp(c6, s6, 7000, 7002, b"first fragment!!")[:16], exthdrs=ipv6_frag(17, 0, True, 0x99)),
        v6_frame(True, 58, icmpv6(c6, "ff02::1:ff00:2", 135, 0, b"\0" * 4 + ip6(s6) + bytes.fromhex("0101") + mac(MAC_A)), hlim=255),
        v6_frame(False, 58, icmpv6(s6, c6, 136, 0, bytes.fromhex("60000000") + ip6(s6) + bytes.fromhex("0201") + mac(MAC_B)), hlim=255),
        icmp_frame(True, 8, ICMP_ECHO, ping, ident=0x5001),
        icmp_frame(False, 0, ICMP_ECHO, ping, ident=0x5002),
        icmp_frame(False, 3, b"\0" * 4, ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 5000, 9, b"closed"), ident=0x5003)[:28]),
        q_frame,
        qinq,
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 1234, 7001, 5, 0, SYN, options=tcpopts), options=ipopts, ident=0x3002)),
        eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 7000, 7002, b"frag")[:8], ident=0x3003, flags=0x2000)),
    ]


def kinds_of(k):
    return {"mixed": mixed, "fragments": fragments, "more": more}[k]()


def multi(frames):
    """pcapng with three interfaces of their own link types and timestamp
    units, blocks to skip, a simple packet block, then a second section
    in the other byte order."""
    t = 1700000000 * 10**9 + 123456789
    ifaces = [("eth", 9, [(2, b"eth0")]), ("sll", None, []), ("raw", 0x80 | 20, [(2, b"tun<&>0")])]
    out = pcapng_shb("<")
    for link, res, opts in ifaces:
        out += pcapng_idb(LINKTYPES[link], 262144, res, "<", opts)
    out += pcapng_block(0x80001234, b"a local block, skipped")
    for i, frame in enumerate(frames):
        n = i % 3
        f = relink(frame, ifaces[n][0], i)
        if f is None:
            continue
        out += pcapng_epb(n, t + i * 1000001, f, len(f), ifaces[n][1], "<")
        if i == 4:
            out += pcapng_block(4, bytes(8))      # a name resolution block
            out += pcapng_spb(frame)               # on interface 0
    out += pcapng_shb(">") + pcapng_idb(1, 0, 9, ">", [(2, b"eth0")])
    out += pcapng_epb(0, t + 10**9, frames[0], len(frames[0]), 9, ">")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-e", choices=("little", "big"), default="little")
    ap.add_argument("-p", choices=("ns", "us"), default="ns")
    ap.add_argument("-s", type=int, default=262144)
    ap.add_argument("-k", choices=("mixed", "fragments", "more"), default="mixed")
    ap.add_argument("-f", choices=("pcap", "pcapng", "pcapng-multi"), default="pcap")
    ap.add_argument("-l", choices=sorted(LINKTYPES), default="eth")
    a = ap.parse_args()
    lt = LINKTYPES[a.l]
    e = "<" if a.e == "little" else ">"
    out = sys.stdout.buffer
    tsresol = 9 if a.p == "ns" else None
    if a.f == "pcapng-multi":
        out.write(multi(kinds_of(a.k)))
        return
    if a.f == "pcap":
        out.write(pcap_header(linktype=lt, snaplen=a.s, nsec=a.p == "ns", endian=e))
    else:
        out.write(pcapng_shb(e) + pcapng_idb(lt, a.s, tsresol, e))
    t_us = 1700000000 * 1000000 + 123456
    for i, frame in enumerate(kinds_of(a.k)):
        t_us += 1000 + 250037 * (i % 3)
        frame = relink(frame, a.l, i)
        if frame is None:
            continue
        sec, frac = divmod(t_us, 1000000)
        if a.f == "pcapng":
            out.write(pcapng_epb(0, t_us * 1000, frame[:a.s], len(frame), tsresol, e))
            continue
        if a.p == "ns":
            frac *= 1000
        out.write(pcap_record(sec, frac, frame[:a.s], len(frame), e))

main()
