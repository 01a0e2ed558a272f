#!/usr/bin/env python3
"""Builds `daemon/models/profanity-lexicons.json`, the profanity lexicons of
French, Spanish, German, Portuguese and Russian (issue #19), from npm's
naughty-words 1.2.0 (CC-BY-4.0) and the project's edits in
`lexicon-edits.json` (what is dropped and why, what is added).

Standard library only. Downloads the pinned tarball unless given one, and
refuses it unless its sha256 is the pinned one:

    python3 tools/export-models/lexicons.py [naughty-words-1.2.0.tgz]
    sha256sum daemon/models/profanity-lexicons.json   # into classify/lexicon.rs

Every entry is stored folded exactly as `daemon/src/classify/lexicon.rs`
folds a word of the text (lower case, diacritics removed, ß → ss) and split
into words on every char that is not alphanumeric: a one-word entry is a
`word`, a longer one a `phrase`; `stems` match words that start with them.
The output is deterministic (sorted), so running twice gives the same file.
"""

import hashlib
import io
import json
import pathlib
import sys
import tarfile
import unicodedata
import urllib.request

URL = "https://registry.npmjs.org/naughty-words/-/naughty-words-1.2.0.tgz"
SHA256 = "c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e"
HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "daemon/models/profanity-lexicons.json"
LICENSE_OUT = ROOT / "daemon/models/LICENSES/naughty-words.txt"


def fold(word):
    """Lower case, canonical decomposition with the combining marks dropped,
    ß as ss: the key both sides compare (the text is NFKC already)."""
    out = []
    for c in unicodedata.normalize("NFKC", word).lower():
        if c == "ß":
            out.append("ss")
            continue
        out.extend(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
    return "".join(out)


def words_of(entry):
    """The entry's words: runs of alphanumeric chars, folded."""
    words, cur = [], []
    for c in fold(entry):
        if c.isalnum():
            cur.append(c)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


def tarball(argv):
    data = pathlib.Path(argv[1]).read_bytes() if len(argv) > 1 else urllib.request.urlopen(URL).read()
    got = hashlib.sha256(data).hexdigest()
    if got != SHA256:
        sys.exit(f"naughty-words tarball sha256 {got}, expected {SHA256}")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def main():
    tar = tarball(sys.argv)
    edits_bytes = (HERE / "lexicon-edits.json").read_bytes()
    edits = json.loads(edits_bytes)
    version = "naughty-words-1.2.0+edits." + hashlib.sha256(edits_bytes).hexdigest()[:8]
    languages = {}
    for code, e in sorted(edits["languages"].items()):
        listed = json.load(tar.extractfile(f"package/{e['list']}.json"))
        dropped = {fold(w) for ws in e["drop"].values() for w in ws}
        unknown = dropped - {fold(w) for w in listed}
        if unknown:
            sys.exit(f"{code}: dropping words the list does not have: {sorted(unknown)}")
        entries = [w for w in listed if fold(w) not in dropped] + e["add"]
        words, phrases = set(), set()
        for entry in entries:
            ws = words_of(entry)
            if len(ws) == 1:
                words.add(ws[0])
            elif ws:
                phrases.add(tuple(ws))
        stems = set()
        for s in e["stems"]:
            ws = words_of(s)
            if len(ws) != 1 or len(ws[0]) < 3:
                sys.exit(f"{code}: stem {s!r} is not one word of 3 chars or more (the matcher indexes stems by 3)")
            stems.add(ws[0])
        languages[code] = {
            "words": sorted(words),
            "phrases": sorted(list(p) for p in phrases),
            "stems": sorted(stems),
        }
    doc = {
        "format": "modd-lexicons/v1",
        "version": version,
        "source": f"naughty-words 1.2.0 (npm, {URL}, sha256 {SHA256}), edited by tools/export-models/lexicon-edits.json",
        "license": "CC-BY-4.0 (naughty-words, Shutterstock; LICENSES/naughty-words.txt); the edits are modd's",
        "tool": "tools/export-models/lexicons.py",
        "languages": languages,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    LICENSE_OUT.write_bytes(tar.extractfile("package/LICENSE").read())
    print(f"{OUT.relative_to(ROOT)}: {version}, sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
