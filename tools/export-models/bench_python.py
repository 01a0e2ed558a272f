"""Throughput of the ORIGINAL packages on the strings the Rust bench uses
(daemon/benches/models.rs): golden texts of <= 280 chars, and the 64 KiB text.

Run pinned to one core, with hatesonar's locale workaround:
  LOCPATH=/tmp/modd-locale OMP_NUM_THREADS=1 taskset -c 0 python bench_python.py

`--batch-only N` prints only the best of N runs of profanity_check's batch
`predict_prob(list)` as texts/s (for tools/bench/profanity_vs_sklearn.sh).
"""

import json
import sys
import time
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent.parent / "daemon" / "models" / "golden" / "golden.jsonl"


def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def rate(name, n, fn, repeat=3):
    best = min(timed(fn) for _ in range(repeat))
    print(f"{name}: {n / best:,.0f} texts/s ({best * 1e6 / n:.1f} us/text, best of {repeat})")


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def percentiles(name, runs, fn):
    times = sorted(timed(fn) for _ in range(runs))
    p = lambda q: times[min(int(runs * q), runs - 1)] * 1e3
    print(f"{name}: p50 {p(0.5):.2f} ms p99 {p(0.99):.2f} ms max {times[-1] * 1e3:.2f} ms ({runs} runs)")


def main():
    # Split on \n only: str.splitlines would also split at the raw U+2028s in the texts.
    lines = GOLDEN.read_text(encoding="utf-8").rstrip("\n").split("\n")[1:]  # [0]: metadata
    texts = [json.loads(l)["text"] for l in lines]
    short = [t for t in texts if len(t) <= 280]
    long = next(t for t in texts if len(t.encode()) == 64 * 1024)
    if sys.argv[1:2] == ["--batch-only"]:
        from profanity_check import predict_prob

        predict_prob(short[:10])
        best = min(timed(lambda: predict_prob(short)) for _ in range(int(sys.argv[2])))
        print(f"{len(short) / best:.0f}")
        return
    print(f"{len(short)} short texts, one {len(long.encode())} B text")

    r0 = rss_kib()
    from profanity_check import predict_prob
    r1 = rss_kib()
    from hatesonar import Sonar
    sonar = Sonar()
    r2 = rss_kib()
    print(f"memory: profanity_check import+load RSS +{r1 - r0} KiB; hatesonar import+session RSS +{r2 - r1} KiB")

    predict_prob(short[:10]), sonar.ping("warm up")
    rate("profanity predict_prob(list), batch", len(short), lambda: predict_prob(short))
    few = short[:300]
    rate("profanity predict_prob([t]) per text", len(few), lambda: [predict_prob([t]) for t in few], repeat=1)
    rate("hatesonar Sonar().ping per text", len(short), lambda: [sonar.ping(t) for t in short])
    rate("both, per text", len(few), lambda: [(predict_prob([t]), sonar.ping(t)) for t in few], repeat=1)
    percentiles("64KiB profanity", 50, lambda: predict_prob([long]))
    percentiles("64KiB hatesonar", 50, lambda: sonar.ping(long))
    percentiles("64KiB both", 50, lambda: (predict_prob([long]), sonar.ping(long)))


if __name__ == "__main__":
    main()
