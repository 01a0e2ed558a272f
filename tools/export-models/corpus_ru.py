"""Seeded corpus for the Russian toxicity model's golden parity file.

Cyrillic sentences (every line of data/eval/ru.jsonl), some English and the
evasion set, evasion forms of the Russian lines (Latin homoglyphs, leet,
spacing, zero-width and combining characters, stretched letters, case),
the characters the package's NLTK word tokenizer treats specially (curly
quotes, dashes, English contractions), Latin transliteration digraphs inside
Cyrillic words (the NLTK stemmer transliterates them back), random strings
and long texts. A pure function of SEED and the repository's data files.
"""

import json
import random
from pathlib import Path

import corpus

SEED = 20261207
REPO = Path(__file__).resolve().parent.parent.parent

INSULTS = ["идиот", "дурак", "тупой", "урод", "сволочь", "мразь", "тварь", "придурок", "дебил", "козёл",
           "блядь", "сука", "хуй", "пиздец", "ёбаный", "говно", "мудак", "шлюха", "чмо", "лох",
           "ненавижу", "убью", "заткнись", "пошёл", "дерьмо", "кретин", "недоумок", "падла", "гнида", "жопа"]
NEUTRAL = ["Привет, как дела?", "Спасибо за помощь!", "Сегодня хорошая погода.", "Я читаю книгу о войне.",
           "Где ближайшая аптека?", "Мы смотрели футбол вчера вечером.", "Этот фильм меня убивает, так смешно!",
           "Он сказал: «ты идиот», и ушёл.", "Статья о ненависти в интернете.", "Ёжик в тумане — мультфильм."]
HOMOGLYPHS = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k", "м": "m",
              "т": "t", "в": "b", "н": "h", "и": "u"}
LEET = {"о": "0", "з": "3", "ч": "4", "а": "@", "е": "3", "б": "6", "л": "ji", "и": "1"}
TOKENIZER = ["«", "»", "“", "”", "‘", "’", "„", "‒", "–", "—", "―", "…", "cannot", "CANNOT", "gonna", "gotta",
             "gimme", "g\u0131mme", "lemme", "wanna", "wannabe", "wanna!", "canno", "can't", "d'ye", "more'n",
             "'tis", "whaddya", "whatcha"]
DIGRAPHS = ["sh", "shch", "ch", "kh", "zh", "e`", "i`", "t^s", "i^a", "i^u", "''", "'", "nn", "ost", "ei`she"]
SCRIPTS = [(0x0400, 0x04FF), (0x0400, 0x045F), (0x0430, 0x044F), (0x0500, 0x052F), (0x1C80, 0x1C8F),
           (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0x0020, 0x007E), (0x2010, 0x205E), (0x0300, 0x036F)]


def eval_texts(name):
    path = REPO / "data" / "eval" / f"{name}.jsonl"
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]


def evade(rng, text):
    kind = rng.randrange(8)
    if kind == 0:
        return "".join(HOMOGLYPHS.get(c, c) if rng.random() < 0.5 else c for c in text)
    if kind == 1:
        return "".join(LEET.get(c, c) if rng.random() < 0.6 else c for c in text)
    if kind == 2:
        return " ".join(text)
    if kind == 3:
        return rng.choice(["\u200b", "\u200d", "\u00ad", "\u0301", "\ufe0f"]).join(text)
    if kind == 4:
        return "".join(c * rng.randint(1, 4) if c in "аеиоуыэюя" else c for c in text)
    if kind == 5:
        return "".join(c.upper() if rng.random() < 0.5 else c for c in text)
    if kind == 6:
        return text.replace("е", "ё").replace("Е", "Ё")
    return rng.choice(["*", ".", "-", "_", "!"]).join(text.split())


def build():
    rng = random.Random(SEED)
    ru = eval_texts("ru")
    out = ["", " ", "\t\n", "\u00a0\u2028", "а", "Я", "ё", "Ё", "ъ", "ь", "й", "аа", "и", "не", "ты", "1"]
    out += corpus.SPECIALS + corpus.NON_LATIN + INSULTS + NEUTRAL + TOKENIZER
    out += ru + eval_texts("en")[::6] + eval_texts("evasion")[::6]
    out += [evade(rng, rng.choice(ru)) for _ in range(400)]
    seps = [" ", "!", ", ", " — ", "…", "-", "_", "\n", " «", "» ", "🤬", " #", "@"]
    for _ in range(300):
        words = [corpus.vary_case(rng, rng.choice(INSULTS)) for _ in range(rng.randint(1, 5))]
        s = rng.choice(seps).join(words)
        if rng.random() < 0.5:
            s = rng.choice(["ты ", "какой же ты ", "заткнись, ", "вы все ", ""]) + s + rng.choice(corpus.ENDINGS)
        out.append(s)
    for _ in range(200):
        w = rng.choice(INSULTS + ["работающий", "читавшись", "красивейший", "длинного", "искусственность"])
        i = rng.randrange(len(w) + 1)
        mixed = w[:i] + rng.choice(DIGRAPHS) + w[i:]
        out.append(rng.choice(["", "ты ", "«"]) + mixed + rng.choice(["", " " + rng.choice(TOKENIZER), "!"]))
    for _ in range(150):
        out.append(" ".join(rng.choice(TOKENIZER + INSULTS + ["и", "в", "не", "что"]) for _ in range(rng.randint(1, 8))))
    for _ in range(200):
        lo, hi = rng.choice(SCRIPTS)
        out.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 40))))
    for w in INSULTS[:8]:
        for n in (2, 10, 100):
            out.append(rng.choice([" ", "", "!"]).join([w] * n))
    for size in (2_000, 5_000, 20_000):
        parts, n = [], 0
        while n < size:
            p = rng.choice([rng.choice(ru), rng.choice(INSULTS), rng.choice(NEUTRAL), rng.choice(TOKENIZER)])
            parts.append(p)
            n += len(p) + 1
        out.append(" ".join(parts)[:size])
    return out
