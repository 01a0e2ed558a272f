//! A fixed-length history of one figure, for sparklines.

use std::collections::VecDeque;

/// Points kept: wider than any panel's sparkline.
pub const POINTS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History(VecDeque<u64>);

impl History {
    pub fn push(&mut self, value: u64) {
        if self.0.len() == POINTS {
            self.0.pop_front();
        }
        self.0.push_back(value);
    }

    /// The last `n` points, oldest first.
    pub fn last(&self, n: usize) -> Vec<u64> {
        let skip = self.0.len().saturating_sub(n);
        self.0.iter().skip(skip).copied().collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_points() {
        let mut h = History::default();
        for i in 0..(POINTS as u64 + 5) {
            h.push(i);
        }
        assert_eq!(h.len(), POINTS);
        assert_eq!(h.last(2), vec![POINTS as u64 + 3, POINTS as u64 + 4]);
    }
}
