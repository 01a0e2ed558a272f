"""Throughput of toxicityclassifier's own `predict` on the texts the Rust
bench (`daemon/benches/models.rs`, group `short-ru`) uses: the short,
mostly-Cyrillic lines of daemon/models/golden/toxicity-ru.jsonl. One text
per call (the package has no batch API; its preparation is per text).

    NLTK_DATA=... OMP_NUM_THREADS=1 taskset -c 1 python bench_toxicity_ru.py [RUNS]
"""

import json
import sys
import time

import toxicity_ru

SHORT_MAX_CHARS = 280


def texts():
    rows = [json.loads(line) for line in (toxicity_ru.DEFAULT_OUT / "golden" / "toxicity-ru.jsonl").open()][1:]
    out = []
    for r in rows:
        t = r["text"]
        cyrillic = sum("а" <= c <= "я" for c in t)
        if len(t) <= SHORT_MAX_CHARS and cyrillic * 2 > len(t):
            out.append(t)
    return out


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ref = toxicity_ru.Reference()
    clf = ref.clf
    ts = texts()
    best = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        for t in ts:
            clf.predict(t)
        best = max(best, len(ts) / (time.perf_counter() - start))
    print(f"{len(ts)} texts, package predict(t): best of {runs} {best:,.0f} texts/s")


if __name__ == "__main__":
    main()
