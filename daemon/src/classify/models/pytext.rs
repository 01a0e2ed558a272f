//! Python 3.11's `str.lower()` followed by `re.findall(r'(?u)\b\w\w+\b')`,
//! which is what scikit-learn's word analyzer does, driven by tables
//! exported from the interpreter (Unicode 14.0).
//!
//! Neither Rust's `to_lowercase` nor the `regex` crate's `\w` can be used:
//! `\w` differs on ~13k code points (combining marks, circled letters, `No`
//! digits such as `²`) and `to_lowercase` knows newer Unicode letters.

use super::container::Container;
use super::{InlineKey, ModelError, load_word};

const SIGMA: char = '\u{3a3}';
/// Code points below this (planes 0 and 1: all scripts in common use, emoji,
/// math alphanumerics) get 16 KiB bitsets, so the per-char checks are a bit
/// test; perf showed the binary searches at ~20% of tokenizer time.
const DENSE: u32 = 0x20000;

/// A lowercase mapping: Python's full lowercase of one char is 1–3 chars.
#[derive(Clone, Copy)]
struct Lower {
    len: u8,
    chars: [char; 3],
}

pub(super) struct PyText {
    /// `\w` membership below `DENSE`, one bit per code point.
    word_bmp: Box<[u64]>,
    /// All `\w` ranges; searched for code points from `DENSE` up.
    word_ranges: Vec<(u32, u32)>,
    /// Code points below `DENSE` that have an entry in `lower`, so the common
    /// case (no mapping) skips the binary search.
    lower_bmp: Box<[u64]>,
    lower: Vec<(u32, Lower)>,
    case_ignorable: Vec<(u32, u32)>,
    cased: Vec<(u32, u32)>,
    /// Per 2-byte char, indexed by `cp - 0x80`: its effect on the current
    /// run, precomputed from the tables above (see [`TwoByte`]).
    two_byte: Box<[TwoByte]>,
}

/// What a 2-byte char (U+0080..U+07FF: Latin-1 to N'Ko, the non-ASCII
/// letters of most texts) does to the current run: one table load instead
/// of the sigma, lowercase and `\w` look-ups (callgrind: ~40 instructions a
/// char before).
#[derive(Clone, Copy)]
enum TwoByte {
    /// Not `\w`, no lowercase mapping: ends the run.
    End,
    /// Appends these lowercased UTF-8 bytes (`len` of them) as one char.
    Append { len: u8, bytes: [u8; 2] },
    /// Final sigma, a multi-char lowercase, or a lowercase that is not `\w`:
    /// the general path.
    Slow,
}

const TWO_BYTE: std::ops::Range<u32> = 0x80..0x800;

/// Byte classes for the ASCII fast path: one table load per byte tells a
/// word byte that needs no lowercasing, an uppercase letter, a separator,
/// or the start of a multi-byte char.
const SEP: u8 = 0;
const WORD: u8 = 1;
const UPPER: u8 = 2;
const HIGH: u8 = 3;
static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            HIGH
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            WORD
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// A token as the tokenizer hands it over: an ASCII word already packed
/// into its vocabulary key while it was scanned, or the lowercased bytes.
pub(super) enum Token<'a> {
    Key(InlineKey),
    Bytes(&'a [u8]),
}

impl Token<'_> {
    /// The token's bytes (for tests and diagnostics; the hot path never copies).
    #[cfg(test)]
    pub fn to_vec(&self) -> Vec<u8> {
        match self {
            Self::Key(k) => k.to_vec(),
            Self::Bytes(b) => b.to_vec(),
        }
    }
}

/// Receives the tokens. The model's sink is a struct whose method is
/// `#[inline(always)]`: as a closure, LLVM kept the vocabulary look-up out of
/// line (callgrind: ~30 instructions of register saves and spills per token).
pub(super) trait TokenSink {
    fn token(&mut self, t: Token<'_>);
}

impl<F: FnMut(Token<'_>)> TokenSink for F {
    #[inline(always)]
    fn token(&mut self, t: Token<'_>) {
        self(t);
    }
}

/// `b` repeated in every byte of a word.
const fn rep(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}
const HI: u64 = rep(0x80);

/// SWAR classification of 8 bytes: (0x80 in each byte that is an ASCII word
/// char `[0-9A-Za-z_]`, 0x80 in each ASCII uppercase letter). With bit 7
/// cleared a byte is at most 0x7f, so `y + (0x80 - lo)` sets its bit 7 iff
/// it is `>= lo` and never carries into the next byte.
#[inline(always)]
fn classify8(x: u64) -> (u64, u64) {
    let y = x & !HI;
    let ge = |v: u64, lo: u8| v + rep(0x80 - lo);
    // `| 0x20` maps A-Z onto a-z and nothing else onto a-z.
    let folded = y | rep(0x20);
    let letter = ge(folded, b'a') & !ge(folded, b'{');
    let digit = ge(y, b'0') & !ge(y, b':');
    // `0x80 - t` has bit 7 set iff `t == 0`, i.e. the byte is `_`.
    let underscore = HI - (y ^ rep(b'_'));
    let word = (letter | digit | underscore) & !x & HI;
    // A letter is upper case iff its bit 5 (shifted to bit 7) is clear.
    let upper = letter & !(y << 2) & word;
    (word, upper)
}

/// The 8 bytes of `bytes` from `at` as a little-endian word, zero-padded
/// past the end.
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or(&[]);
    match rest.first_chunk::<8>() {
        Some(b) => u64::from_le_bytes(*b),
        None => load_word(rest).0,
    }
}

/// The vocabulary key of the ASCII word in the low `n` (1..=7) bytes of
/// `x`, lowered with the `upper` mask of `classify8`.
#[inline(always)]
fn short_word_key(x: u64, upper: u64, n: u32) -> InlineKey {
    let key = (x | (upper >> 2)) & ((1u64 << (8 * n)) - 1);
    InlineKey([key, 0, u64::from(n) << 56])
}

/// The run of ASCII word bytes starting at `bytes[start]` (a word byte):
/// its end, and, if it is a whole word (followed by an ASCII separator or the
/// end of the text) of up to 23 bytes, the lowercased word packed as the
/// vocabulary key 8 bytes at a time: the same key as `InlineKey::new` gives
/// (little-endian words, zero-padded, length in the top byte). Words of up
/// to 7 bytes (most of them) take one load and no loop.
#[inline(always)]
fn ascii_run(bytes: &[u8], start: usize) -> (usize, Option<InlineKey>) {
    let x = word_at(bytes, start);
    let (word, upper) = classify8(x);
    let stop = !word & HI;
    if stop != 0 {
        let n = stop.trailing_zeros() / 8;
        if (x >> (8 * n)) & 0x80 != 0 {
            return (start + n as usize, None);
        }
        return (start + n as usize, Some(short_word_key(x, upper, n)));
    }
    long_ascii_run(bytes, start)
}

/// The tokens of the text's ASCII beginning (all of it for more than half
/// of short comments), found with no char decoding and no run state:
/// separators are skipped with the same 8-byte classification that finds a
/// word's end. Stops at the first word or gap that holds a non-ASCII byte
/// and returns where it stopped (the text's length if it did not).
#[inline(always)]
fn ascii_tokens(bytes: &[u8], buf: &mut Vec<u8>, f: &mut impl TokenSink) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        let x = word_at(bytes, i);
        let (word, upper) = classify8(x);
        // Position of the first non-ASCII byte of these 8 (8 if none).
        let high = ((x & HI).trailing_zeros() / 8) as usize;
        if word & 0x80 == 0 {
            // A separator: on to the first word byte of these 8 (zero
            // padding past the end is a separator too), or past them.
            let skip = if word == 0 {
                8
            } else {
                word.trailing_zeros() as usize / 8
            };
            if high < skip {
                return i;
            }
            i += skip;
            continue;
        }
        let stop = !word & HI;
        if stop == 0 {
            let (end, key) = long_ascii_run(bytes, i);
            match key {
                Some(key) => f.token(Token::Key(key)),
                None if bytes.get(end).is_some_and(|b| !b.is_ascii()) => return i,
                None => {
                    buf.clear();
                    buf.extend(bytes[i..end].iter().map(u8::to_ascii_lowercase));
                    f.token(Token::Bytes(buf));
                }
            }
            i = end + 1;
            continue;
        }
        let n = stop.trailing_zeros() / 8;
        if high <= n as usize {
            // The word goes on into a non-ASCII char.
            return i;
        }
        if n >= 2 {
            f.token(Token::Key(short_word_key(x, upper, n)));
        }
        // The byte after the word is an ASCII separator (or the end).
        i += n as usize + 1;
    }
    bytes.len()
}

/// Appends the ASCII word bytes `part`, lowered 8 at a time: each step
/// appends a whole word and trims the excess, which compiles to one store
/// instead of a `memcpy` call or a loop over bytes.
#[inline(always)]
fn push_lowered_ascii(buf: &mut Vec<u8>, part: &[u8]) {
    for chunk in part.chunks(8) {
        let (x, _) = load_word(chunk);
        let (_, upper) = classify8(x);
        let len = buf.len();
        buf.extend_from_slice(&(x | (upper >> 2)).to_le_bytes());
        buf.truncate(len + chunk.len());
    }
}

/// [`ascii_run`] for words of 8 bytes or more.
#[inline(never)]
fn long_ascii_run(bytes: &[u8], start: usize) -> (usize, Option<InlineKey>) {
    let mut w = [0u64; 3];
    let mut pos = start;
    let mut k = 0;
    loop {
        let x = word_at(bytes, pos);
        let (word, upper) = classify8(x);
        let lowered = x | (upper >> 2);
        let stop = !word & HI;
        if stop != 0 {
            let n = stop.trailing_zeros() / 8;
            let end = pos + n as usize;
            if k >= w.len() || (x >> (8 * n)) & 0x80 != 0 {
                return (end, None);
            }
            w[k] = lowered & ((1u64 << (8 * n)) - 1);
            w[2] |= ((end - start) as u64) << 56;
            return (end, Some(InlineKey(w)));
        }
        if let Some(slot) = w.get_mut(k) {
            *slot = lowered;
        }
        k += 1;
        pos += 8;
    }
}

/// The char that starts at `bytes[i]`, a lead byte of valid UTF-8 (the
/// bytes come from a `str`), and where it ends. Cheaper than
/// `text[i..].chars().next()`, which first re-checks the char boundary.
#[inline(always)]
fn decode_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = u32::from(*bytes.get(i)?);
    let cont = |k: usize| bytes.get(i + k).map_or(0, |&b| u32::from(b) & 0x3f);
    let (cp, len) = if b0 < 0xe0 {
        (((b0 & 0x1f) << 6) | cont(1), 2)
    } else if b0 < 0xf0 {
        (((b0 & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    Some((char::from_u32(cp)?, i + len))
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    // First range whose hi >= cp; the code point is inside it iff lo <= cp.
    let i = ranges.partition_point(|&(_, hi)| hi < cp);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

impl PyText {
    pub fn load(c: &Container<'_>) -> Result<Self, ModelError> {
        let word_ranges = c.section("WCHR")?.ranges()?;
        let mut word_bmp = vec![0u64; DENSE as usize / 64].into_boxed_slice();
        for &(lo, hi) in &word_ranges {
            for cp in lo..=hi.min(DENSE - 1) {
                word_bmp[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        let lower = load_lower(c)?;
        let mut lower_bmp = vec![0u64; DENSE as usize / 64].into_boxed_slice();
        for &(cp, _) in lower.iter().filter(|(cp, _)| *cp < DENSE) {
            lower_bmp[cp as usize / 64] |= 1 << (cp % 64);
        }
        let mut text = Self {
            word_bmp,
            word_ranges,
            lower_bmp,
            lower,
            case_ignorable: c.section("CIGN")?.ranges()?,
            cased: c.section("CASD")?.ranges()?,
            two_byte: Box::default(),
        };
        text.two_byte = TWO_BYTE.map(|cp| text.two_byte_effect(cp)).collect();
        Ok(text)
    }

    /// What the general path does with the 2-byte char `cp`.
    fn two_byte_effect(&self, cp: u32) -> TwoByte {
        let Some(c) = char::from_u32(cp) else {
            return TwoByte::Slow;
        };
        if c == SIGMA {
            return TwoByte::Slow;
        }
        let out = match self.lower_of(c) {
            Some(l) if l.len == 1 => l.chars[0],
            Some(_) => return TwoByte::Slow,
            None => c,
        };
        if !self.is_word(out) {
            return if out == c {
                TwoByte::End
            } else {
                TwoByte::Slow
            };
        }
        let mut enc = [0u8; 4];
        match *out.encode_utf8(&mut enc).as_bytes() {
            [a] => TwoByte::Append {
                len: 1,
                bytes: [a, 0],
            },
            [a, b] => TwoByte::Append {
                len: 2,
                bytes: [a, b],
            },
            _ => TwoByte::Slow,
        }
    }

    pub fn heap_bytes(&self) -> usize {
        (self.word_bmp.len() + self.lower_bmp.len()) * 8
            + (self.word_ranges.len() + self.case_ignorable.len() + self.cased.len()) * 8
            + self.lower.len() * std::mem::size_of::<(u32, Lower)>()
            + self.two_byte.len() * std::mem::size_of::<TwoByte>()
    }

    /// Python's `\w` (`str.isalnum()` or `_`).
    pub(super) fn is_word(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < DENSE {
            self.word_bmp[cp as usize / 64] & (1 << (cp % 64)) != 0
        } else {
            in_ranges(&self.word_ranges, c)
        }
    }

    /// CPython's `handle_capital_sigma`: Σ at `text[start..end]` lowercases to
    /// final ς iff preceded by (cased, case-ignorable*) and not followed by
    /// (case-ignorable*, cased). The scans stop at the nearest other Σ (cased),
    /// so the total work over a text stays linear.
    fn sigma(&self, text: &str, start: usize, end: usize) -> char {
        let not_ignorable = |c: &char| !in_ranges(&self.case_ignorable, *c);
        let before = text[..start].chars().rev().find(not_ignorable);
        let mut is_final = before.is_some_and(|c| in_ranges(&self.cased, c));
        if is_final {
            let after = text[end..].chars().find(not_ignorable);
            is_final = !after.is_some_and(|c| in_ranges(&self.cased, c));
        }
        if is_final { '\u{3c2}' } else { '\u{3c3}' }
    }

    /// Calls `f` with each token (UTF-8 bytes of a maximal run of at least two
    /// `\w` chars of the lowercased text), in order. `buf` is scratch space.
    pub fn for_each_token(&self, text: &str, buf: &mut Vec<u8>, f: &mut impl TokenSink) {
        let bytes = text.as_bytes();
        // Everything before `i` is tokenized, and `i` starts a word or a
        // separator: the general loop below continues from there.
        let mut i = ascii_tokens(bytes, buf, f);
        let mut run = Run { buf, chars: 0 };
        run.buf.clear();
        while i < bytes.len() {
            let b = bytes[i];
            let class = CLASS[usize::from(b)];
            if class != HIGH {
                // ASCII fast path: no decoding.
                if class != SEP {
                    // A run of ASCII word bytes, scanned 8 at a time. A whole
                    // word of up to 23 bytes arrives as its vocabulary key;
                    // otherwise (part of a longer or mixed word) its
                    // lowercased bytes join the current run.
                    let (end, key) = ascii_run(bytes, i);
                    match key {
                        Some(key) if run.chars == 0 => {
                            if end - i >= 2 {
                                f.token(Token::Key(key));
                            }
                            // The word ended at an ASCII separator (or the
                            // end), which would only end an empty run: skip it.
                            i = end + 1;
                            continue;
                        }
                        _ => {
                            let part = &bytes[i..end];
                            push_lowered_ascii(run.buf, part);
                            run.chars += part.len();
                        }
                    }
                    i = end;
                    continue;
                } else {
                    run.end(f);
                }
                i += 1;
                continue;
            }
            if b < 0xe0 {
                let cp = (u32::from(b & 0x1f) << 6)
                    | u32::from(bytes.get(i + 1).map_or(0, |c| c & 0x3f));
                match self
                    .two_byte
                    .get((cp.wrapping_sub(TWO_BYTE.start)) as usize)
                {
                    Some(TwoByte::End) => {
                        run.end(f);
                        i += 2;
                        continue;
                    }
                    Some(&TwoByte::Append { len, bytes }) => {
                        run.buf.extend_from_slice(&bytes[..usize::from(len)]);
                        run.chars += 1;
                        i += 2;
                        continue;
                    }
                    _ => {}
                }
            }
            let Some((c, end)) = decode_at(bytes, i) else {
                break;
            };
            if c == SIGMA {
                run.feed(self, self.sigma(text, i, end), f);
            } else if let Some(l) = self.lower_of(c) {
                for &lc in &l.chars[..usize::from(l.len)] {
                    run.feed(self, lc, f);
                }
            } else if self.is_word(c) {
                // No lowercase mapping: the text's own bytes are the token's.
                for &b in &bytes[i..end] {
                    run.buf.push(b);
                }
                run.chars += 1;
            } else {
                run.end(f);
            }
            i = end;
        }
        run.end(f);
    }

    /// Appends Python's `text.lower()` to `out` (full mappings, Final_Sigma).
    pub(super) fn lower_into(&self, text: &str, out: &mut String) {
        for (i, c) in text.char_indices() {
            if c == SIGMA {
                out.push(self.sigma(text, i, i + c.len_utf8()));
            } else if let Some(l) = self.lower_of(c) {
                out.extend(&l.chars[..usize::from(l.len)]);
            } else {
                out.push(c);
            }
        }
    }

    fn lower_of(&self, c: char) -> Option<Lower> {
        let cp = c as u32;
        if cp < DENSE && self.lower_bmp[cp as usize / 64] & (1 << (cp % 64)) == 0 {
            return None;
        }
        self.lower
            .binary_search_by_key(&cp, |&(k, _)| k)
            .ok()
            .map(|i| self.lower[i].1)
    }
}

/// The current run of word chars, already lowercased.
struct Run<'b> {
    buf: &'b mut Vec<u8>,
    chars: usize,
}

impl Run<'_> {
    /// Inlined: as a call it cost ~30 instructions per non-ASCII char.
    #[inline(always)]
    fn feed(&mut self, text: &PyText, c: char, f: &mut impl TokenSink) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '_' {
                self.buf.push(c as u8);
                self.chars += 1;
            } else {
                self.end(f);
            }
        } else if text.is_word(c) {
            let mut enc = [0u8; 4];
            self.buf
                .extend_from_slice(c.encode_utf8(&mut enc).as_bytes());
            self.chars += 1;
        } else {
            self.end(f);
        }
    }

    /// `\w\w+`: a run counts only if it has at least two code points.
    #[inline(always)]
    fn end(&mut self, f: &mut impl TokenSink) {
        if self.chars >= 2 {
            f.token(Token::Bytes(self.buf));
        }
        self.buf.clear();
        self.chars = 0;
    }
}

fn load_lower(c: &Container<'_>) -> Result<Vec<(u32, Lower)>, ModelError> {
    let mut cur = c.section("LOWR")?;
    let n = cur.count(6)?;
    let mut out: Vec<(u32, Lower)> = Vec::with_capacity(n);
    for _ in 0..n {
        let cp = cur.u32()?;
        let len = usize::from(cur.u8()?);
        let s = std::str::from_utf8(cur.bytes(len)?)
            .map_err(|_| cur.err(format!("mapping of {cp:#x} is not UTF-8")))?;
        let mut l = Lower {
            len: 0,
            chars: ['\0'; 3],
        };
        for ch in s.chars() {
            let slot = l.chars.get_mut(usize::from(l.len));
            *slot.ok_or_else(|| cur.err(format!("mapping of {cp:#x} too long")))? = ch;
            l.len += 1;
        }
        if l.len == 0
            || out.last().is_some_and(|&(prev, _)| prev >= cp)
            || char::from_u32(cp).is_none()
        {
            return Err(cur.err(format!("entry {cp:#x} unsorted or invalid")));
        }
        out.push((cp, l));
    }
    cur.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The tokenizer's definition, char by char with no fast path: lowercase
    /// (final sigma in context), then runs of `\w`.
    fn reference(t: &PyText, text: &str) -> Vec<Vec<u8>> {
        let (mut out, mut cur, mut chars) = (Vec::new(), Vec::new(), 0);
        let mut end = |cur: &mut Vec<u8>, chars: &mut usize| {
            if *chars >= 2 {
                out.push(cur.clone());
            }
            cur.clear();
            *chars = 0;
        };
        for (i, c) in text.char_indices() {
            let lowered: Vec<char> = if c == SIGMA {
                vec![t.sigma(text, i, i + c.len_utf8())]
            } else if let Some(l) = t.lower_of(c) {
                l.chars[..usize::from(l.len)].to_vec()
            } else {
                vec![c]
            };
            for lc in lowered {
                if t.is_word(lc) {
                    cur.extend_from_slice(lc.encode_utf8(&mut [0; 4]).as_bytes());
                    chars += 1;
                } else {
                    end(&mut cur, &mut chars);
                }
            }
        }
        end(&mut cur, &mut chars);
        out
    }

    /// Random mixes of ASCII words of every length, separators and the
    /// chars with special cases, against the reference: the ASCII prefix
    /// scan must hand over to the general loop at exactly the right byte.
    #[test]
    fn every_path_agrees_with_the_reference_on_random_mixes() {
        let bytes = include_bytes!("../../../models/profanity-check.bin");
        let t = PyText::load(&Container::parse(bytes, "profanity-check/v1").unwrap()).unwrap();
        let pieces = [
            "a",
            "Bc",
            "DEF",
            "x",
            " ",
            " ",
            ".",
            ", ",
            "_",
            "9",
            "ab12",
            "HeLLo",
            "é",
            "É",
            "Σ",
            "ς",
            "ж",
            "😂",
            "\u{130}",
            "\u{212a}",
            "中文",
            "\u{301}",
            "ﬁ",
            "ẞ",
            "²",
            "\t",
            "quiteLongWord",
            "averyveryverylongasciiword",
            "exactly_23_bytes_long_x",
            "'",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut scratch = Vec::new();
        for _ in 0..20_000 {
            let n = next() % 24;
            let text: String = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let mut got = Vec::new();
            t.for_each_token(&text, &mut scratch, &mut |tok: Token<'_>| {
                got.push(tok.to_vec())
            });
            assert_eq!(got, reference(&t, &text), "{text:?}");
        }
    }

    #[test]
    fn two_byte_table_agrees_with_the_general_path() {
        let bytes = include_bytes!("../../../models/profanity-check.bin");
        let t = PyText::load(&Container::parse(bytes, "profanity-check/v1").unwrap()).unwrap();
        let mut scratch = Vec::new();
        for c in TWO_BYTE.filter_map(char::from_u32) {
            for text in [
                format!("x{c}y"),
                format!("{c}{c}"),
                format!("AB{c}"),
                format!("{c}ab Σ{c}"),
                format!("é{c}ж {c}😂{c}{c}"),
            ] {
                let mut got = Vec::new();
                t.for_each_token(&text, &mut scratch, &mut |tok: Token<'_>| {
                    got.push(tok.to_vec())
                });
                assert_eq!(got, reference(&t, &text), "{text:?} (U+{:04X})", c as u32);
            }
        }
    }
}
