//! The offset map from normalized bytes back to original bytes.
//!
//! The map is a list of segments covering the output in order. An *aligned* segment is a run of
//! output characters that each have the same byte length as the source character they came from
//! (copied text, `ي`→`ی`, `٣`→`۳`, ...): any char boundary inside it maps by offset arithmetic.
//! Any other segment maps all of its output bytes to one source range (`ﻻ` → `لا`, `3` → `۳`, a
//! letter that absorbed deleted diacritics, an inserted ZWNJ, ...). Clean text is one or a few
//! aligned segments, so the map costs almost nothing on the hot path.

/// One segment of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seg {
    /// First output byte of the segment.
    pub out: u32,
    /// First source byte.
    pub src: u32,
    /// One past the last source byte.
    pub src_end: u32,
    /// Char-for-char, byte-length-preserving mapping.
    pub aligned: bool,
}

/// Output text plus its segments, built left to right.
#[derive(Clone, Debug, Default)]
pub(crate) struct Builder {
    pub text: String,
    pub segs: Vec<Seg>,
}

#[inline]
fn last_char_len(s: &str) -> usize {
    s.chars().next_back().map_or(0, char::len_utf8)
}

impl Builder {
    pub fn with_capacity(n: usize) -> Self {
        Builder {
            text: String::with_capacity(n + n / 16 + 16),
            segs: Vec::with_capacity(16),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Appends `piece`, which has the same char lengths as `src[s..s + piece.len()]`.
    #[inline]
    pub fn push_aligned(&mut self, piece: &str, s: usize) {
        let out = self.text.len() as u32;
        let e = (s + piece.len()) as u32;
        if let Some(last) = self.segs.last_mut() {
            if last.aligned
                && last.src_end == s as u32
                && last.out + (last.src_end - last.src) == out
            {
                last.src_end = e;
                self.text.push_str(piece);
                return;
            }
        }
        self.segs.push(Seg {
            out,
            src: s as u32,
            src_end: e,
            aligned: true,
        });
        self.text.push_str(piece);
    }

    /// [`Builder::push_aligned`] of `src[s..e]`, copied as one fixed 32-byte block when the piece
    /// is that short and the source has the bytes: the normalizer's fast path copies each
    /// word this way, and `memcpy`'s branches on the length were mispredicted at most words
    /// (callgrind branch simulation, `tokenize` of `perdt-train-raw.txt`: 255 k of 3.4 M).
    #[inline(always)]
    pub fn push_aligned_from(&mut self, src: &str, s: usize, e: usize) {
        let out = self.text.len();
        let merged = self.segs.last().is_some_and(|l| l.aligned && l.src_end == s as u32 && l.out + (l.src_end - l.src) == out as u32);
        if merged {
            if let Some(last) = self.segs.last_mut() {
                last.src_end = e as u32;
            }
        } else {
            self.segs.push(Seg { out: out as u32, src: s as u32, src_end: e as u32, aligned: true });
        }
        let piece = &src[s..e];
        match src.as_bytes().get(s..).and_then(|b| b.first_chunk::<32>()) {
            Some(block) if piece.len() <= 32 => {
                // SAFETY: the block is appended and cut back at once to `piece`, which is valid
                // UTF-8 (a `&str` slice); nothing reads the string in between, and neither call
                // can panic after the length has grown (`extend_from_slice` only panics when
                // allocating, before it writes).
                let v = unsafe { self.text.as_mut_vec() };
                v.extend_from_slice(block);
                v.truncate(out + piece.len());
            }
            _ => self.text.push_str(piece),
        }
    }

    /// Appends `piece` mapped as a whole to `s..e`.
    #[inline]
    pub fn push_repl(&mut self, piece: &str, s: usize, e: usize) {
        if piece.is_empty() {
            return;
        }
        self.segs.push(Seg {
            out: self.text.len() as u32,
            src: s as u32,
            src_end: e as u32,
            aligned: false,
        });
        self.text.push_str(piece);
    }

    /// Appends one char mapped to `s..e`, aligned when the lengths agree.
    #[inline]
    pub fn push_char(&mut self, c: char, s: usize, e: usize) {
        let mut buf = [0u8; 4];
        let piece = c.encode_utf8(&mut buf);
        if piece.len() == e - s {
            self.push_aligned(piece, s);
        } else {
            self.push_repl(piece, s, e);
        }
    }

    /// Source range of the last output char.
    pub fn last_origin(&self) -> Option<(usize, usize)> {
        let seg = self.segs.last()?;
        if seg.aligned {
            let cl = last_char_len(&self.text) as u32;
            Some(((seg.src_end - cl) as usize, seg.src_end as usize))
        } else {
            Some((seg.src as usize, seg.src_end as usize))
        }
    }

    /// Makes the last output char's source range end at `e` (absorbing deleted source chars).
    pub fn extend_last(&mut self, e: usize) {
        let cl = last_char_len(&self.text);
        let out_len = self.text.len() as u32;
        let Some(seg) = self.segs.last_mut() else {
            return;
        };
        let e = e as u32;
        if e <= seg.src_end {
            return;
        }
        if !seg.aligned {
            seg.src_end = e;
            return;
        }
        if out_len - seg.out == cl as u32 {
            seg.aligned = false;
            seg.src_end = e;
            return;
        }
        let cl = cl as u32;
        seg.src_end -= cl;
        let s = seg.src_end;
        self.segs.push(Seg {
            out: out_len - cl,
            src: s,
            src_end: e,
            aligned: false,
        });
    }

    /// Removes the last output char. Returns its source range.
    pub fn pop_char(&mut self) -> Option<(usize, usize)> {
        let origin = self.last_origin()?;
        let cl = last_char_len(&self.text);
        self.text.truncate(self.text.len() - cl);
        let out_len = self.text.len() as u32;
        let seg = self.segs.last_mut()?;
        if seg.out >= out_len {
            self.segs.pop();
        } else if seg.aligned {
            seg.src_end -= cl as u32;
        }
        Some(origin)
    }

    /// Index of the segment containing output byte `b` (`b < len`), searching from the end.
    fn seg_at_from_end(&self, b: usize) -> usize {
        let b = b as u32;
        let mut k = self.segs.len() - 1;
        while self.segs[k].out > b {
            k -= 1;
        }
        k
    }

    /// Source range of the char starting at output byte `b` (searching from the end: for the
    /// tail of the text only).
    pub fn origin_near_end(&self, b: usize) -> (usize, usize) {
        let k = self.seg_at_from_end(b);
        let seg = self.segs[k];
        if seg.aligned {
            let cl = self.text[b..].chars().next().map_or(0, char::len_utf8) as u32;
            let s = seg.src + (b as u32 - seg.out);
            (s as usize, (s + cl) as usize)
        } else {
            (seg.src as usize, seg.src_end as usize)
        }
    }

    /// Makes `b` (a char boundary) a segment boundary; a non-aligned segment split in two maps
    /// both parts to its whole source range.
    fn split_at(&mut self, b: usize) -> Result<usize, ()> {
        if b >= self.text.len() {
            return Ok(self.segs.len());
        }
        let k = self.seg_at_from_end(b);
        let seg = self.segs[k];
        let b32 = b as u32;
        if seg.out == b32 {
            return Ok(k);
        }
        if !seg.aligned {
            // A run such as `سه` from the ligature `ﳨ`: both halves keep the whole source range.
            if !self.text.is_char_boundary(b) {
                return Err(());
            }
            self.segs.insert(k + 1, Seg { out: b32, ..seg });
            return Ok(k + 1);
        }
        let mid = seg.src + (b32 - seg.out);
        self.segs[k].src_end = mid;
        self.segs.insert(
            k + 1,
            Seg {
                out: b32,
                src: mid,
                src_end: seg.src_end,
                aligned: true,
            },
        );
        Ok(k + 1)
    }

    /// Replaces output bytes `at..at + remove` (near the end of the text, on char boundaries)
    /// with `insert`, mapped to source `s..e`. Returns `false` (and changes nothing visible)
    /// when `at` or `at + remove` is not a char boundary.
    pub fn splice(&mut self, at: usize, remove: usize, insert: &str, s: usize, e: usize) -> bool {
        let Ok(a) = self.split_at(at) else {
            return false;
        };
        let Ok(b) = self.split_at(at + remove) else {
            return false;
        };
        let delta = insert.len() as i64 - remove as i64;
        self.segs.drain(a..b);
        let mut next = a;
        if !insert.is_empty() {
            self.segs.insert(
                a,
                Seg {
                    out: at as u32,
                    src: s as u32,
                    src_end: e as u32,
                    aligned: false,
                },
            );
            next += 1;
        }
        for seg in &mut self.segs[next..] {
            seg.out = (seg.out as i64 + delta) as u32;
        }
        self.text.replace_range(at..at + remove, insert);
        true
    }
}

/// Start of the source range of output byte `b` (`b < text.len()`).
pub(crate) fn origin_start(segs: &[Seg], b: usize) -> usize {
    let k = segs.partition_point(|s| s.out as usize <= b) - 1;
    let seg = segs[k];
    if seg.aligned {
        (seg.src as usize) + (b - seg.out as usize)
    } else {
        seg.src as usize
    }
}

/// End of the source range of the output char that ends at byte `end` (exclusive, `> 0`).
pub(crate) fn origin_end(segs: &[Seg], end: usize) -> usize {
    let b = end - 1;
    let k = segs.partition_point(|s| s.out as usize <= b) - 1;
    let seg = segs[k];
    if seg.aligned {
        (seg.src as usize) + (end - seg.out as usize)
    } else {
        seg.src_end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Builder;

    /// `push_aligned_from` builds the same text and segments as `push_aligned` of the same
    /// slice: short and long pieces, contiguous with the previous one or not, near the end of
    /// the source where no 32-byte block is left.
    #[test]
    fn push_aligned_from_is_push_aligned() {
        let src = "کتاب‌های ما، abc 123 و یک واژهٔ بسیار بسیار بلند‌تر از سی و دو بایت در اینجا";
        let bounds: Vec<usize> = (0..=src.len()).filter(|&i| src.is_char_boundary(i)).collect();
        for (k, &s) in bounds.iter().enumerate() {
            for &e in &bounds[k..] {
                // Before it, one byte of source that ends where the piece starts (the segments
                // merge) or one that does not.
                for before in [s.saturating_sub(1), s.saturating_sub(2)] {
                    let (mut a, mut b) = (Builder::with_capacity(8), Builder::with_capacity(8));
                    a.push_aligned("x", before);
                    b.push_aligned("x", before);
                    a.push_aligned(&src[s..e], s);
                    b.push_aligned_from(src, s, e);
                    assert_eq!((a.text, a.segs), (b.text, b.segs), "{s}..{e} after {before}");
                }
            }
        }
    }
}
