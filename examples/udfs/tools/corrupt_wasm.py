#!/usr/bin/env python3
"""Writes a broken copy of a valid wasm module, for the hostile set.

  corrupt_wasm.py malformed IN OUT   the first instructions of the first function with a body of
                                     at least 8 bytes are overwritten with 0xFF bytes, which no wasm
                                     opcode uses; the framing (magic, sections, sizes) stays intact
                                     so the parser gets as far as the code
  corrupt_wasm.py truncated IN OUT   the first half of the module's bytes only

The output depends only on the input's bytes, so builds stay deterministic.
"""
import sys

from wasm_sections import Reader, code_bodies, parse

CORRUPTED_BYTES = 4


def malformed(data):
    out = bytearray(data)
    module = parse(data)
    for start, end in code_bodies(data, module):
        if end - start < 8:
            continue
        r = Reader(data, start, end)
        for _ in range(r.u32()):  # local declarations: count, then (n, type) pairs
            r.u32()
            r.byte()
        if end - r.pos < CORRUPTED_BYTES + 1:
            continue
        out[r.pos:r.pos + CORRUPTED_BYTES] = b"\xff" * CORRUPTED_BYTES
        return bytes(out)
    raise SystemExit("corrupt_wasm: no function body to corrupt")


def truncated(data):
    return data[: len(data) // 2]


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("malformed", "truncated"):
        raise SystemExit(__doc__)
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    result = malformed(data) if sys.argv[1] == "malformed" else truncated(data)
    with open(sys.argv[3], "wb") as f:
        f.write(result)


if __name__ == "__main__":
    main()
