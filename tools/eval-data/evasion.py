#!/usr/bin/env python3
"""Derives data/eval/evasion.jsonl from data/eval/en.jsonl: every English
line once, disguised the way people dodge filters, so `modctl eval` shows
what normalisation buys. Deterministic: the technique of a line is chosen
by the SHA-256 of its id; each line keeps its source's labels and split.

Techniques (the line's second tag):
  leet        a→4 e→3 i→1 o→0 s→5 t→7 in every word
  spacing     letters of each 4–7 letter word spread out: "k i l l"
  homoglyph   Latin a c e o p x y replaced by their Cyrillic look-alikes
  zero-width  U+200B between the letters of every word of 4 letters or more
  masking     the vowels of 4–7 letter words starred out, after the first: "f*ck"

    python3 tools/eval-data/evasion.py     # rewrites evasion.jsonl
"""

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "data" / "eval"
LEET = str.maketrans("aeiostAEIOST", "431057431057")
HOMOGLYPH = str.maketrans("aceopxyACEOPXY", "асеорхуАСЕОРХУ")
WORD = re.compile(r"[A-Za-z]+")


def spread(m):
    w = m.group(0)
    return " ".join(w) if 4 <= len(w) <= 7 else w


def zero_width(m):
    w = m.group(0)
    return "\u200b".join(w) if len(w) >= 4 else w


def mask(m):
    w = m.group(0)
    if not 4 <= len(w) <= 7:
        return w
    return w[0] + re.sub(r"[aeiouAEIOU]", "*", w[1:])


TECHNIQUES = {
    "leet": lambda t: t.translate(LEET),
    "spacing": lambda t: WORD.sub(spread, t),
    "homoglyph": lambda t: t.translate(HOMOGLYPH),
    "zero-width": lambda t: WORD.sub(zero_width, t),
    "masking": lambda t: WORD.sub(mask, t),
}


def derive(en_rows):
    """The evasion lines of the English rows, in their order."""
    names = sorted(TECHNIQUES)
    out = []
    for src in en_rows:
        digest = hashlib.sha256(src["id"].encode()).digest()
        name = names[digest[0] % len(names)]
        out.append({
            "id": "evasion-" + src["id"],
            "text": TECHNIQUES[name](src["text"]),
            "lang": src["lang"],
            "labels": src["labels"],
            "split": src["split"],
            "tags": ["evasion", name],
            "source": src["id"],
        })
    return out


def main():
    en = [json.loads(l) for l in (ROOT / "en.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in derive(en))
    (ROOT / "evasion.jsonl").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
