//! Reader for the `MODDMDL1` container written by `tools/export-models`
//! (layout documented in `daemon/models/README.md`).
//!
//! Every count is checked against the bytes that remain before anything is
//! allocated, so a corrupt or hostile file yields a [`ModelError`], never a
//! panic or a huge allocation.

use super::ModelError;

const MAGIC: &[u8; 8] = b"MODDMDL1";

/// The `META` section: only the fields the loader needs; others are ignored.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Meta {
    pub format: String,
    pub model: String,
    pub version: String,
}

pub(super) struct Container<'a> {
    pub meta: Meta,
    sections: Vec<([u8; 4], &'a [u8])>,
}

impl<'a> Container<'a> {
    /// Splits the file into sections and checks the `format` in `META`.
    pub fn parse(bytes: &'a [u8], expected_format: &'static str) -> Result<Self, ModelError> {
        let mut rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::BadMagic)?;
        let mut sections = Vec::new();
        while !rest.is_empty() {
            let mut head = Cursor::new("header", rest);
            let tag: [u8; 4] = head.bytes(4)?.try_into().map_err(|_| head.err("tag"))?;
            let len = head.u32()? as usize;
            let body = head.bytes(len)?;
            sections.push((tag, body));
            rest = head.buf;
        }
        let mut c = Container {
            meta: Meta {
                format: String::new(),
                model: String::new(),
                version: String::new(),
            },
            sections,
        };
        let meta = c.section("META")?.buf;
        c.meta =
            serde_json::from_slice(meta).map_err(|e| ModelError::invalid("META", e.to_string()))?;
        if c.meta.format != expected_format {
            return Err(ModelError::WrongFormat {
                expected: expected_format,
                found: c.meta.format.clone(),
            });
        }
        Ok(c)
    }

    /// The first section with this tag; a missing section is an error.
    pub fn section(&self, tag: &'static str) -> Result<Cursor<'a>, ModelError> {
        self.sections
            .iter()
            .find(|(t, _)| t == tag.as_bytes())
            .map(|(_, body)| Cursor::new(tag, body))
            .ok_or_else(|| ModelError::invalid(tag, "missing"))
    }
}

/// A bounds-checked little-endian reader over one section.
pub(super) struct Cursor<'a> {
    tag: &'static str,
    buf: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn new(tag: &'static str, buf: &'a [u8]) -> Self {
        Self { tag, buf }
    }

    pub fn err(&self, problem: impl Into<String>) -> ModelError {
        ModelError::invalid(self.tag, problem)
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if n > self.buf.len() {
            return Err(self.err("truncated"));
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let b = self.bytes(N)?;
        b.try_into().map_err(|_| self.err("truncated"))
    }

    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }

    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    pub fn f64(&mut self) -> Result<f64, ModelError> {
        Ok(f64::from_le_bytes(self.array()?))
    }

    /// Reads a u32 count of items of at least `min_item_bytes` each, checking
    /// that they can fit in what remains (so allocation is bounded by file size).
    pub fn count(&mut self, min_item_bytes: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item_bytes) > self.buf.len() {
            return Err(self.err(format!("count {n} exceeds section size")));
        }
        Ok(n)
    }

    /// The section must be fully consumed: trailing bytes mean a writer/reader mismatch.
    pub fn finish(self) -> Result<(), ModelError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(self.err(format!("{} unexpected trailing bytes", self.buf.len())))
        }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    /// The rest of the section, unread (`META`'s JSON).
    pub fn rest(self) -> &'a [u8] {
        self.buf
    }

    /// A whole section of `n`, then `n` f64s.
    pub fn f64_list(mut self) -> Result<Vec<f64>, ModelError> {
        let n = self.count(8)?;
        let v = self.f64s(n)?;
        self.finish()?;
        Ok(v)
    }

    pub fn f64s(&mut self, n: usize) -> Result<Vec<f64>, ModelError> {
        if n.saturating_mul(8) > self.buf.len() {
            return Err(self.err("truncated"));
        }
        (0..n).map(|_| self.f64()).collect()
    }

    /// Inclusive code-point ranges, which must be sorted, disjoint and valid.
    pub fn ranges(mut self) -> Result<Vec<(u32, u32)>, ModelError> {
        let n = self.count(8)?;
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let (lo, hi) = (self.u32()?, self.u32()?);
            let after_prev = out.last().is_none_or(|&(_, prev_hi)| lo > prev_hi);
            if lo > hi || hi > char::MAX as u32 || !after_prev {
                return Err(self.err(format!("bad range {lo:#x}..={hi:#x}")));
            }
            out.push((lo, hi));
        }
        self.finish()?;
        Ok(out)
    }

    /// Front-coded UTF-8 terms (see the format README).
    pub fn terms(mut self) -> Result<Vec<Box<str>>, ModelError> {
        let n = self.count(2)?;
        let mut out: Vec<Box<str>> = Vec::with_capacity(n);
        let mut prev: Vec<u8> = Vec::new();
        for i in 0..n {
            let shared = usize::from(self.u8()?);
            let len = usize::from(self.u8()?);
            if shared > prev.len() {
                return Err(self.err(format!("term #{i} shares more than the previous term")));
            }
            prev.truncate(shared);
            prev.extend_from_slice(self.bytes(len)?);
            let term = std::str::from_utf8(&prev)
                .map_err(|_| self.err(format!("term #{i} is not UTF-8")))?;
            out.push(term.into());
        }
        self.finish()?;
        Ok(out)
    }

    /// Dictionary-coded floats: distinct values, then u16 indices into them.
    pub fn dict_floats<T: Copy>(
        mut self,
        width: usize,
        read: fn(&mut Self) -> Result<T, ModelError>,
    ) -> Result<Vec<T>, ModelError> {
        let d = self.count(width)?;
        let dict = (0..d)
            .map(|_| read(&mut self))
            .collect::<Result<Vec<T>, _>>()?;
        let n = self.count(2)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let i = u16::from_le_bytes(self.array()?);
            out.push(
                *dict
                    .get(usize::from(i))
                    .ok_or_else(|| self.err("index out of range"))?,
            );
        }
        self.finish()?;
        Ok(out)
    }
}
