"""Hostile inputs built in memory for tests, and peak-memory measurement of a command."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from typing import Any


def warc_bomb(mib: int = 3072) -> bytes:
    """A small .warc.gz whose one record declares and expands to ``mib`` MiB.

    The deflate stream of a zero block is the same after each full flush, so it is
    compressed once and repeated; the gzip trailer (CRC-32, size) is computed.
    """
    block = b"\0" * (16 * 1024 * 1024)
    count = mib * 1024**2 // len(block)
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/big\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {count * len(block) + 46}\r\n\r\n"
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    ).encode()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff",
        c.compress(head),
        c.flush(zlib.Z_FULL_FLUSH),
    ]
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    out += [first, again * (count - 1)]
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    out += [c.flush(), struct.pack("<II", crc, (len(head) + count * len(block)) & 0xFFFFFFFF)]
    return b"".join(out)


# Runs a command as a grandchild and reports its peak resident memory. Linux keeps a
# process's maxrss across exec, so a child forked straight from pytest (which may hold
# the spaCy model) would report pytest's peak; this small wrapper's child does not.
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
print(done.stdout, end="")
"""


def run_measured(cmd: list[str], **kwargs: Any) -> tuple[int, int, str, str]:
    """(exit code, peak memory in MB, stdout, stderr) of ``cmd`` run as a grandchild."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, **kwargs
    )
    first, _, stdout = done.stdout.partition("\n")
    code, peak = (int(x) for x in first.split())
    return code, peak, stdout, done.stderr
