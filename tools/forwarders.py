#!/usr/bin/env python3
"""Counts one-line forwarding methods in the backends' socket and pipe I/O classes (issue 12).

A forwarder here is a method whose body is one statement (`return X;` or `X;`) that calls a
method of the same name, or, for an `impl` hook, of what the name says without the prefix
(implCloseSource -> close or closeSource).
The classes are the backends' I/O objects: mio-posix's Native{Source,Socket,Stream,Listener,Datagram}
and PosixPipe, mio-selector's IoState, Channel{Socket,Stream,Listener,Datagram} and SelectorPipe,
mio-iocp's Win{Socket,Stream,Listener,Datagram}. Run from the repository's root:

    python3 tools/forwarders.py          # one line per forwarder, then the count
"""
import re
import sys
from pathlib import Path

FILES = [
    "mio-posix/src/main/java/io/mio/posix/" + n + ".java"
    for n in ("NativeSource", "NativeSocket", "NativeStream", "NativeListener", "NativeDatagram", "PosixPipe")
] + [
    "mio-selector/src/main/java/io/mio/selector/" + n + ".java"
    for n in ("IoState", "ChannelSocket", "ChannelStream", "ChannelListener", "ChannelDatagram", "SelectorPipe")
] + [
    "mio-iocp/src/main/java/io/mio/iocp/" + n + ".java"
    for n in ("WinSocket", "WinStream", "WinListener", "WinDatagram")
]

# a method header: modifiers, a return type, a name, parameters, maybe throws, then "{" ending the line
HEADER = re.compile(r"^\s*(?:(?:public|protected|private|static|final|abstract|synchronized|<[^>]*>)\s+)*"
                    r"[\w<>\[\]?, .]+\s+(\w+)\s*\([^)]*\)\s*(?:throws [\w., ]+)?\s*\{\s*$")
CALL = re.compile(r"(\w+)\s*\(")


def strip_impl(name):
    if name.startswith("impl") and len(name) > 4:
        return name[4].lower() + name[5:]
    return name


def forwarders(path):
    lines = Path(path).read_text().splitlines()
    for i, line in enumerate(lines[:-2]):
        m = HEADER.match(line)
        if not m or m.group(1) in ("if", "for", "while", "switch", "catch", "synchronized"):
            continue
        body, close = lines[i + 1].strip(), lines[i + 2].strip()
        if close != "}" or not body.endswith(";") or body.startswith("//"):
            continue
        name = m.group(1)
        called = set(CALL.findall(body))
        bare = strip_impl(name)
        if name in called or (bare != name and any(bare.startswith(c) for c in called)):
            yield i + 1, name, body


def main():
    total = 0
    for f in FILES:
        if not Path(f).exists():
            continue
        for line, name, body in forwarders(f):
            total += 1
            print(f"{f}:{line} {name}: {body}")
    print(f"{total} one-line forwarders in {len(FILES)} backend socket and pipe classes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
