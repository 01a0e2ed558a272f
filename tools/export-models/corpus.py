"""Seeded corpus for the golden parity file and the benchmarks.

Same seed, same strings: the corpus is a pure function of SEED and the
models' vocabularies (their strongest terms are used to build insults).
"""

import random

import numpy as np

SEED = 20240611

SPECIALS = [
    "\u0130", "\u212a", "\u1e9e", "\u03a3", "\ufb01", "\u01c5", "\u00b2", "\u2460", "\u24bb",
    "\U0001d41f", "\u200d", "\u00a0", "\ufeff", "\x00", "\u2028",
    # Letters new in Unicode 15/16: Rust's to_lowercase maps them, Python 3.11 does not.
    "\u1c89", "\ua7cb", "\U00010d50",
]

SUBJECTS = ["I", "You", "We", "They", "My neighbour", "The moderator", "This bot", "Everyone here",
            "Your friend", "The team", "Our teacher", "That guy", "She", "He", "The new admin"]
VERBS = ["really like", "hate", "think about", "wrote about", "laughed at", "posted", "shared",
         "can't stand", "agree with", "reported", "deleted", "love", "argued about", "forgot"]
OBJECTS = ["the game last night", "this thread", "your comment", "the new update", "pizza with pineapple",
           "the weather today", "that movie", "the election results", "my cat", "the football match",
           "the price of coffee", "the documentation", "this song", "the meeting notes", "their answer"]
ENDINGS = [".", "!", "?", "...", " :)", " 😂", " lol", "!!!", " #blessed", " 🙄", ""]

SCRIPTS = [
    (0x0041, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x0590, 0x06FF), (0x0900, 0x097F),
    (0x0E00, 0x0E7F), (0xAC00, 0xD7A3), (0x4E00, 0x9FFF), (0xFF01, 0xFF5E), (0x1D400, 0x1D7FF),
    (0x1F300, 0x1FAFF), (0x0300, 0x036F), (0x2000, 0x2BFF), (0x1C80, 0x1CFF), (0xA700, 0xA7FF),
    (0x10D00, 0x10D8F), (0x0000, 0x007F), (0x00A0, 0x00FF),
]
NON_LATIN = [
    "Привет, как дела? Это ужасно!", "Γειά σου κόσμε, ΟΔΥΣΣΕΥΣ και ΣΑΣ.", "שלום עולם", "مرحبا بالعالم",
    "नमस्ते दुनिया", "สวัสดีชาวโลก", "안녕하세요 세계", "你好，世界！真是个白痴", "こんにちは世界、見学",
    "ＦＵＣＫ ｙｏｕ", "İstanbul'da İYİ günler", "STRAẞE und Straße", "ﬁnal ﬁght ﬁle", "ǅemal ǄEMAL ǆ",
    "x² + y² = z³", "①②③ ⓐⓑⓒ ⒻⓊⒸⓀ", "𝐟𝐮𝐜𝐤 𝐲𝐨𝐮", "f\u200duck s\u200dhit", "you\u00a0idiot\u00a0moron",
    "\ufeffBOM first", "nul\x00byte\x00bitch", "line\u2028sep\u2029para", "ΕΤΗΤΗΣ", "ετητης ΕΤΗΤΗΣ.",
    "ΑΣ'Σ ΑΣ'", "Σ", "ΑΣ", "ΣΑ", "Α.Σ.Α", "ΑΣ\u0301", "BEYONCÉ POKÉMON", "beyonce\u0301 poke\u0301mon",
    "\u212aill the \u212aING", "\u0130DIOT \u0130diot", "f\u0301uck", "ⓕⓤⓒⓚ", "ሰላም ውይይት", "竜龙 見学",
]


def strongest_terms(prof_vec, prof_model, pool, coef, n):
    vocab = sorted(prof_vec.vocabulary_, key=prof_vec.vocabulary_.get)
    mean = np.mean([cc.estimator.coef_[0] for cc in prof_model.calibrated_classifiers_], axis=0)
    prof = [vocab[j] for j in np.argsort(-mean)[:n]]
    hate = [pool[j] for j in np.argsort(-coef[0])[:n] if coef[0, j] > 0]
    off = [pool[j] for j in np.argsort(-coef[1])[:n] if coef[1, j] > 0]
    return prof, hate, off, vocab


def vary_case(rng, w):
    return rng.choice([w.lower(), w.upper(), w.title(),
                       "".join(c.upper() if rng.random() < 0.5 else c for c in w)])


def build(prof, hate, off, vocab, pool):
    rng = random.Random(SEED)
    out = ["", " ", "  \t\n ", "\u00a0\u2028", "a", "A", "1", "_", "é", "x", "ab", "AB", "a1", "__"]
    out += SPECIALS + [s * 3 for s in SPECIALS] + ["a" + s + "b" for s in SPECIALS]
    out += NON_LATIN
    for _ in range(650):
        s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(ENDINGS)}"
        if rng.random() < 0.5:
            s += " " + " ".join(rng.choice(vocab if rng.random() < 0.5 else pool) for _ in range(rng.randint(1, 8)))
        out.append(s)
    strong = prof + hate + off
    seps = [" ", "!", "?!", "...", ", ", " 😡 ", "🤬", "-", "_", "*", "\n", " #", "@", "💩"]
    for _ in range(700):
        words = [vary_case(rng, rng.choice(strong)) for _ in range(rng.randint(1, 6))]
        s = rng.choice(seps).join(words)
        if rng.random() < 0.4:
            s = rng.choice(["you are a ", "what a ", "shut up ", "go away ", ""]) + s + rng.choice(ENDINGS)
        out.append(s)
    odd = ["é", "²", "\u0301", "_", "\u200d", "\u00a0", "·", "1", "'", "\u0130", "\u212a", "ß", "Σ"]
    for _ in range(300):
        words = [rng.choice(strong + vocab[:2000]) for _ in range(rng.randint(2, 6))]
        out.append("".join(w + rng.choice(odd) for w in words))
    for _ in range(250):
        lo, hi = rng.choice(SCRIPTS)
        chars = []
        for _ in range(rng.randint(1, 40)):
            cp = rng.randint(lo, hi)
            chars.append(chr(cp) if not 0xD800 <= cp < 0xE000 else " ")
        out.append("".join(chars))
    for w in strong[:20] + SPECIALS[:5]:
        for n in (2, 10, 100, 500):
            out.append(rng.choice([" ", "", "!", "\u0301"]).join([w] * n))
    out += long_texts(rng, strong, vocab)
    return out


def long_texts(rng, strong, vocab):
    texts = []
    for size in (10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000, 120_000, 150_000):
        parts, n = [], 0
        while n < size:
            p = rng.choice([rng.choice(SUBJECTS) + " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS) + ".",
                            vary_case(rng, rng.choice(strong)), rng.choice(vocab), rng.choice(NON_LATIN)])
            parts.append(p)
            n += len(p) + 1
        texts.append(" ".join(parts)[:size])
    texts.append("x" * 200_000)
    texts.append(bench_64k(strong, vocab))
    return texts


def bench_64k(strong, vocab):
    """A 64 KiB (UTF-8 bytes) comment-like text, used for the latency bench."""
    rng = random.Random(SEED + 64)
    parts, n = [], 0
    while True:
        p = rng.choice([rng.choice(SUBJECTS) + " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS) + ".",
                        rng.choice(vocab), vary_case(rng, rng.choice(strong))])
        if n + len(p.encode()) + 1 > 65536:
            break
        parts.append(p)
        n += len(p.encode()) + 1
    s = " ".join(parts)
    return s + "." * (65536 - len(s.encode()))
