//! Averaged multiclass perceptron over hashed features: the training accumulator and the
//! compact frozen form that tagging uses.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A pass-through hasher: keys are already well-mixed `u64` feature hashes.
#[derive(Default)]
pub(crate) struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[derive(Clone, Copy)]
struct Acc {
    label: u16,
    w: f32,
    total: f64,
    stamp: u64,
}

/// Weights being trained, with lazy averaging.
pub(crate) struct Trainer {
    n_labels: usize,
    rows: IdMap<Vec<Acc>>,
    time: u64,
}

impl Trainer {
    pub(crate) fn new(n_labels: usize) -> Trainer {
        Trainer { n_labels, rows: IdMap::default(), time: 0 }
    }

    /// Current (not averaged) scores of every label into `scores`.
    pub(crate) fn scores(&self, feats: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_labels, 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for a in row {
                    scores[a.label as usize] += a.w;
                }
            }
        }
    }

    /// One training step: predicts, and on a mistake moves weight from the prediction to the
    /// gold label. Returns the prediction. `allowed` restricts the candidates when non-empty.
    pub(crate) fn step(&mut self, feats: &[u64], gold: usize, scores: &mut Vec<f32>) -> usize {
        self.time += 1;
        self.scores(feats, scores);
        let pred = argmax(scores);
        if pred != gold {
            let t = self.time;
            for &f in feats {
                let row = self.rows.entry(f).or_default();
                upd(row, gold as u16, 1.0, t);
                upd(row, pred as u16, -1.0, t);
            }
        }
        pred
    }

    /// Advances the averaging clock by one training example.
    pub(crate) fn tick(&mut self) {
        self.time += 1;
    }

    /// Moves weight from `bad` to `good` on every feature of `feats` (call [`Trainer::tick`]
    /// once per example first).
    pub(crate) fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        let t = self.time;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            upd(row, good as u16, 1.0, t);
            upd(row, bad as u16, -1.0, t);
        }
    }

    /// Adds `delta` to the weight of `label` on every feature of `feats` (one side of an
    /// update; see [`Trainer::update`]).
    pub(crate) fn add(&mut self, feats: &[u64], label: usize, delta: f32) {
        let t = self.time;
        for &f in feats {
            upd(self.rows.entry(f).or_default(), label as u16, delta, t);
        }
    }

    /// Averaged weights, dropping those whose magnitude is below `min_abs`.
    pub(crate) fn freeze(&self, min_abs: f32) -> Frozen {
        self.freeze_mapped(min_abs, &IdMap::default())
    }

    /// [`Trainer::freeze`], with the rows of the keys in `remap` moved: a key mapped to
    /// `Some(k)` has its averaged weights added to those of `k`, one mapped to `None` is
    /// dropped (feature copies used only in training).
    pub(crate) fn freeze_mapped(&self, min_abs: f32, remap: &IdMap<Option<u64>>) -> Frozen {
        let t = self.time.max(1) as f64;
        let avg = |row: &Vec<Acc>| -> Vec<(u16, f32)> {
            row.iter().map(|a| (a.label, ((a.total + (self.time - a.stamp) as f64 * a.w as f64) / t) as f32)).collect()
        };
        let mut moved: IdMap<Vec<(u16, f32)>> = IdMap::default();
        for (k, into) in remap {
            if let (Some(into), Some(row)) = (into, self.rows.get(k)) {
                moved.entry(*into).or_default().extend(avg(row));
            }
        }
        let mut keys: Vec<u64> = self.rows.keys().filter(|k| !remap.contains_key(k)).copied().collect();
        keys.extend(moved.keys().filter(|k| !self.rows.contains_key(k) && !remap.contains_key(k)));
        // The two sets of keys are disjoint, each without repeats.
        keys.sort_unstable();
        let mut out = FrozenBuilder::default();
        for k in keys {
            let mut cells: Vec<(u16, f32)> = self.rows.get(&k).map(&avg).unwrap_or_default();
            cells.extend_from_slice(moved.get(&k).map_or(&[][..], Vec::as_slice));
            cells.sort_unstable_by_key(|c| c.0);
            // A moved copy's weight for a label adds to the row's own.
            cells.dedup_by(|b, a| {
                if a.0 == b.0 {
                    a.1 += b.1;
                    true
                } else {
                    false
                }
            });
            cells.retain(|(_, w)| w.abs() >= min_abs && *w != 0.0);
            if !cells.is_empty() {
                out.push(k, &cells);
            }
        }
        out.finish(self.n_labels)
    }
}

fn upd(row: &mut Vec<Acc>, label: u16, delta: f32, t: u64) {
    let a = match row.iter_mut().position(|a| a.label == label) {
        Some(i) => &mut row[i],
        None => {
            row.push(Acc { label, w: 0.0, total: 0.0, stamp: t });
            row.last_mut().expect("just pushed")
        }
    };
    a.total += (t - a.stamp) as f64 * a.w as f64;
    a.stamp = t;
    a.w += delta;
}

/// Index of the highest score (the lowest index on ties).
#[inline]
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    let mut bv = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if s > bv {
            bv = s;
            best = i;
        }
    }
    best
}

#[derive(Default)]
struct FrozenBuilder {
    keys: Vec<u64>,
    offsets: Vec<u32>,
    labels: Vec<u16>,
    weights: Vec<f32>,
}

impl FrozenBuilder {
    fn push(&mut self, key: u64, cells: &[(u16, f32)]) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.keys.push(key);
        for &(l, w) in cells {
            self.labels.push(l);
            self.weights.push(w);
        }
        self.offsets.push(self.labels.len() as u32);
    }

    fn finish(mut self, n_labels: usize) -> Frozen {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let q = self.weights.iter().map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16).collect();
        let stored = StoredWeights {
            n_labels: n_labels as u32,
            keys: self.keys,
            offsets: self.offsets,
            labels: self.labels,
            weights: q,
            scale,
        };
        Frozen::from_stored(stored)
    }
}

/// The serialized form of frozen weights: sorted feature keys, row offsets, and (label,
/// weight) cells with weights quantized to `i16` times `scale`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct StoredWeights {
    pub n_labels: u32,
    pub keys: Vec<u64>,
    pub offsets: Vec<u32>,
    pub labels: Vec<u16>,
    pub weights: Vec<i16>,
    pub scale: f32,
}

/// Frozen weights with an open-addressing index from feature key to its cells.
///
/// Tagging is bound by memory latency (a few hundred thousand features, one lookup per feature
/// and pass), so the layout is compact: a slot is 8 bytes (a 31-bit fingerprint of the key's
/// high half, whose low bits chose the slot, and the row's start or dense row number), a sparse
/// row is a length cell followed by 4-byte cells
/// (`label | i16 weight << 16`). Scores are summed as `i32` in quantized units (all weights of
/// a table share one scale). A feature absent from the model matches a slot only if 31 more
/// bits of its hash collide (about once in 2^31 lookups), which merely adds a stray weight.
#[derive(Clone, Debug, Default)]
pub(crate) struct Frozen {
    n_labels: usize,
    /// `(fingerprint, start of the row in cells)`; fingerprint 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
    stored: StoredWeights,
    /// Sparse rows: a length cell, then the cells. Slots of dense rows hold [`DENSE`] and the
    /// dense row number instead of a start.
    cells: Vec<u32>,
    /// Dense rows (`n_labels` weights each) of features with many cells.
    dense: Vec<i16>,
    /// Tables of at most two labels (the ezafe pass) keep both weights in the slot itself,
    /// `(fingerprint, weight of label 0, weight of label 1)`, and leave `slots`, `cells` and
    /// `dense` empty: a feature costs one memory access instead of two.
    pairs: Vec<(u32, i16, i16)>,
}

const DENSE: u32 = 1 << 31;

#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    (key ^ (key >> 29)) as usize & mask
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 33) as u32) | 1
}

impl Frozen {
    pub(crate) fn from_stored(stored: StoredWeights) -> Frozen {
        let n = stored.keys.len();
        let cap = (n + n / 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let n_labels = stored.n_labels as usize;
        if n_labels <= 2 {
            let mut pairs = vec![(0u32, 0i16, 0i16); cap];
            for (row, &k) in stored.keys.iter().enumerate() {
                let (a, b) = (stored.offsets[row] as usize, stored.offsets[row + 1] as usize);
                let mut w = [0i16; 2];
                for (&l, &x) in stored.labels[a..b].iter().zip(&stored.weights[a..b]) {
                    if let Some(cell) = w.get_mut(l as usize) {
                        *cell = x;
                    }
                }
                let mut i = slot_of(k, mask);
                while pairs[i].0 != 0 {
                    i = (i + 1) & mask;
                }
                pairs[i] = (fingerprint(k), w[0], w[1]);
            }
            return Frozen { n_labels, mask, stored, pairs, ..Frozen::default() };
        }
        let mut slots = vec![(0u32, 0u32); cap];
        let mut cells = Vec::with_capacity(stored.labels.len() + n);
        let mut dense: Vec<i16> = Vec::new();
        for (row, &k) in stored.keys.iter().enumerate() {
            let (a, b) = (stored.offsets[row] as usize, stored.offsets[row + 1] as usize);
            let mut start = cells.len() as u32;
            if (b - a) * 2 > n_labels && n_labels >= 16 {
                let base = dense.len();
                start = DENSE | (base / n_labels) as u32;
                dense.resize(base + n_labels, 0);
                for (&l, &w) in stored.labels[a..b].iter().zip(&stored.weights[a..b]) {
                    dense[base + l as usize] = w;
                }
            } else {
                cells.push((b - a) as u32);
                for (&l, &w) in stored.labels[a..b].iter().zip(&stored.weights[a..b]) {
                    cells.push(l as u32 | ((w as u16 as u32) << 16));
                }
            }
            let mut i = slot_of(k, mask);
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (fingerprint(k), start);
        }
        Frozen { n_labels, slots, mask, stored, cells, dense, pairs: Vec::new() }
    }

    /// Checks internal consistency (for untrusted model files).
    pub(crate) fn validate(s: &StoredWeights) -> Result<(), String> {
        if s.offsets.len() != s.keys.len() + 1 {
            return Err("weight table offsets do not match its keys".into());
        }
        if s.labels.len() != s.weights.len() || s.offsets.last().map(|&o| o as usize) != Some(s.labels.len()) {
            return Err("weight table cells are inconsistent".into());
        }
        if s.offsets.windows(2).any(|w| w[0] > w[1]) {
            return Err("weight table offsets are not increasing".into());
        }
        if s.labels.iter().any(|&l| l as u32 >= s.n_labels) || s.n_labels > u16::MAX as u32 {
            return Err("weight table refers to an unknown label".into());
        }
        if s.keys.contains(&0) || s.keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err("weight table keys are not sorted and unique".into());
        }
        if !s.scale.is_finite() {
            return Err("weight table scale is not finite".into());
        }
        Ok(())
    }

    pub(crate) fn stored(&self) -> &StoredWeights {
        &self.stored
    }

    pub(crate) fn n_labels(&self) -> usize {
        self.n_labels
    }

    pub(crate) fn n_features(&self) -> usize {
        self.stored.keys.len()
    }

    /// Adds the (quantized) weights of `feats` into `scores` (at least `n_labels` long).
    #[inline]
    pub(crate) fn add_scores(&self, feats: &[u64], scores: &mut [i32]) {
        let n = self.n_labels;
        let scores = &mut scores[..n];
        if !self.pairs.is_empty() {
            return self.add_pair_scores(feats, scores);
        }
        #[cfg(target_arch = "x86_64")]
        for &key in feats {
            let i = slot_of(key, self.mask);
            // SAFETY: `i` is masked into the table; prefetching has no other effect.
            unsafe {
                core::arch::x86_64::_mm_prefetch(self.slots.as_ptr().add(i) as *const i8, core::arch::x86_64::_MM_HINT_T0);
            }
        }
        // Resolve every feature to its row first (prefetching the rows), then add: the cache
        // misses of all features overlap instead of following one another.
        let mut rows = [0u32; 64];
        for chunk in feats.chunks(rows.len()) {
            let mut m = 0;
            for &key in chunk {
                let fp = fingerprint(key);
                let mut i = slot_of(key, self.mask);
                loop {
                    let (f, start) = self.slots[i];
                    if f == fp {
                        rows[m] = start;
                        m += 1;
                        #[cfg(target_arch = "x86_64")]
                        // SAFETY: `start` indexes `cells` (built from validated rows); prefetching
                        // has no other effect.
                        unsafe {
                            use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                            let (p, bytes) = if start & DENSE != 0 {
                                (self.dense.as_ptr().add((start & !DENSE) as usize * n) as *const i8, n * 2)
                            } else {
                                (self.cells.as_ptr().add(start as usize) as *const i8, 128)
                            };
                            let mut off = 0;
                            while off < bytes {
                                _mm_prefetch(p.add(off), _MM_HINT_T0);
                                off += 64;
                            }
                        }
                        break;
                    }
                    if f == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            for &start in &rows[..m] {
                if start & DENSE != 0 {
                    let base = (start & !DENSE) as usize * n;
                    for (sc, &w) in scores.iter_mut().zip(&self.dense[base..base + n]) {
                        *sc += w as i32;
                    }
                } else {
                    let len = self.cells[start as usize] as usize;
                    let a = start as usize + 1;
                    for &c in &self.cells[a..a + len] {
                        if let Some(sc) = scores.get_mut((c & 0xFFFF) as usize) {
                            *sc += (c >> 16) as u16 as i16 as i32;
                        }
                    }
                }
            }
        }
    }

    /// [`Frozen::add_scores`] for a table of at most two labels (weights in the slots).
    fn add_pair_scores(&self, feats: &[u64], scores: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        for &key in feats {
            // SAFETY: the index is masked into the table; prefetching has no other effect.
            unsafe {
                let p = self.pairs.as_ptr().add(slot_of(key, self.mask));
                core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
            }
        }
        let (mut s0, mut s1) = (0i32, 0i32);
        for &key in feats {
            let fp = fingerprint(key);
            let mut i = slot_of(key, self.mask);
            loop {
                let (f, w0, w1) = self.pairs[i];
                if f == fp {
                    s0 += w0 as i32;
                    s1 += w1 as i32;
                    break;
                }
                if f == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        if let Some(s) = scores.get_mut(0) {
            *s += s0;
        }
        if let Some(s) = scores.get_mut(1) {
            *s += s1;
        }
    }
}

/// Index of the highest integer score (the lowest index on ties).
#[inline]
pub(crate) fn argmax_i(scores: &[i32]) -> usize {
    let mut best = 0;
    let mut bv = i32::MIN;
    for (i, &s) in scores.iter().enumerate() {
        if s > bv {
            bv = s;
            best = i;
        }
    }
    best
}

/// The best-scoring label among those `allowed` (the overall best when none is).
pub(crate) fn argmax_among(scores: &[i32], allowed: &[bool]) -> usize {
    let mut best = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed.get(i).copied().unwrap_or(false) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map_or_else(|| argmax_i(scores), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem() {
        let data = [(vec![11u64, 1], 0usize), (vec![12, 1], 1), (vec![13, 1], 2), (vec![11, 2], 0)];
        let mut t = Trainer::new(3);
        let mut s = Vec::new();
        for _ in 0..5 {
            for (f, g) in &data {
                t.step(f, *g, &mut s);
            }
        }
        let fz = t.freeze(0.0);
        for (f, g) in &data {
            let mut sc = vec![0; 3];
            fz.add_scores(f, &mut sc);
            assert_eq!(argmax_i(&sc), *g);
        }
        assert!(Frozen::validate(fz.stored()).is_ok());
        let again = Frozen::from_stored(fz.stored().clone());
        let mut sc = vec![0; 3];
        again.add_scores(&[12, 1], &mut sc);
        assert_eq!(argmax_i(&sc), 1);
    }

    #[test]
    fn freeze_mapped_folds_and_drops_feature_copies() {
        let mut t = Trainer::new(2);
        t.tick();
        t.update(&[1, 2, 3], 1, 0);
        let mut remap = IdMap::default();
        remap.insert(2, Some(1));
        remap.insert(3, None);
        let f = t.freeze_mapped(0.0, &remap);
        let mut folded = vec![0i32; 2];
        f.add_scores(&[1], &mut folded);
        let mut plain = vec![0i32; 2];
        t.freeze(0.0).add_scores(&[1, 2], &mut plain);
        assert_eq!(folded, plain, "feature 1 now carries feature 2's weights");
        let mut gone = vec![0i32; 2];
        f.add_scores(&[2, 3], &mut gone);
        assert_eq!(gone, vec![0, 0], "copies are not in the frozen model");
    }
}
