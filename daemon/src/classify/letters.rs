//! Char properties at the cost of a bit test for planes 0 and 1:
//! `char::is_alphabetic` (and `is_alphanumeric`) for the language detector
//! and normalisation, and any other per-char property ([`CharSet`]).
//!
//! The standard library answers for non-ASCII chars with a table search of
//! ~400 instructions (callgrind); a text in Han, Cyrillic or Arabic script
//! made that the largest cost of language detection. Here the answers are
//! cached in a bitset filled lazily, 64 code points at a time, the first
//! time a char of that block is asked about: no start-up cost, and no
//! table for blocks nobody writes in. The writes are idempotent (a block's
//! bits are a pure function of the block), so atomics without locks suffice: two
//! threads filling the same block store the same word (release/acquire on
//! the filled flag publishes the bits).

use std::sync::atomic::{AtomicU64, Ordering};

/// Planes 0 and 1: every script in use, and the emoji.
const CACHED: u32 = 0x20000;
const BLOCKS: usize = CACHED as usize / 64;

/// The chars for which `test` holds, cached (see the module docs).
pub struct CharSet {
    /// Bit `cp % 64` of word `cp / 64`: whether `test(cp)`.
    bits: [AtomicU64; BLOCKS],
    /// Bit `b % 64` of word `b / 64`: whether block `b` of `bits` is filled.
    filled: [AtomicU64; BLOCKS / 64],
    test: fn(char) -> bool,
}

impl CharSet {
    pub const fn new(test: fn(char) -> bool) -> Self {
        Self {
            bits: [const { AtomicU64::new(0) }; BLOCKS],
            filled: [const { AtomicU64::new(0) }; BLOCKS / 64],
            test,
        }
    }

    /// Same answer as `test(c)`.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let cp = c as u32;
        if cp >= CACHED {
            return (self.test)(c);
        }
        let block = (cp / 64) as usize;
        let filled = self.filled[block / 64].load(Ordering::Acquire) & (1u64 << (block % 64));
        let bits = if filled != 0 {
            self.bits[block].load(Ordering::Relaxed)
        } else {
            self.fill(block)
        };
        bits & (1 << (cp % 64)) != 0
    }

    /// Computes and publishes the bits of `block` (once per block and process).
    #[cold]
    fn fill(&self, block: usize) -> u64 {
        let base = block as u32 * 64;
        let bits = (0..64u32)
            .filter(|i| char::from_u32(base + i).is_some_and(self.test))
            .fold(0u64, |acc, i| acc | 1 << i);
        self.bits[block].store(bits, Ordering::Relaxed);
        self.filled[block / 64].fetch_or(1u64 << (block % 64), Ordering::Release);
        bits
    }
}

static ALPHABETIC: CharSet = CharSet::new(char::is_alphabetic);

/// Same answer as `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    ALPHABETIC.contains(c)
}

/// A letter of the Latin script: ASCII, Latin-1 and Latin Extended-A/B
/// (U+00C0–U+024F, where only `×` and `÷` are not letters).
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷')
}

/// Same answer as `c.is_alphanumeric()`: the bit test first, the
/// standard library's numeric table only for chars that are not letters.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alphabetic(c) || c.is_numeric()
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library_everywhere() {
        for cp in (0..0x11_0000).step_by(3) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{cp:#x}");
                assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{cp:#x}");
                if super::is_latin_letter(c) {
                    assert!(c.is_alphabetic(), "{cp:#x}");
                }
            }
        }
    }
}
