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
import struct
import sys

T0 = 1700000000 * 10**9 + 123456789   # first frame, ns since the epoch

MAC = {
    "198.18.0.1": bytes.fromhex("020000000001"),
    "198.18.0.2": bytes.fromhex("020000000002"),
    "198.18.0.3": bytes.fromhex("020000000003"),
}
FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20}


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    def a(x):
        return bytes(int(p) for p in x.split("."))
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, 0x4000,
                      64, proto, 0, a(src), a(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr, a(src), a(dst)


def l4_csum(srcb, dstb, proto, seg):
    pseudo = srcb + dstb + struct.pack("!BBH", 0, proto, len(seg))
    return csum(pseudo + seg)


def ether(src_ip, dst_ip, ethertype, body):
    return MAC[dst_ip] + MAC[src_ip] + struct.pack("!H", ethertype) + body


def tcp(src, sport, dst, dport, seq, ack, flags, data=b"", ident=1):
    fl = 0
    for f in flags:
        fl |= FLAG_BITS[f]
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, fl, 64240, 0, 0) + data
    hdr, sb, db = ipv4(src, dst, 6, seg, ident)
    c = l4_csum(sb, db, 6, seg)
    seg = seg[:16] + struct.pack("!H", c) + seg[18:]
    return ether(src, dst, 0x0800, hdr + seg)


def udp(src, sport, dst, dport, data, ident=1):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    hdr, sb, db = ipv4(src, dst, 17, seg, ident)
    c = l4_csum(sb, db, 17, seg) or 0xFFFF
    seg = seg[:6] + struct.pack("!H", c) + seg[8:]
    return ether(src, dst, 0x0800, hdr + seg)


def arp(op, sender, target):
    tmac = b"\0" * 6 if op == 1 else MAC[target]
    def a(x):
        return bytes(int(p) for p in x.split("."))
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, MAC[sender], a(sender), tmac, a(target))
    dst = b"\xff" * 6 if op == 1 else MAC[target]
    return dst + MAC[sender] + struct.pack("!H", 0x0806) + body


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
        # nanosecond pcap: magic a1b23c4d, v2.4, snaplen 65535, Ethernet
        fp.write(struct.pack("<IHHiIII", 0xA1B23C4D, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames(kind, count)):
            t = T0 + i * 1000000 * (1 if kind == "bulk" else 25)  # 1 ms or 25 ms apart
            fp.write(struct.pack("<IIII", t // 10**9, t % 10**9, len(fr), len(fr)))
            fp.write(fr)


main()
