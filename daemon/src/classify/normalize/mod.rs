//! Normalisation against evasion, before any classifier or the language
//! detector sees the text. Two forms of every text, each with a map from
//! its chars back to the original's, so that spans found on a form are
//! reported on the text the user sent:
//!
//! - **clean** ([`clean`]): Unicode NFKC (full-width and mathematical
//!   letters, ligatures), zero-width and bidi controls removed, and
//!   Cyrillic/Greek look-alikes folded to Latin inside Latin text
//!   (`Yоu` with a Cyrillic `о`). Nothing a detector relies on changes:
//!   the PII and spam detectors read this form.
//! - **folded** ([`fold`]): the clean form with leet digits and symbols
//!   folded inside words (`1d10t` → `idiot`, `$hit` → `shit`), starred-out
//!   words restored from a small lexicon (`f*ck` → `fuck`) and letters
//!   spread out with spaces joined (`k i l l` → `kill`). The models and the
//!   language detector read this form.
//!
//! Most texts need neither: plain ASCII without digits, symbols or spread
//! letters is borrowed unchanged after one pass over its bytes, so the
//! fast stage keeps its throughput.

pub mod clean;
pub mod fold;
mod lexicon;

use std::borrow::Cow;

use modd_common::Span;

/// Which form of the text a classifier reads (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// Exactly what was sent.
    Original,
    /// NFKC, invisible controls removed, look-alikes folded.
    Clean,
    /// Clean, plus leet, masking and spacing undone.
    Folded,
}

/// One form of a text and where each of its chars came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Form<'a> {
    text: Cow<'a, str>,
    /// For char `i` of `text`, the range of original chars it came from
    /// (empty for a char that was inserted). Empty when `text` is the
    /// original unchanged.
    origin: Vec<(u32, u32)>,
}

impl<'a> Form<'a> {
    /// The text unchanged.
    pub fn identity(text: &'a str) -> Self {
        Self {
            text: Cow::Borrowed(text),
            origin: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether normalisation changed anything.
    pub fn is_identity(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_)) && self.origin.is_empty()
    }

    /// The original char range of chars `begin..end` of this form.
    pub fn original_range(&self, begin: usize, end: usize) -> (usize, usize) {
        if self.origin.is_empty() {
            return (begin, end);
        }
        let last = self.origin.last().map_or(0, |o| o.1) as usize;
        let start = self.origin.get(begin).map_or(last, |o| o.0 as usize);
        if end <= begin {
            return (start, start);
        }
        let stop = self
            .origin
            .get(end - 1)
            .map_or(last, |o| o.1 as usize)
            .max(start);
        (start, stop)
    }

    /// `spans` (in chars of this form) moved onto the original text.
    pub fn map_spans(&self, spans: &mut [Span]) {
        if self.origin.is_empty() {
            return;
        }
        for s in spans {
            (s.begin, s.end) = self.original_range(s.begin, s.end);
        }
    }

    /// This form seen through `outer`: `self` was computed from
    /// `outer.text()`; the result maps straight to `outer`'s original.
    fn through(self, outer: &Form<'a>) -> Form<'a> {
        if outer.origin.is_empty() {
            return self;
        }
        let origin = self
            .origin
            .iter()
            .map(|&(b, e)| {
                let (b, e) = outer.original_range(b as usize, e as usize);
                (b as u32, e as u32)
            })
            .collect();
        Form {
            text: self.text,
            origin,
        }
    }
}

/// Accumulates a form char by char with the origin of each.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    text: String,
    origin: Vec<(u32, u32)>,
}

impl Builder {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            origin: Vec::with_capacity(bytes),
        }
    }

    /// Appends `c`, which stands for source chars `from..to`.
    pub(crate) fn push(&mut self, c: char, from: usize, to: usize) {
        self.text.push(c);
        self.origin.push((from as u32, to as u32));
    }

    pub(crate) fn finish<'a>(self) -> Form<'a> {
        Form {
            text: Cow::Owned(self.text),
            origin: self.origin,
        }
    }
}

/// Both forms of one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized<'a> {
    pub clean: Form<'a>,
    pub folded: Form<'a>,
}

impl Normalized<'_> {
    /// The form a classifier asked for; `None` for the original text.
    pub fn form(&self, which: TextForm) -> Option<&Form<'_>> {
        match which {
            TextForm::Original => None,
            TextForm::Clean => Some(&self.clean),
            TextForm::Folded => Some(&self.folded),
        }
    }
}

/// Normalises `text` (see the module docs); cheap when nothing changes.
pub fn normalize(text: &str) -> Normalized<'_> {
    let clean = clean::clean(text);
    let folded = match fold::fold(clean.text()) {
        None => clean.clone(),
        Some(f) => f.through(&clean),
    };
    Normalized { clean, folded }
}

#[cfg(test)]
mod tests;
