"""Writer for the `MODDMDL1` model container (see daemon/models/README.md).

A file is the 8-byte magic `MODDMDL1` followed by sections. Each section is
a 4-byte ASCII tag, a little-endian u32 payload length and the payload. All
numbers are little-endian; floats are stored as their IEEE-754 bits, so the
Rust side reads exactly the values the Python packages use (no decimal
round trip).
"""

import json
import struct

MAGIC = b"MODDMDL1"


class Writer:
    def __init__(self):
        self.parts = [MAGIC]

    def section(self, tag: str, payload: bytes):
        assert len(tag) == 4 and tag.isascii()
        self.parts.append(tag.encode() + struct.pack("<I", len(payload)) + payload)

    def meta(self, obj: dict):
        self.section("META", json.dumps(obj, sort_keys=True, ensure_ascii=False).encode())

    def ranges(self, tag: str, ranges):
        body = struct.pack("<I", len(ranges))
        body += b"".join(struct.pack("<II", lo, hi) for lo, hi in ranges)
        self.section(tag, body)

    def lower_map(self, mapping: dict):
        body = struct.pack("<I", len(mapping))
        for cp in sorted(mapping):
            enc = mapping[cp].encode()
            body += struct.pack("<IB", cp, len(enc)) + enc
        self.section("LOWR", body)

    def terms(self, tag: str, terms):
        """Front-coded: per term, bytes shared with the previous term (u8),
        suffix length (u8), suffix bytes. Sorted vocabularies shrink ~2x."""
        body = struct.pack("<I", len(terms))
        prev = b""
        for t in terms:
            enc = t.encode()
            shared = 0
            while shared < min(len(prev), len(enc), 255) and prev[shared] == enc[shared]:
                shared += 1
            suffix = enc[shared:]
            assert len(suffix) < 256
            body += struct.pack("<BB", shared, len(suffix)) + suffix
            prev = enc
        self.section(tag, body)

    def dict_floats(self, tag: str, values, fmt: str):
        """Dictionary-coded float array: distinct values, then u16 indices.
        IDF vectors take few distinct values (one per document frequency)."""
        distinct = sorted(set(values))
        assert len(distinct) <= 65535
        pos = {v: i for i, v in enumerate(distinct)}
        body = struct.pack("<I", len(distinct)) + struct.pack(f"<{len(distinct)}{fmt}", *distinct)
        body += struct.pack("<I", len(values)) + struct.pack(f"<{len(values)}H", *(pos[v] for v in values))
        self.section(tag, body)

    def floats(self, tag: str, values, fmt: str):
        self.section(tag, struct.pack("<I", len(values)) + struct.pack(f"<{len(values)}{fmt}", *values))

    def matrix(self, tag: str, rows, fmt: str):
        n_rows, n_cols = len(rows), len(rows[0])
        flat = [v for r in rows for v in r]
        self.section(tag, struct.pack("<II", n_rows, n_cols) + struct.pack(f"<{len(flat)}{fmt}", *flat))

    def sparse_rows(self, tag: str, index, weights):
        """Sparse columns: u32 n_classes, u32 nnz, then per column the
        feature id (u32) and one f32 weight per class."""
        n_classes = len(weights[0])
        body = struct.pack("<II", n_classes, len(index))
        for j, w in zip(index, weights):
            body += struct.pack(f"<I{n_classes}f", j, *w)
        self.section(tag, body)

    def bytes(self) -> bytes:
        return b"".join(self.parts)
