#!/usr/bin/env python3
"""Lists the fields of a PDML file, one per line, for comparing two PDML
writers:  PACKET<TAB>NAME<TAB>SHOW<TAB>POS<TAB>SIZE  (a packet's fields in
document order).

    pdmlfields.py FILE.pdml                 every named field
    pdmlfields.py FILE.pdml NAMES           only fields whose name is a line of NAMES
    pdmlfields.py -n FILE.pdml              just the distinct names (and proto names)

Hidden fields (hide="yes") and unnamed text items are left out.
"""
import sys
import xml.etree.ElementTree as ET


def fields(path):
    for n, packet in enumerate(ET.parse(path).getroot().iter("packet"), 1):
        for f in packet.iter("field"):
            name = f.get("name", "")
            if not name or f.get("hide") == "yes":
                continue
            yield n, name, f.get("show", ""), f.get("pos", ""), f.get("size", "")


def main():
    args = sys.argv[1:]
    if args and args[0] == "-n":
        names = set()
        root = ET.parse(args[1]).getroot()
        for e in root.iter():
            if e.tag in ("field", "proto") and e.get("name") and e.get("hide") != "yes":
                names.add(e.get("name"))
        sys.stdout.write("".join(sorted(n + "\n" for n in names)))
        return
    wanted = None
    if len(args) > 1:
        with open(args[1]) as fp:
            wanted = set(line.strip() for line in fp if line.strip())
    out = sys.stdout
    for n, name, show, pos, size in fields(args[0]):
        if wanted is None or name in wanted:
            out.write("%d\t%s\t%s\t%s\t%s\n" % (n, name, show, pos, size))


main()
