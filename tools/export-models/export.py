"""Export alt-profanity-check 1.9.1 and hatesonar 0.1.0 to MODDMDL1 files.

Reads the packages' own files (profanity_check/data/*.joblib and
hatesonar/model/model.onnx) and writes daemon/models/*.bin plus the MIT
notices. Every assumption the Rust port relies on is asserted here, so a
different package version fails loudly instead of exporting a model that
the port would compute differently.

Usage: python export.py [OUT_DIR]   (default: ../../daemon/models)
"""

import importlib.metadata as md
import shutil
import sys
from importlib import resources
from pathlib import Path

import joblib
import numpy as np
import onnx
from onnx import numpy_helper

import tables
from modd_format import Writer

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent.parent / "daemon" / "models"

PROFANITY_COPYRIGHT = "Copyright (c) 2018 Victor Zhou, 2021 Menelaos Kotoglou, and Dimitrios Mistriotis"
HATESONAR_COPYRIGHT = "Copyright (c) 2017 Hiroki Nakayama"


def load_profanity():
    data = resources.files("profanity_check") / "data"
    vec = joblib.load(data / "vectorizer.joblib")
    model = joblib.load(data / "model.joblib")
    return vec, model


def export_profanity(out: Path):
    vec, model = load_profanity()
    assert type(vec).__name__ == "TfidfVectorizer"
    assert vec.analyzer == "word" and vec.lowercase and vec.token_pattern == r"(?u)\b\w\w+\b"
    assert vec.tokenizer is None and vec.preprocessor is None and vec.strip_accents is None
    assert vec.ngram_range == (1, 1) and not vec.binary and vec.norm == "l2"
    assert vec.use_idf and vec.smooth_idf and not vec.sublinear_tf
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    assert [i for _, i in vocab] == list(range(len(vocab)))
    terms = [t for t, _ in vocab]
    # Stop words were removed before the vocabulary was built, so ignoring
    # out-of-vocabulary tokens is enough; no stop-word list is exported.
    assert not set(terms) & set(vec.get_stop_words() or ())
    idf = [float(x) for x in vec.idf_]

    assert type(model).__name__ == "CalibratedClassifierCV" and model.method == "sigmoid"
    assert list(model.classes_) == [0, 1]
    coef, intercept, ab = [], [], []
    for cc in model.calibrated_classifiers_:
        est = cc.estimator
        assert type(est).__name__ == "LinearSVC" and est.coef_.shape == (1, len(terms))
        assert len(cc.calibrators) == 1
        coef.append([float(x) for x in est.coef_[0]])
        intercept.append(float(est.intercept_[0]))
        ab.append((float(cc.calibrators[0].a_), float(cc.calibrators[0].b_)))
    assert len(coef) == 5 and len({tuple(r) for r in coef}) == 5

    ign, cased = tables.final_sigma_tables()
    w = Writer()
    w.meta({
        "format": "profanity-check/v1",
        "model": "alt-profanity-check",
        "version": md.version("alt-profanity-check"),
        "sklearn": md.version("scikit-learn"),
        "license": "MIT",
        "copyright": PROFANITY_COPYRIGHT,
        "tokenizer": {"token_pattern": vec.token_pattern, "min_token_chars": 2, "ngram_range": [1, 1],
                      **tables.describe()},
    })
    w.ranges("WCHR", tables.word_char_ranges())
    w.lower_map(tables.lower_map())
    w.ranges("CIGN", ign)
    w.ranges("CASD", cased)
    w.terms("VOCB", terms)
    w.dict_floats("IDF8", idf, "d")
    w.matrix("COEF", coef, "d")
    w.floats("ICPT", intercept, "d")
    w.floats("SIGM", [v for pair in ab for v in pair], "d")
    (out / "profanity-check.bin").write_bytes(w.bytes())


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def export_hatesonar(out: Path):
    path = resources.files("hatesonar") / "model" / "model.onnx"
    m = onnx.load(str(path))
    ops = [n.op_type for n in m.graph.node]
    assert ops == ["Reshape", "StringNormalizer", "Tokenizer", "Flatten", "TfIdfVectorizer", "Mul",
                   "Normalizer", "LinearClassifier", "Cast", "Normalizer", "ZipMap"], ops
    nodes = {n.op_type: n for n in m.graph.node}
    sn = attrs(nodes["StringNormalizer"])
    assert sn["case_change_action"] == b"LOWER" and "locale" not in sn and "stopwords" not in sn
    tok = attrs(nodes["Tokenizer"])
    assert tok["tokenexp"] == b"[a-zA-Z0-9_]+" and tok["mark"] == 0
    tf = attrs(nodes["TfIdfVectorizer"])
    assert tf["mode"] == b"TF" and tf["min_gram_length"] == 1 and tf["max_gram_length"] == 1
    pool = [s.decode() for s in tf["pool_strings"]]
    assert list(tf["ngram_indexes"]) == list(range(len(pool))) and pool == sorted(pool)
    assert all(t.isascii() for t in pool)
    idf = numpy_helper.to_array([i for i in m.graph.initializer if i.name == "idfcst"][0])
    assert idf.dtype == np.float32 and idf.shape == (len(pool),)
    norms = [attrs(n)["norm"] for n in m.graph.node if n.op_type == "Normalizer"]
    assert norms == [b"L2", b"L1"]
    lc = attrs(nodes["LinearClassifier"])
    assert lc["post_transform"] == b"SOFTMAX" and list(lc["classlabels_ints"]) == [0, 1, 2]
    coef = np.array(lc["coefficients"], dtype=np.float32).reshape(3, len(pool))
    intercepts = np.array(lc["intercepts"], dtype=np.float32)
    nz = [int(j) for j in np.nonzero(np.any(coef != 0, axis=0))[0]]

    w = Writer()
    w.meta({
        "format": "hatesonar/v1",
        "model": "hatesonar",
        "version": md.version("hatesonar"),
        "producer": f"{m.producer_name} {m.producer_version}",
        "opsets": {o.domain or "ai.onnx": o.version for o in m.opset_import},
        "license": "MIT",
        "copyright": HATESONAR_COPYRIGHT,
        "classes": ["hate_speech", "offensive_language", "neither"],
    })
    w.terms("POOL", pool)
    w.dict_floats("IDF4", [float(x) for x in idf], "f")
    w.floats("ICPT", [float(x) for x in intercepts], "f")
    w.sparse_rows("SPRS", nz, [[float(coef[k, j]) for k in range(3)] for j in nz])
    (out / "hatesonar.bin").write_bytes(w.bytes())


def copy_licenses(out: Path):
    lic = out / "LICENSES"
    lic.mkdir(exist_ok=True)
    for dist, name, notice in [("alt-profanity-check", "alt-profanity-check", PROFANITY_COPYRIGHT),
                               ("hatesonar", "hatesonar", HATESONAR_COPYRIGHT)]:
        files = [f for f in md.files(dist) if f.name == "LICENSE"]
        assert len(files) == 1, files
        text = files[0].read_text()
        assert notice in text and "MIT License" in text
        (lic / f"{name}.txt").write_text(text)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    export_profanity(out)
    export_hatesonar(out)
    copy_licenses(out)
    for f in sorted(out.glob("*.bin")):
        print(f"{f.name}: {f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
