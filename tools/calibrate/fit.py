#!/usr/bin/env python3
"""Fits Platt scaling for the local models' categories on the dev split of
the labelled set, so that a score is a calibrated probability and one
threshold means the same for every category (issue #19).

Standard library only (any Python 3.8+): nothing to pin but the data.

    # a modd of the commit to calibrate on 127.0.0.1:8000, any client key
    for l in en ru fr es de pt; do
        modctl classify --file data/eval/$l.jsonl --json > /tmp/$l-classified.jsonl
    done
    python3 tools/calibrate/fit.py $(for l in en ru fr es de pt; do
        echo /tmp/$l-classified.jsonl data/eval/$l.jsonl; done) > daemon/models/calibration.json
    sha256sum daemon/models/calibration.json   # into classify/calibration.rs and daemon/models/README.md

The input is the models' raw outputs (the `raw` of each classifier in
`classify`, which calibration never changes), so refitting on a daemon
that already calibrates gives the same file. Only the `dev` split is used:
the test split is for measuring. Give (classified, labelled) pairs, one per
language: each model is fitted on the lines it scored (the engine skips a
model on text in a language it does not cover).

Platt (1999): p' = 1 / (1 + exp(-(a * logit(p) + b))), fitted by Newton's
method on the cross-entropy with Platt's smoothed targets
(N+ + 1) / (N+ + 2) and 1 / (N- + 2), which keep a and b finite on
separable data.
"""

import json
import math
import sys

# (classifier, category, how its score comes from the raw outputs, the labels
# that make a positive, the language of the lines it is fitted on: a line of
# another language that the detector took for this one is not what the
# model was trained for, and would move a model's calibration whenever
# another language's coverage changes)
CATEGORIES = [
    ("alt-profanity-check", "profanity", lambda r: r["profanity"], ["profanity"], "en"),
    ("hatesonar", "hate", lambda r: r["hate_speech"], ["hate"], "en"),
    # toxicity = "rude or offensive in any way": insults, hate or swearing.
    (
        "hatesonar",
        "toxicity",
        lambda r: min(1.0, r["hate_speech"] + r["offensive_language"]),
        ["harassment", "hate", "profanity"],
        "en",
    ),
    # toxicityclassifier's Russian model: "toxic" comments, the same union.
    (
        "toxicityclassifier-ru",
        "toxicity",
        lambda r: r["toxic"],
        ["harassment", "hate", "profanity"],
        "ru",
    ),
] + [
    # The profanity lexicons: n matches score n / (n + 1) before calibration.
    (
        f"profanity-lexicon-{language}",
        "profanity",
        lambda r: r["matches"] / (r["matches"] + 1),
        ["profanity"],
        lang,
    )
    for language, lang in (("deu", "de"), ("fra", "fr"), ("por", "pt"), ("rus", "ru"), ("spa", "es"))
]

EPS = 1e-6


def logit(p):
    p = min(max(p, EPS), 1 - EPS)
    return math.log(p / (1 - p))


def sigmoid(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def loss(xs, ts, a, b):
    total = 0.0
    for x, t in zip(xs, ts):
        p = min(max(sigmoid(a * x + b), 1e-15), 1 - 1e-15)
        total -= t * math.log(p) + (1 - t) * math.log(1 - p)
    return total


def platt(xs, ys):
    """(a, b) minimising the cross-entropy of sigmoid(a x + b) on Platt's
    targets: Newton steps, halved while they do not lower the loss."""
    pos = sum(ys)
    neg = len(ys) - pos
    hi, lo = (pos + 1) / (pos + 2), 1 / (neg + 2)
    ts = [hi if y else lo for y in ys]
    a, b = 1.0, 0.0
    current = loss(xs, ts, a, b)
    for _ in range(200):
        ga = gb = haa = hab = hbb = 0.0
        for x, t in zip(xs, ts):
            p = sigmoid(a * x + b)
            d = p - t
            w = max(p * (1 - p), 1e-12)
            ga += d * x
            gb += d
            haa += w * x * x
            hab += w * x
            hbb += w
        haa += 1e-9
        hbb += 1e-9
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        step = 1.0
        while step > 1e-10:
            na, nb = a - step * da, b - step * db
            new = loss(xs, ts, na, nb)
            if new <= current:
                break
            step /= 2
        else:
            break
        if current - new < 1e-12:
            a, b, current = na, nb, new
            break
        a, b, current = na, nb, new
    return a, b


def load(classified, labelled):
    """(labelled row, classify result) of every line of one language."""
    rows = [json.loads(l) for l in open(labelled, encoding="utf-8") if l.strip()]
    results = {}
    for l in open(classified, encoding="utf-8"):
        if l.strip():
            r = json.loads(l)
            results[r["line"]] = r
    return [(row, results[line]) for line, row in enumerate(rows, start=1)]


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit("usage: fit.py CLASSIFIED LABELLED [CLASSIFIED LABELLED ...]")
    pairs = list(zip(args[::2], args[1::2]))
    lines = [x for c, l in pairs for x in load(c, l)]
    out = []
    for classifier, category, score, labels, lang in CATEGORIES:
        xs, ys, versions = [], [], set()
        for row, result in lines:
            if row.get("split") != "dev" or row.get("lang") != lang:
                continue
            run = next(
                (c for c in result["classifiers"] if c["classifier"] == classifier),
                None,
            )
            if run is None or run.get("skipped") or run.get("error"):
                continue  # not scored (detected as another language)
            # The model's own version, as a calibrating daemon records it too.
            versions.add(run["model_version"].split("+platt:")[0])
            xs.append(logit(score(run["raw"])))
            ys.append(int(any(row["labels"].get(k) for k in labels)))
        a, b = platt(xs, ys)
        out.append({
            "classifier": classifier,
            "model_version": versions.pop() if len(versions) == 1 else sys.exit(f"{classifier}: versions {versions}"),
            "category": category,
            "positives_are": labels,
            "a": a,
            "b": b,
            "examples": len(xs),
            "positives": sum(ys),
        })
    doc = {
        "format": "modd-calibration/v1",
        "method": "platt: p' = 1 / (1 + exp(-(a * ln(p / (1 - p)) + b))), p clamped to [1e-6, 1 - 1e-6]",
        "fitted_on": ", ".join(l for _, l in pairs) + ", split dev",
        "tool": "tools/calibrate/fit.py",
        "categories": out,
    }
    json.dump(doc, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
