//! scikit-learn's `char_wb` analyzer on one word at a time: the word padded
//! with one space on each side, and every window of each length; a padded
//! word no longer than n chars gives itself once and ends the word's
//! n-grams. The Russian toxicity model and the n-gram heads both read text
//! this way.

/// Reusable buffers, so a text's words cost no allocation each.
#[derive(Default)]
pub(super) struct CharWb {
    padded: Vec<u8>,
    /// Byte offset of each char of the padded word, and its end.
    bounds: Vec<usize>,
}

impl CharWb {
    /// Calls `each` with the bytes of every n-gram of `word`, for n in
    /// `lengths`, shortest first, left to right.
    pub fn ngrams(
        &mut self,
        word: &str,
        lengths: std::ops::RangeInclusive<usize>,
        mut each: impl FnMut(&[u8]),
    ) {
        let (padded, bounds) = (&mut self.padded, &mut self.bounds);
        padded.clear();
        padded.push(b' ');
        padded.extend_from_slice(word.as_bytes());
        padded.push(b' ');
        bounds.clear();
        bounds.push(0);
        bounds.extend(word.char_indices().map(|(i, _)| i + 1));
        bounds.extend([word.len() + 1, padded.len()]);
        let chars = bounds.len() - 1;
        for n in lengths {
            if chars <= n {
                each(padded);
                break;
            }
            for start in 0..=chars - n {
                each(&padded[bounds[start]..bounds[start + n]]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        CharWb::default().ngrams(word, 2..=4, |g| {
            out.push(String::from_utf8_lossy(g).into_owned())
        });
        out
    }

    #[test]
    fn windows_of_the_padded_word_and_short_words_once() {
        assert_eq!(
            all("été"),
            [" é", "ét", "té", "é ", " ét", "été", "té ", " été", "été "]
        );
        // " ab " is 4 chars: its 2- and 3-grams, then itself once.
        assert_eq!(all("ab"), [" a", "ab", "b ", " ab", "ab ", " ab "]);
        // " a " is 3 chars: its 2-grams, then itself, and no 4-gram.
        assert_eq!(all("a"), [" a", "a ", " a "]);
    }
}
