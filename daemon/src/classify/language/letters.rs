//! `char::is_alphabetic` at the cost of a bit test for planes 0 and 1.
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

#[allow(clippy::declare_interior_mutable_const)]
const ZERO: AtomicU64 = AtomicU64::new(0);
/// Bit `cp % 64` of word `cp / 64`: whether `cp` is alphabetic.
static BITS: [AtomicU64; BLOCKS] = [ZERO; BLOCKS];
/// Bit `b % 64` of word `b / 64`: whether block `b` of `BITS` is filled.
static FILLED: [AtomicU64; BLOCKS / 64] = [ZERO; BLOCKS / 64];

/// Same answer as `c.is_alphabetic()`.
pub fn is_alphabetic(c: char) -> bool {
    let cp = c as u32;
    if c.is_ascii() || cp >= CACHED {
        return c.is_alphabetic();
    }
    let block = (cp / 64) as usize;
    let flag = 1u64 << (block % 64);
    let bits = if FILLED[block / 64].load(Ordering::Acquire) & flag != 0 {
        BITS[block].load(Ordering::Relaxed)
    } else {
        let base = block as u32 * 64;
        let bits = (0..64u32)
            .filter(|i| char::from_u32(base + i).is_some_and(char::is_alphabetic))
            .fold(0u64, |acc, i| acc | 1 << i);
        BITS[block].store(bits, Ordering::Relaxed);
        FILLED[block / 64].fetch_or(flag, Ordering::Release);
        bits
    };
    bits & (1 << (cp % 64)) != 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_library_everywhere() {
        for cp in (0..0x11_0000).step_by(3) {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{cp:#x}");
            }
        }
    }
}
