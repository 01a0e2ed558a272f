"""Python 3.11 text tables the Rust port needs for exact tokenizer parity.

Everything is derived from the running interpreter itself (its `re` module
and `str.lower`), so the tables are by construction what sklearn saw.
"""

import re
import sys
import unicodedata

MAX_CP = 0x110000
SURROGATES = range(0xD800, 0xE000)


def _code_points():
    for cp in range(MAX_CP):
        if cp not in SURROGATES:  # cannot occur in a Rust &str
            yield cp


def _to_ranges(cps):
    ranges = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def word_char_ranges():
    """Code points matching `(?u)\\w` in this Python's `re`."""
    w = re.compile(r"\w").fullmatch
    return _to_ranges(cp for cp in _code_points() if w(chr(cp)))


def space_ranges():
    """Code points `str.split()` and `str.strip()` treat as whitespace."""
    return _to_ranges(cp for cp in _code_points() if chr(cp).isspace())


def lower_map():
    """Every code point whose `str.lower()` differs, except U+03A3 whose
    result depends on context (Final_Sigma)."""
    out = {}
    for cp in _code_points():
        c = chr(cp)
        if cp != 0x3A3 and c.lower() != c:
            out[cp] = c.lower()
    return out


def final_sigma_tables():
    """Case_Ignorable and Cased sets as CPython's Final_Sigma rule sees them.

    CPython does not expose these properties, so they are read back through
    `str.lower` itself. The rule is: Σ is final iff preceded by
    (cased, case-ignorable*) and not followed by (case-ignorable*, cased).
    With '1' (neither cased nor ignorable) as a fence:
      '1'+c+'Σ' ends in ς  <=>  c is not ignorable and is cased
      'AΣ'+c+'A' has ς     <=>  c is not ignorable and is not cased
    so ignorable = neither holds. Whether an ignorable char is also cased is
    never observed by the rule, hence `cased` is exported as
    "cased and not case-ignorable".
    """
    ignorable, cased = [], []
    for cp in _code_points():
        c = chr(cp)
        cased_not_ign = ("1" + c + "\u03a3").lower().endswith("\u03c2")
        not_cased_not_ign = ("A\u03a3" + c + "A").lower()[1] == "\u03c2"
        if cased_not_ign:
            cased.append(cp)
        elif not not_cased_not_ign:
            ignorable.append(cp)
    return _to_ranges(ignorable), _to_ranges(cased)


def describe():
    return {
        "python": sys.version.split()[0],
        "unicode": unicodedata.unidata_version,
    }
