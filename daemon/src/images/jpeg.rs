//! A baseline JPEG decoder that returns exactly what Pillow returns, i.e.
//! libjpeg-turbo's default output: the ISLOW integer IDCT (`jidctint.c`),
//! "fancy" triangle chroma upsampling (`jdsample.c`: 3/4 nearer + 1/4
//! further sample, with its alternating rounding biases) and the 16-bit
//! fixed-point YCbCr→RGB tables (`jdcolor.c`). zune-jpeg (via `image`) is
//! within ±6 levels of that, which moved open_nsfw scores by up to 1.3e-2;
//! with this decoder the JPEG parity images decode identically.
//!
//! Scope: what Pillow and most cameras write — baseline or extended Huffman,
//! 8-bit, one interleaved scan, greyscale or YCbCr at 4:4:4, 4:2:2 or 4:2:0.
//! Anything else (progressive, arithmetic coding, multi-scan sequential,
//! CMYK, RGB/Adobe, other sampling) is [`Unsupported`] and the caller falls
//! back to zune-jpeg. Like libjpeg, missing entropy data decodes as zeros.
//!
//! Based in part on the work of the Independent JPEG Group (libjpeg), and on
//! libjpeg-turbo (IJG and BSD-3-Clause licences; see docs/src/using/images.md, "Licences";
//! the licence texts are in `daemon/models/LICENSES/libjpeg-turbo/`).

/// The stream uses a feature this decoder does not reproduce, or is corrupt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

type R<T> = Result<T, Unsupported>;

const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// Bits looked up at once when decoding a Huffman code (as jdhuff.c).
const LOOKAHEAD: u32 = 9;

#[derive(Clone, Default)]
struct Huffman {
    maxcode: [i32; 18],
    valoffset: [i32; 17],
    values: Vec<u8>,
    /// For each 9-bit prefix: `length << 8 | value` of the code of at most
    /// 9 bits it starts with, or 0 (a longer code: decoded bit by bit).
    lookup: Vec<u16>,
}

impl Huffman {
    /// Canonical code tables as in the JPEG spec F.2.2.3 (jdhuff.c).
    fn new(counts: &[u8; 16], values: Vec<u8>) -> R<Self> {
        let mut h = Huffman {
            maxcode: [-1; 18],
            valoffset: [0; 17],
            values,
            lookup: vec![0; 1 << LOOKAHEAD],
        };
        let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
        if total != h.values.len() || total > 256 {
            return Err(Unsupported("bad Huffman table"));
        }
        let mut code = 0i32;
        let mut k = 0i32;
        for len in 1..=16 {
            let n = i32::from(counts[len - 1]);
            // The codes of this length must fit below the all-ones code,
            // which libjpeg reserves (checked before filling `lookup`).
            if code + n >= (1 << len) {
                return Err(Unsupported("bad Huffman table"));
            }
            if n > 0 {
                h.valoffset[len] = k - code;
                if len as u32 <= LOOKAHEAD {
                    let shift = LOOKAHEAD - len as u32;
                    for (i, c) in (code..code + n).enumerate() {
                        let entry = (len as u16) << 8 | u16::from(h.values[k as usize + i]);
                        let first = (c as usize) << shift;
                        h.lookup[first..first + (1 << shift)].fill(entry);
                    }
                }
                code += n;
                k += n;
                h.maxcode[len] = code - 1;
            }
            code <<= 1;
        }
        h.maxcode[17] = i32::MAX;
        Ok(h)
    }
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    buf: u64,
    count: u32,
    at_marker: bool,
}

impl<'a> Bits<'a> {
    fn fill(&mut self) {
        while self.count <= 56 {
            let mut byte = 0u8;
            if !self.at_marker {
                match self.data.get(self.pos) {
                    Some(&0xFF) => match self.data.get(self.pos + 1) {
                        Some(0) => {
                            byte = 0xFF;
                            self.pos += 2;
                        }
                        _ => self.at_marker = true,
                    },
                    Some(&b) => {
                        byte = b;
                        self.pos += 1;
                    }
                    None => self.at_marker = true,
                }
            }
            // Past a marker libjpeg feeds zeros (and warns): so do we.
            self.buf |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    fn bit(&mut self) -> i32 {
        if self.count == 0 {
            self.fill();
        }
        let b = (self.buf >> 63) as i32;
        self.buf <<= 1;
        self.count -= 1;
        b
    }

    fn bits(&mut self, n: u32) -> i32 {
        if n == 0 {
            return 0;
        }
        if self.count < n {
            self.fill();
        }
        let v = (self.buf >> (64 - n)) as i32;
        self.buf <<= n;
        self.count -= n;
        v
    }

    fn decode(&mut self, h: &Huffman) -> R<u8> {
        if self.count < LOOKAHEAD {
            self.fill();
        }
        let entry = h.lookup[(self.buf >> (64 - LOOKAHEAD)) as usize];
        if entry != 0 {
            let len = u32::from(entry >> 8);
            self.buf <<= len;
            self.count -= len;
            return Ok(entry as u8);
        }
        let mut code = self.bit();
        let mut len = 1;
        while code > h.maxcode[len] {
            code = (code << 1) | self.bit();
            len += 1;
            if len > 16 {
                return Err(Unsupported("bad Huffman code"));
            }
        }
        let i = usize::try_from(code + h.valoffset[len])
            .map_err(|_| Unsupported("bad Huffman code"))?;
        h.values
            .get(i)
            .copied()
            .ok_or(Unsupported("bad Huffman code"))
    }

    fn receive_extend(&mut self, s: u32) -> i32 {
        let v = self.bits(s);
        if s > 0 && v < (1 << (s - 1)) {
            v - (1 << s) + 1
        } else {
            v
        }
    }

    /// Skips the RSTn marker ending a restart interval.
    fn restart(&mut self) -> R<()> {
        self.buf = 0;
        self.count = 0;
        self.at_marker = false;
        match (self.data.get(self.pos), self.data.get(self.pos + 1)) {
            (Some(0xFF), Some(0xD0..=0xD7)) => {
                self.pos += 2;
                Ok(())
            }
            _ => Err(Unsupported("missing restart marker")),
        }
    }
}

#[derive(Clone)]
struct Component {
    id: u8,
    h: usize,
    v: usize,
    tq: usize,
    dc: usize,
    ac: usize,
    /// Samples, `blocks_w * 8` wide and `blocks_h * 8` high.
    plane: Vec<u8>,
    blocks_w: usize,
    blocks_h: usize,
}

/// Decoded RGB8, or `Unsupported` when the caller should use zune-jpeg.
pub fn decode(data: &[u8], max_pixels: u64) -> R<(usize, usize, Vec<u8>)> {
    let mut pos = 2;
    let mut qt = [[0u16; 64]; 4];
    let mut dc_tables: [Option<Huffman>; 4] = Default::default();
    let mut ac_tables: [Option<Huffman>; 4] = Default::default();
    let mut comps: Vec<Component> = Vec::new();
    let (mut width, mut height) = (0usize, 0usize);
    let mut restart_interval = 0usize;
    let mut adobe = false;
    if data.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(Unsupported("not a JPEG"));
    }
    loop {
        // Markers may be preceded by fill bytes 0xFF.
        while data.get(pos) == Some(&0xFF) && data.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(pos), data.get(pos + 1)) else {
            return Err(Unsupported("bad marker"));
        };
        pos += 2;
        let len = match (data.get(pos), data.get(pos + 1)) {
            (Some(&a), Some(&b)) => usize::from(a) << 8 | usize::from(b),
            _ => return Err(Unsupported("truncated")),
        };
        let seg = data
            .get(pos + 2..pos + len)
            .ok_or(Unsupported("truncated"))?;
        pos += len;
        match marker {
            0xDB => {
                let mut s = seg;
                while let Some((&pq_tq, rest)) = s.split_first() {
                    let (pq, tq) = (pq_tq >> 4, usize::from(pq_tq & 15));
                    let n = if pq == 0 { 64 } else { 128 };
                    if tq > 3 || pq > 1 || rest.len() < n {
                        return Err(Unsupported("bad DQT"));
                    }
                    for k in 0..64 {
                        let q = if pq == 0 {
                            u16::from(rest[k])
                        } else {
                            u16::from(rest[2 * k]) << 8 | u16::from(rest[2 * k + 1])
                        };
                        qt[tq][ZIGZAG[k]] = q;
                    }
                    s = &rest[n..];
                }
            }
            0xC4 => {
                let mut s = seg;
                while s.len() >= 17 {
                    let (tc, th) = (s[0] >> 4, usize::from(s[0] & 15));
                    let mut counts = [0u8; 16];
                    counts.copy_from_slice(&s[1..17]);
                    let n: usize = counts.iter().map(|&c| usize::from(c)).sum();
                    let values = s.get(17..17 + n).ok_or(Unsupported("bad DHT"))?.to_vec();
                    let table = Huffman::new(&counts, values)?;
                    match (tc, th) {
                        (0, 0..=3) => dc_tables[th] = Some(table),
                        (1, 0..=3) => ac_tables[th] = Some(table),
                        _ => return Err(Unsupported("bad DHT")),
                    }
                    s = &s[17 + n..];
                }
            }
            0xDD => {
                let r = seg.get(..2).ok_or(Unsupported("bad DRI"))?;
                restart_interval = usize::from(r[0]) << 8 | usize::from(r[1]);
            }
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0 | 0xC1 => {
                if seg.len() < 6 || seg[0] != 8 {
                    return Err(Unsupported("not 8-bit"));
                }
                height = usize::from(seg[1]) << 8 | usize::from(seg[2]);
                width = usize::from(seg[3]) << 8 | usize::from(seg[4]);
                let n = usize::from(seg[5]);
                if width == 0 || height == 0 || (width * height) as u64 > max_pixels {
                    return Err(Unsupported("dimensions"));
                }
                if seg.len() < 6 + 3 * n || !(n == 1 || n == 3) {
                    return Err(Unsupported("component count"));
                }
                for c in seg[6..6 + 3 * n].chunks_exact(3) {
                    comps.push(Component {
                        id: c[0],
                        h: usize::from(c[1] >> 4),
                        v: usize::from(c[1] & 15),
                        tq: usize::from(c[2]),
                        dc: 0,
                        ac: 0,
                        plane: Vec::new(),
                        blocks_w: 0,
                        blocks_h: 0,
                    });
                }
            }
            0xC2 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(Unsupported("progressive, lossless or arithmetic"));
            }
            0xDA => {
                return decode_scan(
                    seg,
                    &data[pos..],
                    width,
                    height,
                    &mut comps,
                    &qt,
                    &dc_tables,
                    &ac_tables,
                    restart_interval,
                    adobe,
                );
            }
            0xD9 => return Err(Unsupported("no scan")),
            _ => {}
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn decode_scan(
    sos: &[u8],
    entropy: &[u8],
    width: usize,
    height: usize,
    comps: &mut [Component],
    qt: &[[u16; 64]; 4],
    dc_tables: &[Option<Huffman>; 4],
    ac_tables: &[Option<Huffman>; 4],
    restart_interval: usize,
    adobe: bool,
) -> R<(usize, usize, Vec<u8>)> {
    if comps.is_empty() {
        return Err(Unsupported("no frame"));
    }
    let n = usize::from(*sos.first().ok_or(Unsupported("bad SOS"))?);
    if n != comps.len() || sos.len() < 1 + 2 * n + 3 {
        return Err(Unsupported("non-interleaved scans"));
    }
    let (ss, se, ahal) = (sos[1 + 2 * n], sos[2 + 2 * n], sos[3 + 2 * n]);
    if ss != 0 || se != 63 || ahal != 0 {
        return Err(Unsupported("spectral selection"));
    }
    for (i, c) in comps.iter_mut().enumerate() {
        if sos[1 + 2 * i] != c.id {
            return Err(Unsupported("scan component order"));
        }
        c.dc = usize::from(sos[2 + 2 * i] >> 4);
        c.ac = usize::from(sos[2 + 2 * i] & 15);
        if c.dc > 3
            || c.ac > 3
            || c.tq > 3
            || dc_tables[c.dc].is_none()
            || ac_tables[c.ac].is_none()
        {
            return Err(Unsupported("missing table"));
        }
    }
    if comps.len() == 1 {
        comps[0].h = 1;
        comps[0].v = 1;
    } else {
        let ids: Vec<u8> = comps.iter().map(|c| c.id).collect();
        if adobe || ids == [b'R', b'G', b'B'] {
            return Err(Unsupported("RGB or Adobe-transformed JPEG"));
        }
        let layout: Vec<(usize, usize)> = comps.iter().map(|c| (c.h, c.v)).collect();
        if !matches!(layout.as_slice(), [(1 | 2, 1 | 2), (1, 1), (1, 1)]) || layout[0] == (1, 2) {
            return Err(Unsupported("sampling factors"));
        }
    }
    let hmax = comps[0].h;
    let vmax = comps[0].v;
    let mcus_x = width.div_ceil(8 * hmax);
    let mcus_y = height.div_ceil(8 * vmax);
    for c in comps.iter_mut() {
        c.blocks_w = mcus_x * c.h;
        c.blocks_h = mcus_y * c.v;
        c.plane = vec![0; c.blocks_w * c.blocks_h * 64];
    }
    let mut bits = Bits {
        data: entropy,
        pos: 0,
        buf: 0,
        count: 0,
        at_marker: false,
    };
    let mut pred = [0i32; 3];
    let mut coef = [0i16; 64];
    let mut mcu = 0usize;
    for my in 0..mcus_y {
        for mx in 0..mcus_x {
            if restart_interval > 0 && mcu > 0 && mcu.is_multiple_of(restart_interval) {
                bits.restart()?;
                pred = [0; 3];
            }
            mcu += 1;
            for (ci, c) in comps.iter_mut().enumerate() {
                let (Some(dc), Some(ac)) = (&dc_tables[c.dc], &ac_tables[c.ac]) else {
                    return Err(Unsupported("missing table"));
                };
                for by in 0..c.v {
                    for bx in 0..c.h {
                        coef.fill(0);
                        let mut has_ac = false;
                        let s = bits.decode(dc)?;
                        if s > 11 {
                            return Err(Unsupported("bad DC"));
                        }
                        pred[ci] = pred[ci].wrapping_add(bits.receive_extend(u32::from(s)));
                        // libjpeg stores coefficients as 16-bit JCOEF.
                        coef[0] = pred[ci] as i16;
                        let mut k = 1;
                        while k < 64 {
                            let rs = bits.decode(ac)?;
                            let (r, s) = (usize::from(rs >> 4), u32::from(rs & 15));
                            if s == 0 {
                                if r != 15 {
                                    break;
                                }
                                k += 16;
                                continue;
                            }
                            k += r;
                            if k > 63 || s > 10 {
                                return Err(Unsupported("bad AC"));
                            }
                            coef[ZIGZAG[k]] = bits.receive_extend(s) as i16;
                            has_ac = true;
                            k += 1;
                        }
                        let stride = c.blocks_w * 8;
                        let x0 = (mx * c.h + bx) * 8;
                        let y0 = (my * c.v + by) * 8;
                        idct_islow(
                            &coef,
                            has_ac,
                            &qt[c.tq],
                            &mut c.plane[y0 * stride + x0..],
                            stride,
                        );
                    }
                }
            }
        }
    }
    Ok((width, height, to_rgb(comps, width, height)))
}

const CONST_BITS: i32 = 13;
const PASS1_BITS: i32 = 2;

fn descale(x: i64, n: i32) -> i64 {
    (x + (1 << (n - 1))) >> n
}

/// libjpeg's post-IDCT range limit: the value wraps at 10 bits, then clamps.
fn range_limit(x: i64) -> u8 {
    let v = x & 1023;
    let s = if v >= 512 { v - 1024 } else { v };
    (s + 128).clamp(0, 255) as u8
}

/// One pass of jidctint.c's 1-D transform on 8 inputs (even part, odd part).
fn idct_1d(i: [i64; 8]) -> [i64; 8] {
    let (z2, z3) = (i[2], i[6]);
    let z1 = (z2 + z3) * 4433;
    let tmp2 = z1 + z3 * -15137;
    let tmp3 = z1 + z2 * 6270;
    let tmp0 = (i[0] + i[4]) << CONST_BITS;
    let tmp1 = (i[0] - i[4]) << CONST_BITS;
    let (tmp10, tmp13, tmp11, tmp12) = (tmp0 + tmp3, tmp0 - tmp3, tmp1 + tmp2, tmp1 - tmp2);
    let (mut t0, mut t1, mut t2, mut t3) = (i[7], i[5], i[3], i[1]);
    let z1 = t0 + t3;
    let z2 = t1 + t2;
    let mut z3 = t0 + t2;
    let mut z4 = t1 + t3;
    let z5 = (z3 + z4) * 9633;
    t0 *= 2446;
    t1 *= 16819;
    t2 *= 25172;
    t3 *= 12299;
    let z1 = z1 * -7373;
    let z2 = z2 * -20995;
    z3 = z3 * -16069 + z5;
    z4 = z4 * -3196 + z5;
    t0 += z1 + z3;
    t1 += z2 + z4;
    t2 += z2 + z3;
    t3 += z1 + z4;
    [
        tmp10 + t3,
        tmp11 + t2,
        tmp12 + t1,
        tmp13 + t0,
        tmp13 - t0,
        tmp12 - t1,
        tmp11 - t2,
        tmp10 - t3,
    ]
}

/// jidctint.c `jpeg_idct_islow`: dequantize, columns then rows.
/// `has_ac: false` takes the shortcut both passes take for a DC-only block.
fn idct_islow(coef: &[i16; 64], has_ac: bool, q: &[u16; 64], out: &mut [u8], stride: usize) {
    if !has_ac {
        let dc = (i32::from(coef[0]) * i32::from(q[0] as i16)).wrapping_shl(PASS1_BITS as u32);
        let value = range_limit(descale(i64::from(dc), PASS1_BITS + 3));
        for row in 0..8 {
            out[row * stride..row * stride + 8].fill(value);
        }
        return;
    }
    let mut ws = [0i32; 64];
    for col in 0..8 {
        // DEQUANTIZE: JCOEF times the table entry stored as a C `short`.
        let c: [i64; 8] = std::array::from_fn(|r| {
            i64::from(coef[r * 8 + col]) * i64::from(q[r * 8 + col] as i16)
        });
        if c[1..].iter().all(|&v| v == 0) {
            let dc = (c[0] as i32).wrapping_shl(PASS1_BITS as u32);
            for r in 0..8 {
                ws[r * 8 + col] = dc;
            }
            continue;
        }
        let o = idct_1d(c);
        for r in 0..8 {
            ws[r * 8 + col] = descale(o[r], CONST_BITS - PASS1_BITS) as i32;
        }
    }
    for row in 0..8 {
        let w: [i64; 8] = std::array::from_fn(|k| i64::from(ws[row * 8 + k]));
        let line = &mut out[row * stride..row * stride + 8];
        if w[1..].iter().all(|&v| v == 0) {
            line.fill(range_limit(descale(w[0], PASS1_BITS + 3)));
            continue;
        }
        let o = idct_1d(w);
        for k in 0..8 {
            line[k] = range_limit(descale(o[k], CONST_BITS + PASS1_BITS + 3));
        }
    }
}

/// jdsample.c's upsampling of one plane to `width` x `height`: "fancy"
/// (triangle) when subsampled, a copy otherwise.
fn upsample(c: &Component, h2: bool, v2: bool, width: usize, height: usize) -> Vec<u8> {
    let stride = c.blocks_w * 8;
    let dw = if h2 { width.div_ceil(2) } else { width };
    let dh = if v2 { height.div_ceil(2) } else { height };
    // Sample rows past the last real one repeat it (jdmainct.c).
    let row = |y: usize| &c.plane[y.min(dh - 1) * stride..][..dw];
    let mut out = vec![0u8; width * height];
    let mut sums = vec![0i32; dw];
    for (y, line) in out.chunks_exact_mut(width).enumerate() {
        if !h2 {
            // Not subsampled (v2 is only ever set with h2).
            line.copy_from_slice(row(y));
        } else if dw <= 2 {
            // libjpeg-turbo upsamples "fancily" only planes more than 2
            // samples wide; narrower ones are replicated (h2v1/h2v2_upsample).
            let src = row(if v2 { y / 2 } else { y });
            for (x, o) in line.iter_mut().enumerate() {
                *o = src[x / 2];
            }
        } else if !v2 {
            // h2v1_fancy_upsample: 3/4 nearer + 1/4 further, biases 1 and 2.
            let src = row(y);
            let s = |i: usize| i32::from(src[i]);
            for (x, o) in line.iter_mut().enumerate() {
                let i = x / 2;
                *o = match (x % 2, i) {
                    (0, 0) => s(0),
                    (0, _) => (s(i) * 3 + s(i - 1) + 1) >> 2,
                    _ if i + 1 == dw => s(i),
                    _ => (s(i) * 3 + s(i + 1) + 2) >> 2,
                } as u8;
            }
        } else {
            // h2v2_fancy_upsample: column sums 3 * nearer row + further row,
            // then 3 * this + neighbouring column sum, biases 8 and 7.
            let i = y / 2;
            let far = if y % 2 == 0 {
                i.saturating_sub(1)
            } else {
                i + 1
            };
            for ((sum, &near), &further) in sums.iter_mut().zip(row(i)).zip(row(far)) {
                *sum = i32::from(near) * 3 + i32::from(further);
            }
            for (x, o) in line.iter_mut().enumerate() {
                let j = x / 2;
                let this = sums[j];
                *o = match (x % 2, j) {
                    (0, 0) => (this * 4 + 8) >> 4,
                    (0, _) => (this * 3 + sums[j - 1] + 8) >> 4,
                    _ if j + 1 == dw => (this * 4 + 7) >> 4,
                    _ => (this * 3 + sums[j + 1] + 7) >> 4,
                } as u8;
            }
        }
    }
    out
}

/// jdcolor.c's YCbCr→RGB with its 16-bit fixed-point tables.
fn to_rgb(comps: &[Component], width: usize, height: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(width * height * 3);
    if comps.len() == 1 {
        let c = &comps[0];
        let stride = c.blocks_w * 8;
        for y in 0..height {
            for &g in &c.plane[y * stride..y * stride + width] {
                out.extend_from_slice(&[g, g, g]);
            }
        }
        return out;
    }
    let (h2, v2) = (comps[0].h == 2, comps[0].v == 2);
    let luma = upsample(&comps[0], false, false, width, height);
    let cb = upsample(&comps[1], h2, v2, width, height);
    let cr = upsample(&comps[2], h2, v2, width, height);
    const ONE_HALF: i64 = 1 << 15;
    let fix = |x: f64| (x * 65536.0 + 0.5) as i64;
    let cr_r: Vec<i32> = (0..256)
        .map(|i| ((fix(1.40200) * (i - 128) + ONE_HALF) >> 16) as i32)
        .collect();
    let cb_b: Vec<i32> = (0..256)
        .map(|i| ((fix(1.77200) * (i - 128) + ONE_HALF) >> 16) as i32)
        .collect();
    let cr_g: Vec<i64> = (0..256).map(|i| -fix(0.71414) * (i - 128)).collect();
    let cb_g: Vec<i64> = (0..256)
        .map(|i| -fix(0.34414) * (i - 128) + ONE_HALF)
        .collect();
    out.resize(width * height * 3, 0);
    for (((px, &y), &b), &r) in out.chunks_exact_mut(3).zip(&luma).zip(&cb).zip(&cr) {
        let (y, b, r) = (i32::from(y), usize::from(b), usize::from(r));
        let g = y + ((cb_g[b] + cr_g[r]) >> 16) as i32;
        px[0] = (y + cr_r[r]).clamp(0, 255) as u8;
        px[1] = g.clamp(0, 255) as u8;
        px[2] = (y + cb_b[b]).clamp(0, 255) as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKIN: &[u8] = include_bytes!("../../tests/images/jpeg_skin_q60_400x300.jpg");
    const GREY: &[u8] = include_bytes!("../../tests/images/jpeg_gray_q80_300x200.jpg");
    const BODY_444: &[u8] = include_bytes!("../../tests/images/jpeg_body_q85_444_600x900.jpg");

    /// zune-jpeg's decode, which ours must stay close to (±6 levels).
    fn zune(bytes: &[u8]) -> Vec<u8> {
        image::load_from_memory(bytes)
            .unwrap_or_else(|e| panic!("{e}"))
            .to_rgb8()
            .into_raw()
    }

    #[test]
    fn decodes_close_to_zune_jpeg() {
        for (bytes, size) in [
            (SKIN, (400, 300)),
            (GREY, (300, 200)),
            (BODY_444, (600, 900)),
        ] {
            let (w, h, px) = decode(bytes, 1 << 30).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!((w, h), size);
            let other = zune(bytes);
            assert_eq!(px.len(), other.len());
            let max = px.iter().zip(&other).map(|(a, b)| a.abs_diff(*b)).max();
            assert!(max.is_some_and(|m| m <= 6), "{max:?}");
        }
    }

    #[test]
    fn the_pixel_limit_is_enforced() {
        assert_eq!(decode(SKIN, 119_999), Err(Unsupported("dimensions")));
        assert!(decode(SKIN, 120_000).is_ok());
    }

    #[test]
    fn out_of_scope_streams_are_unsupported() {
        // SOF0 turned into SOF2 (progressive).
        let mut progressive = SKIN.to_vec();
        let sof = progressive
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .unwrap_or_else(|| panic!("no SOF0"));
        progressive[sof + 1] = 0xC2;
        assert!(decode(&progressive, 1 << 30).is_err());
        assert!(decode(b"\x89PNG", 1 << 30).is_err());
        assert!(decode(b"", 1 << 30).is_err());
    }

    #[test]
    fn truncated_and_mangled_streams_never_panic() {
        for cut in (0..SKIN.len()).step_by(97) {
            let _ = decode(&SKIN[..cut], 1 << 30);
        }
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300 {
            let mut bytes = SKIN.to_vec();
            for _ in 0..4 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let i = (rng % bytes.len() as u64) as usize;
                bytes[i] = (rng >> 32) as u8;
            }
            let _ = decode(&bytes, 1 << 24);
        }
    }

    #[test]
    fn huffman_tables_reject_the_all_ones_code() {
        let mut counts = [0u8; 16];
        counts[0] = 2; // two 1-bit codes: 0 and the reserved 1
        assert!(Huffman::new(&counts, vec![1, 2]).is_err());
        counts[0] = 1;
        counts[1] = 1;
        assert!(Huffman::new(&counts, vec![1, 2]).is_ok());
    }

    #[test]
    fn range_limit_wraps_at_ten_bits_like_libjpeg() {
        assert_eq!(range_limit(0), 128);
        assert_eq!(range_limit(-128), 0);
        assert_eq!(range_limit(127), 255);
        assert_eq!(range_limit(300), 255);
        assert_eq!(range_limit(-300), 0);
        assert_eq!(range_limit(1024 + 5), 133);
    }
}
