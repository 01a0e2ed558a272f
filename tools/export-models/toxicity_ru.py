"""Export the Russian model of toxicityclassifier 1.0.1 and its golden outputs.

The package (MIT, Dmitry Filinov) ships two pickled scikit-learn 1.0.2
pipelines; only the Russian one is ported (the engine covers English with
other models). Its own preprocessing runs before the vectorizer:

    s.strip().lower(), drop every `string.punctuation` char,
    nltk.word_tokenize(s, "russian"), drop NLTK's Russian stop words,
    NLTK SnowballStemmer("russian") on each token, " ".join(tokens)

then `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))` and a
liblinear `LogisticRegression`. The Rust port is
`daemon/src/classify/models/toxicity_ru/`.

Two things the reference needs besides pip packages:

- NLTK's `stopwords` corpus (from the nltk_data repository; `NLTK_DATA`
  must point at a directory holding `corpora/stopwords/russian`). Its sha256
  is checked: the list is exported into the model file.
- A Punkt model for `word_tokenize`. The text reaching it has no `.`, `?`
  or `!` (all of `string.punctuation` is removed first), and Punkt only
  considers a sentence break at those characters, so its learned parameters
  are never consulted: this script registers an empty `punkt_tab/russian`
  model in a temp dir and asserts the no-break property on every input.

The golden file comes from the package under the scikit-learn it was
pickled with, 1.0.2 (Python 3.10: requirements-toxicity-crosscheck.txt).
scikit-learn 1.9.1 (requirements-toxicity.txt, used for `export`) unpickles
the 1.0.2 `TfidfTransformer` without its idf: 1.0.2 kept it in
`_idf_diag`, 1.9.1 looks for `idf_` and silently skips the weighting when
it is absent, so `Reference` restores `idf_` from `_idf_diag`. Even then
1.9.1 sums in ascending feature order where 1.0.2 (a product with a sparse
diagonal matrix) sums in descending order; `crosscheck` under 1.9.1 shows
the few-ulp difference.

Usage:
  python toxicity_ru.py export [OUT_DIR]     # toxicity-ru.bin + licence
  python toxicity_ru.py golden [OUT_FILE]    # golden/toxicity-ru.jsonl (sklearn 1.0.2)
  python toxicity_ru.py crosscheck [GOLDEN]  # the other scikit-learn against it
  python toxicity_ru.py measure              # dev-split AUC, Russian and English models
"""

import hashlib
import importlib.metadata as md
import json
import os
import string
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "daemon" / "models"
COPYRIGHT = "Copyright (c) 2023-present Dmitry Filinov"
NLTK_NOTICE = """\
toxicity-ru.bin and daemon/src/classify/models/toxicity_ru/ contain parts of
NLTK (https://www.nltk.org), Apache License 2.0 (LICENSE.txt here):

- the Russian Snowball stemmer of nltk/stem/snowball.py (nltk 3.10.4),
  "Copyright (C) 2001-2026 NLTK Project", author Peter Michael Stahl,
  algorithm by Dr Martin Porter, ported to Rust with its suffix lists;
- the rules of NLTK's word tokenizer (nltk/tokenize/destructive.py) that
  the port keeps;
- the Russian list of NLTK's stopwords corpus (nltk_data), which its README
  says was obtained from PostgreSQL's Snowball stop-word files.
"""
STOPWORDS_SHA256 = "1743191192b4a4f77fcc216499455dc00c1b8626fdd407076a8deefff80e3d59"


def _prepare_nltk():
    """Checks the stop-word list and registers the empty Punkt model."""
    roots = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    found = [r / "corpora" / "stopwords" / "russian" for r in roots]
    found = [f for f in found if f.is_file()]
    assert found, "set NLTK_DATA to a directory with corpora/stopwords/russian (nltk_data)"
    digest = hashlib.sha256(found[0].read_bytes()).hexdigest()
    assert digest == STOPWORDS_SHA256, f"unexpected Russian stop-word list {digest}"
    base = Path(tempfile.mkdtemp(prefix="modd-punkt-"))
    for lang in ["russian", "english"]:  # english: only `measure` uses it
        punkt = base / "tokenizers" / "punkt_tab" / lang
        punkt.mkdir(parents=True)
        for name in ["collocations.tab", "sent_starters.txt", "abbrev_types.txt", "ortho_context.tab"]:
            (punkt / name).write_text("")
    os.environ["NLTK_DATA"] = os.pathsep.join([str(base)] + [str(r) for r in roots])
    import nltk

    nltk.data.path[:0] = [str(base)] + [str(r) for r in roots]


class Reference:
    """The package's own Russian path, called through its private methods so
    that every corpus string takes it (the package's gate would send Latin
    text to its English model)."""

    def __init__(self):
        _prepare_nltk()
        warnings.simplefilter("ignore")  # InconsistentVersionWarning: handled below
        import sklearn
        import toxicityclassifier

        self.clf = toxicityclassifier.ToxicityClassificatorV1()
        self.vec = self.clf._ToxicityClassificatorV1__russian_vectorizer
        self.model = self.clf._ToxicityClassificatorV1__russian_model
        self.restored_idf = False
        tfidf = self.vec._tfidf
        if sklearn.__version__ != "1.0.2" and "idf_" not in tfidf.__dict__:
            # See the module doc: give newer scikit-learn the idf it ignores.
            tfidf.idf_ = tfidf._idf_diag.diagonal().copy()
            self.restored_idf = True

    def preprocess(self, text: str) -> str:
        out = self.clf._ToxicityClassificatorV1__russian_tokenizer(text)
        return out

    def predict(self, texts):
        from nltk.tokenize import sent_tokenize

        prepared = []
        for t in texts:
            p = self.preprocess(t)
            prepared.append(p)
        stripped = ["".join(c for c in t.strip().lower() if c not in string.punctuation) for t in texts]
        for s in stripped:
            assert not any(c in s for c in ".?!") and len(sent_tokenize(s, "russian")) <= 1
        probs = self.model.predict_proba(self.vec.transform(prepared))[:, 1]
        return prepared, [float(p) for p in probs]


def export(out: Path):
    import tables
    from modd_format import Writer

    ref = Reference()
    vec, model = ref.vec, ref.model
    assert type(vec).__name__ == "TfidfVectorizer" and vec.analyzer == "char_wb"
    assert vec.ngram_range == (2, 4) and vec.lowercase and not vec.binary
    assert vec.preprocessor is None and vec.tokenizer is None and vec.strip_accents is None
    t = vec._tfidf
    assert t.norm == "l2" and t.use_idf and t.smooth_idf and not t.sublinear_tf
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    assert [i for _, i in vocab] == list(range(len(vocab)))
    idf = [float(x) for x in t._idf_diag.diagonal()]
    assert type(model).__name__ == "LogisticRegression" and list(model.classes_) == [0, 1]
    assert model.coef_.shape == (1, len(vocab)) and model.intercept_.shape == (1,)
    from nltk.corpus import stopwords

    stop = stopwords.words("russian")
    ign, cased = tables.final_sigma_tables()
    w = Writer()
    w.meta({
        "format": "toxicityclassifier-ru/v1",
        "model": "toxicityclassifier",
        "version": md.version("toxicityclassifier"),
        "sklearn_pickled": "1.0.2",
        "nltk": md.version("nltk"),
        "license": "MIT",
        "copyright": COPYRIGHT,
        "vectorizer": {"analyzer": "char_wb", "ngram_range": [2, 4], "norm": "l2"},
        "tokenizer": tables.describe(),
    })
    w.ranges("WCHR", tables.word_char_ranges())
    w.lower_map(tables.lower_map())
    w.ranges("CIGN", ign)
    w.ranges("CASD", cased)
    w.ranges("SPCE", tables.space_ranges())
    w.terms("STOP", stop)
    w.terms("VOCB", [g for g, _ in vocab])
    w.dict_floats("IDF8", idf, "d")
    w.matrix("COEF", [[float(x) for x in model.coef_[0]]], "d")
    w.floats("ICPT", [float(model.intercept_[0])], "d")
    (out / "toxicity-ru.bin").write_bytes(w.bytes())
    files = [f for f in md.files("toxicityclassifier") if f.name == "LICENSE.md"]
    assert len(files) == 1
    text = files[0].read_text()
    assert COPYRIGHT in text and "MIT License" in text
    (out / "LICENSES").mkdir(exist_ok=True)
    (out / "LICENSES" / "toxicityclassifier.txt").write_text(text)
    nltk_lic = [f for f in md.files("nltk") if f.name == "LICENSE.txt"]
    assert len(nltk_lic) == 1 and "Apache License" in nltk_lic[0].read_text()
    (out / "LICENSES" / "nltk").mkdir(exist_ok=True)
    (out / "LICENSES" / "nltk" / "LICENSE.txt").write_text(nltk_lic[0].read_text())
    (out / "LICENSES" / "nltk" / "NOTICE").write_text(NLTK_NOTICE)
    print(f"toxicity-ru.bin: {(out / 'toxicity-ru.bin').stat().st_size} bytes, {len(vocab)} n-grams")


def golden(path: Path):
    import corpus_ru

    ref = Reference()
    assert not ref.restored_idf, "golden needs the package's scikit-learn, 1.0.2"
    texts = corpus_ru.build()
    prepared, probs = ref.predict(texts)
    with path.open("w", encoding="utf-8") as f:
        meta = {"kind": "meta", "seed": corpus_ru.SEED, "count": len(texts), "restored_idf": ref.restored_idf,
                "packages": {p: md.version(p) for p in ["toxicityclassifier", "scikit-learn", "nltk", "numpy"]},
                "python": sys.version.split()[0]}
        f.write(json.dumps(meta, sort_keys=True) + "\n")
        for t, p, q in zip(texts, prepared, probs):
            f.write(json.dumps({"text": t, "prepared": p, "p": q}, ensure_ascii=False) + "\n")
    toxic = sum(q >= 0.5 for q in probs)
    print(f"{len(texts)} strings -> {path} ({path.stat().st_size} bytes); {toxic} with p >= 0.5")


def crosscheck(path: Path):
    """Runs the package under this interpreter's scikit-learn on the golden
    texts and prints how far it is from the golden file."""
    ref = Reference()
    rows = [json.loads(line) for line in path.open(encoding="utf-8")][1:]
    prepared, probs = ref.predict([r["text"] for r in rows])
    diffs = [abs(p - r["p"]) for p, r in zip(probs, rows)]
    prep_diff = [r["text"] for p, r in zip(prepared, rows) if p != r["prepared"]]
    exact = sum(p == r["p"] for p, r in zip(probs, rows))
    print(f"python {sys.version.split()[0]}, scikit-learn {md.version('scikit-learn')}, restored idf "
          f"{ref.restored_idf}: {exact}/{len(rows)} bit-exact, max abs diff {max(diffs):e}, "
          f"{len(prep_diff)} preprocessing differences {[t[:40] for t in prep_diff[:5]]}")


def auc(xs, ys):
    """Probability that a positive outscores a negative (ties count half)."""
    pos = [x for x, y in zip(xs, ys) if y]
    neg = [x for x, y in zip(xs, ys) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


def measure():
    """Dev-split AUC of the package's Russian and English models on the
    Russian and English lines of data/eval (the figures behind serving the
    Russian model only). Only measures: nothing is fitted."""
    ref = Reference()
    clf = ref.clf
    en_vec = clf._ToxicityClassificatorV1__english_vectorizer
    en_model = clf._ToxicityClassificatorV1__english_model
    if ref.restored_idf:
        en_vec._tfidf.idf_ = en_vec._tfidf._idf_diag.diagonal().copy()
    english = clf._ToxicityClassificatorV1__english_tokenizer
    labels = [("harassment", "hate", "profanity"), ("profanity",), ("harassment",), ("hate",)]
    for name in ["ru", "en"]:
        rows = [json.loads(line) for line in (REPO / "data" / "eval" / f"{name}.jsonl").open(encoding="utf-8")]
        rows = [r for r in rows if r["split"] == "dev"]
        texts = [r["text"] for r in rows]
        _, ru_p = ref.predict(texts)
        en_p = [float(p) for p in en_model.predict_proba(en_vec.transform([english(t) for t in texts]))[:, 1]]
        for cats in labels:
            ys = [int(any(r["labels"][c] for c in cats)) for r in rows]
            print(f"{name} dev {'|'.join(cats)}: {len(ys)} lines, {sum(ys)} positives; "
                  f"AUC Russian model {auc(ru_p, ys):.3f}, English model {auc(en_p, ys):.3f}")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "export"
    arg = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    if cmd == "export":
        export(arg or DEFAULT_OUT)
    elif cmd == "golden":
        golden(arg or DEFAULT_OUT / "golden" / "toxicity-ru.jsonl")
    elif cmd == "crosscheck":
        crosscheck(arg or DEFAULT_OUT / "golden" / "toxicity-ru.jsonl")
    elif cmd == "measure":
        measure()
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
