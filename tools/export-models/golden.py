"""Compute the golden outputs with the ORIGINAL packages.

profanity: profanity_check.predict_prob (sklearn); hatesonar: Sonar().ping
(onnxruntime). hatesonar needs the en_US.UTF-8 locale: run via run.sh,
which compiles it into a temp dir and sets LOCPATH.

Output: daemon/models/golden/golden.jsonl, first line is metadata, then one
record per string: {"text", "profanity", "hatesonar": [h, o, n], "top"}.
hatesonar confidences are float32 values printed as exact f64 reprs.

Usage: python golden.py [OUT_FILE]
"""

import importlib.metadata as md
import json
import sys
from pathlib import Path

import numpy as np

import corpus
from export import DEFAULT_OUT, load_profanity


def hatesonar_parts():
    import onnx
    from importlib import resources

    m = onnx.load(str(resources.files("hatesonar") / "model" / "model.onnx"))
    node = [n for n in m.graph.node if n.op_type == "TfIdfVectorizer"][0]
    pool = [s.decode() for a in node.attribute if a.name == "pool_strings" for s in a.strings]
    lc = [n for n in m.graph.node if n.op_type == "LinearClassifier"][0]
    coef = [onnx.helper.get_attribute_value(a) for a in lc.attribute if a.name == "coefficients"][0]
    return pool, np.array(coef, dtype=np.float32).reshape(3, len(pool))


def build_corpus():
    vec, model = load_profanity()
    pool, coef = hatesonar_parts()
    prof, hate, off, vocab = corpus.strongest_terms(vec, model, pool, coef, 60)
    return corpus.build(prof, hate, off, vocab, pool)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT / "golden" / "golden.jsonl"
    texts = build_corpus()
    from profanity_check import predict_prob
    from hatesonar import Sonar

    prof = predict_prob(texts)
    sonar = Sonar()
    names = ["hate_speech", "offensive_language", "neither"]
    counts = {"profane": 0, **{n: 0 for n in names}}
    with out.open("w", encoding="utf-8") as f:
        meta = {"kind": "meta", "seed": corpus.SEED, "count": len(texts),
                "packages": {p: md.version(p) for p in
                             ["alt-profanity-check", "hatesonar", "scikit-learn", "onnxruntime", "numpy"]}}
        f.write(json.dumps(meta, sort_keys=True) + "\n")
        for text, p in zip(texts, prof):
            r = sonar.ping(text)
            conf = [float(c["confidence"]) for c in r["classes"]]
            assert [c["class_name"] for c in r["classes"]] == names
            counts["profane"] += bool(p > 0.5)
            counts[r["top_class"]] += 1
            f.write(json.dumps({"text": text, "profanity": float(p), "hatesonar": conf, "top": r["top_class"]},
                               ensure_ascii=False) + "\n")
    print(f"{len(texts)} strings -> {out} ({out.stat().st_size} bytes); {counts}")


if __name__ == "__main__":
    main()
