"""Frame and capture-file builders shared by the test data generators
(tests/data/*/mkpcap.py): checksums, Ethernet, 802.1Q, IPv4, IPv6, TCP,
UDP, ICMP, ICMPv6 and ARP builders, and writers for pcap and pcapng.

Everything is deterministic: the same arguments give the same bytes.
Import it with

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))
    import pcapgen
"""
import struct


def csum(data):
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    """"198.18.0.1" -> 4 bytes"""
    return bytes(int(x) for x in a.split("."))


def ip6(a):
    """An IPv6 address in any textual form -> 16 bytes"""
    import socket
    return socket.inet_pton(socket.AF_INET6, a)


def mac(m):
    """"02:00:..:01" -> 6 bytes"""
    return bytes(int(x, 16) for x in m.split(":"))


def _addr(a):
    if isinstance(a, bytes):
        return a
    return ip6(a) if ":" in a else ip4(a)


def eth(dst, src, etype, payload):
    """An Ethernet II frame; dst and src are text or 6 bytes."""
    d = dst if isinstance(dst, bytes) else mac(dst)
    s = src if isinstance(src, bytes) else mac(src)
    return d + s + struct.pack("!H", etype) + payload


def vlan(tci, etype, payload):
    """An 802.1Q tag (TCI, then the inner ethertype) and its payload, to
    follow an Ethernet type 0x8100 or 0x88a8."""
    return struct.pack("!HH", tci, etype) + payload


def ipv4(src, dst, proto, payload, ident=0x1c46, ttl=64, flags=0x4000,
         options=b"", ihl=None, tos=0):
    """An IPv4 datagram with a correct header checksum."""
    hl = 20 + len(options)
    total = hl + len(payload)
    if ihl is None:
        ihl = hl // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, total, ident, flags,
                      ttl, proto, 0, ip4(src), ip4(dst)) + options
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ipv6(src, dst, nxt, payload, hlim=64, tclass=0, flow=0, exthdrs=b""):
    """An IPv6 packet; exthdrs (already chained, the first one's type is
    nxt) go between the header and the payload."""
    body = exthdrs + payload
    first = (6 << 28) | (tclass << 20) | flow
    return struct.pack("!IHBB", first, len(body), nxt, hlim) + ip6(src) + ip6(dst) + body


def ipv6_ext(nxt, data):
    """A hop-by-hop, routing or destination options header: next header,
    length in 8-byte units beyond the first, data (padded to 8n - 2)."""
    pad = (-(len(data) + 2)) % 8
    data += b"\0" * pad
    return struct.pack("!BB", nxt, (len(data) + 2) // 8 - 1) + data


def ipv6_frag(nxt, offset, more, ident):
    """An IPv6 fragment header; offset in bytes (a multiple of 8)."""
    return struct.pack("!BBHI", nxt, 0, offset | (1 if more else 0), ident)


def _pseudo(src, dst, proto, length):
    s, d = _addr(src), _addr(dst)
    if len(s) == 16:
        return s + d + struct.pack("!IxxxB", length, proto)
    return s + d + struct.pack("!BBH", 0, proto, length)


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", window=64240,
        options=b"", urg=0):
    """A TCP segment with a correct checksum for src -> dst (IPv4 or v6)."""
    off = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags,
                      window, 0, urg) + options
    c = csum(_pseudo(src, dst, 6, len(hdr) + len(payload)) + hdr + payload)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload


def udp(src, dst, sport, dport, payload, zero_checksum=False):
    """A UDP datagram with a correct checksum (0xffff for a computed 0),
    or none at all with zero_checksum."""
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    c = 0 if zero_checksum else csum(_pseudo(src, dst, 17, length) + hdr + payload) or 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + payload


def icmp(type_, code, rest, payload=b""):
    """An ICMP message: type, code, checksum, the 4 bytes of rest."""
    msg = struct.pack("!BBH", type_, code, 0) + rest + payload
    return msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]


def icmpv6(src, dst, type_, code, body):
    """An ICMPv6 message with its pseudo-header checksum."""
    msg = struct.pack("!BBH", type_, code, 0) + body
    c = csum(_pseudo(src, dst, 58, len(msg)) + msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def arp(op, sha, spa, tha, tpa):
    """An Ethernet/IPv4 ARP message."""
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, _mac(sha), ip4(spa),
                       _mac(tha), ip4(tpa))


def _mac(m):
    return m if isinstance(m, bytes) else mac(m)


# Capture files.  A record is (ns since the epoch, frame) or
# (ns, frame, original length).

def pcap_header(linktype=1, snaplen=262144, nsec=True, endian="<"):
    magic = 0xA1B23C4D if nsec else 0xA1B2C3D4
    return struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)


def pcap_record(sec, frac, frame, orig_len=None, endian="<"):
    """One record: frac is in the file's unit (us or ns)."""
    n = len(frame) if orig_len is None else orig_len
    return struct.pack(endian + "IIII", sec, frac, len(frame), n) + frame


def write_pcap(fp, records, linktype=1, snaplen=262144, nsec=True, endian="<"):
    fp.write(pcap_header(linktype, snaplen, nsec, endian))
    for r in records:
        t, frame = r[0], r[1]
        sec, ns = divmod(t, 10**9)
        frac = ns if nsec else ns // 1000
        fp.write(pcap_record(sec, frac, frame, r[2] if len(r) > 2 else None, endian))


def read_pcap(data):
    """The records of a little-endian pcap file's bytes (as written by
    write_pcap): a list of (frame, original length)."""
    records, off = [], 24
    while off < len(data):
        _, _, caplen, length = struct.unpack_from("<IIII", data, off)
        records.append((data[off + 16:off + 16 + caplen], length))
        off += 16 + caplen
    return records


def pcapng_block(btype, body, endian="<"):
    """A block: type, total length, body padded to 4, total length."""
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack(endian + "II", btype, n) + body + struct.pack(endian + "I", n)


def pcapng_options(opts, endian="<"):
    """[(code, bytes)] -> options with padding and opt_endofopt."""
    out = b""
    for code, val in opts:
        out += struct.pack(endian + "HH", code, len(val)) + val + b"\0" * (-len(val) % 4)
    return out + struct.pack(endian + "HH", 0, 0) if opts else out


def pcapng_shb(endian="<", options=()):
    return pcapng_block(0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1)
                        + pcapng_options(list(options), endian), endian)


def pcapng_idb(linktype=1, snaplen=262144, tsresol=None, endian="<", options=()):
    """tsresol: the if_tsresol byte (6 = microseconds, the default; 9 =
    nanoseconds; 0x80 | n = 2^-n)."""
    opts = list(options)
    if tsresol is not None:
        opts.append((9, bytes([tsresol])))
    return pcapng_block(1, struct.pack(endian + "HHI", linktype, 0, snaplen)
                        + pcapng_options(opts, endian), endian)


def pcapng_units(t_ns, tsresol):
    """A time in ns -> the count of an interface's timestamp units."""
    if tsresol is None:
        tsresol = 6
    if tsresol & 0x80:
        return (t_ns << (tsresol & 0x7F)) // 10**9
    if tsresol >= 9:
        return t_ns * 10**(tsresol - 9)
    return t_ns // 10**(9 - tsresol)


def pcapng_epb(iface, t_ns, frame, orig_len=None, tsresol=None, endian="<", options=()):
    ts = pcapng_units(t_ns, tsresol)
    n = len(frame) if orig_len is None else orig_len
    body = struct.pack(endian + "IIIII", iface, ts >> 32, ts & 0xFFFFFFFF, len(frame), n)
    body += frame + b"\0" * (-len(frame) % 4)
    return pcapng_block(6, body + pcapng_options(list(options), endian), endian)


def pcapng_spb(frame, orig_len=None, endian="<"):
    n = len(frame) if orig_len is None else orig_len
    return pcapng_block(3, struct.pack(endian + "I", n) + frame, endian)
