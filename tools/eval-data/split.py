#!/usr/bin/env python3
"""The labelled evaluation set (data/eval/*.jsonl): its split and its counts.

    split.py check  [--min N] [--langs en,fr]   # structure, split, counts (a test runs it)
    split.py assign                             # give new lines a split, leave the rest

The split is fixed once: a line keeps the split it was given, so the test
split is never used for training or calibration. New lines get one by
`assign`, deterministically (by the SHA-256 of their id) and stratified:
within each (language, primary category) stratum the line goes where the
60/20/20 train/dev/test shares are most behind. Evasion lines (with a
`source` id) take their source's split, so a variant of a training line is
never tested on. Standard library only.
"""

import argparse
import hashlib
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "data" / "eval"
CATEGORIES = [
    "harassment", "harassment_threatening", "hate", "hate_threatening",
    "self_harm", "self_harm_intent", "self_harm_instructions",
    "sexual", "sexual_minors", "violence", "violence_graphic",
    "illicit", "profanity",
]
# A subcategory's positives are positives of its parent.
PARENT = {
    "harassment_threatening": "harassment",
    "hate_threatening": "hate",
    "self_harm_intent": "self_harm",
    "self_harm_instructions": "self_harm",
    "sexual_minors": "sexual",
    "violence_graphic": "violence",
}
# The stratum of a line is its most specific positive category.
SPECIFIC_FIRST = [
    "sexual_minors", "self_harm_instructions", "self_harm_intent",
    "hate_threatening", "harassment_threatening", "violence_graphic",
    "illicit", "sexual", "self_harm", "hate", "harassment", "violence",
    "profanity",
]
SHARES = {"train": 0.6, "dev": 0.2, "test": 0.2}
FIELDS = {"id", "text", "lang", "labels", "split", "tags", "source"}


def load():
    files = sorted(ROOT.glob("*.jsonl"))
    rows = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append((path, n, json.loads(line)))
    return files, rows


def stratum(row):
    positive = [c for c in SPECIFIC_FIRST if row["labels"].get(c) == 1]
    if positive:
        return (row["lang"], positive[0])
    return (row["lang"], "none:" + (row.get("tags") or ["plain"])[0])


def order(row):
    return hashlib.sha256(row["id"].encode()).hexdigest()


def normalise(text):
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check(rows):
    errors = []
    ids, texts = {}, {}
    for path, n, row in rows:
        where = f"{path.name}:{n}"
        unknown = set(row) - FIELDS
        if unknown:
            errors.append(f"{where}: unknown fields {sorted(unknown)}")
        for field in ("id", "text", "lang", "split"):
            if not isinstance(row.get(field), str) or not row[field].strip():
                errors.append(f"{where}: {field} must be a non-empty string")
        if row.get("split") not in SHARES:
            errors.append(f"{where}: split must be one of {sorted(SHARES)}")
        labels = row.get("labels", {})
        if sorted(labels) != sorted(CATEGORIES) or any(v not in (0, 1) for v in labels.values()):
            errors.append(f"{where}: labels must give 0 or 1 for each of {CATEGORIES}")
            continue
        for child, parent in PARENT.items():
            if labels[child] == 1 and labels[parent] != 1:
                errors.append(f"{where}: {child} without {parent}")
        if not isinstance(row.get("tags", []), list):
            errors.append(f"{where}: tags must be a list")
        if row["id"] in ids:
            errors.append(f"{where}: id {row['id']} also at {ids[row['id']]}")
        ids[row["id"]] = where
        key = normalise(row["text"])
        if "source" not in row:
            if key in texts:
                errors.append(f"{where}: same text as {texts[key]}")
            texts[key] = where
    by_id = {row["id"]: row for _, _, row in rows}
    strata = defaultdict(Counter)
    for path, n, row in rows:
        if "source" in row:
            src = by_id.get(row["source"])
            if src is None:
                errors.append(f"{path.name}:{n}: source {row['source']} not found")
            elif src.get("split") != row.get("split"):
                errors.append(f"{path.name}:{n}: split differs from its source's")
            continue
        if "labels" in row and "lang" in row:
            strata[stratum(row)][row.get("split")] += 1
    errors.extend(check_evasion(rows))
    for key, counts in sorted(strata.items()):
        total = sum(counts.values())
        for split, share in SHARES.items():
            if abs(counts[split] - share * total) > 1.0:
                errors.append(f"stratum {key}: {counts[split]} {split} of {total}, not ~{share:.0%}")
    return errors


def check_evasion(rows):
    """evasion.jsonl must be what evasion.py derives from en.jsonl today."""
    from evasion import derive  # the same directory

    en = [row for path, _, row in rows if path.name == "en.jsonl"]
    have = [row for path, _, row in rows if path.name == "evasion.jsonl"]
    if have and have != derive(en):
        return ["evasion.jsonl is stale: run tools/eval-data/evasion.py"]
    return []


def counts(rows):
    """language -> category -> positives, and language -> line count."""
    pos, lines = defaultdict(Counter), Counter()
    for _, _, row in rows:
        lang = row["lang"] + ("+evasion" if "source" in row else "")
        lines[lang] += 1
        for c in CATEGORIES:
            pos[lang][c] += row["labels"].get(c, 0)
        if not any(row["labels"].get(c) for c in CATEGORIES):
            pos[lang]["(negatives)"] += 1
    return pos, lines


def print_counts(rows):
    pos, lines = counts(rows)
    langs = sorted(lines)
    print("positives per category" + "".join(f"{l:>11}" for l in langs))
    for c in CATEGORIES + ["(negatives)"]:
        print(f"{c:<22}" + "".join(f"{pos[l][c]:>11}" for l in langs))
    print(f"{'lines':<22}" + "".join(f"{lines[l]:>11}" for l in langs))
    return pos


def assign(files, rows):
    by_id = {row["id"]: row for _, _, row in rows}
    strata = defaultdict(list)
    for _, _, row in rows:
        if "source" not in row:
            strata[stratum(row)].append(row)
    for members in strata.values():
        have = Counter(r["split"] for r in members if r.get("split"))
        for row in sorted((r for r in members if not r.get("split")), key=order):
            total = sum(have.values()) + 1
            split = max(SHARES, key=lambda s: (SHARES[s] * total - have[s], -list(SHARES).index(s)))
            row["split"] = split
            have[split] += 1
    for _, _, row in rows:
        if "source" in row and not row.get("split") and row["source"] in by_id:
            row["split"] = by_id[row["source"]]["split"]
    for path in files:
        mine = [row for p, _, row in rows if p == path]
        text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in mine)
        path.write_text(text, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate structure, split and counts")
    c.add_argument("--min", type=int, default=0, help="positives required per category")
    c.add_argument("--langs", default="", help="comma-separated languages held to --min")
    sub.add_parser("assign", help="give lines without a split one")
    args = parser.parse_args()
    files, rows = load()
    if args.cmd == "assign":
        assign(files, rows)
        return 0
    errors = check(rows)
    pos = print_counts(rows)
    for lang in filter(None, args.langs.split(",")):
        for cat in CATEGORIES:
            if pos[lang][cat] < args.min:
                errors.append(f"{lang}: {pos[lang][cat]} positives of {cat}, fewer than {args.min}")
    for e in errors:
        print("error:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
