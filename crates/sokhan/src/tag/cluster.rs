//! Distributional word clusters learned from raw text: every frequent form gets a three-level
//! path (16 × 8 × 8 clusters) from hierarchical spherical k-means over PPMI-weighted vectors of
//! its left and right neighbours. Forms that behave alike (animate nouns, place names,
//! adjectives of relation, ...) share clusters, which helps on words unseen in the tagged data.

use super::hash;
use super::perceptron::IdMap;
use std::collections::HashMap;

/// The cluster code of an unknown form.
pub(crate) const UNKNOWN: u32 = 0xFFFF;
const LEVELS: [usize; 3] = [16, 8, 8];
const MIN_COUNT: u32 = 3;
const MAX_WORDS: usize = 60_000;
const CONTEXTS: usize = 1000;
const ITERATIONS: usize = 12;

/// The code's prefix at `level` (1..=3), as a small number.
#[inline]
pub(crate) fn prefix(code: u32, level: u32) -> u32 {
    if code == UNKNOWN {
        return UNKNOWN;
    }
    match level {
        1 => code >> 6,
        2 => (code >> 3) | 0x1000,
        _ => code | 0x2000,
    }
}

type Sparse = Vec<(u32, f32)>;

/// Clusters the forms of `sentences` (already normalized); returns form hash → code.
pub(crate) fn build<'a>(sentences: impl Iterator<Item = Vec<&'a str>> + Clone, seed: u64) -> IdMap<u32> {
    // Frequencies by form hash.
    let mut freq: HashMap<u64, u32> = HashMap::new();
    for s in sentences.clone() {
        for w in s {
            *freq.entry(hash::str(w)).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(u64, u32)> = freq.into_iter().filter(|(_, c)| *c >= MIN_COUNT).collect();
    by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_freq.truncate(MAX_WORDS);
    let word_id: HashMap<u64, u32> = by_freq.iter().enumerate().map(|(i, (h, _))| (*h, i as u32)).collect();
    // Context ids: 0 = sentence boundary, 1..=CONTEXTS frequent forms, CONTEXTS+1 = other.
    let ctx_of = |h: Option<u64>| -> u32 {
        match h {
            None => 0,
            Some(h) => match word_id.get(&h) {
                Some(&i) if (i as usize) < CONTEXTS => i + 1,
                _ => CONTEXTS as u32 + 1,
            },
        }
    };
    let side = CONTEXTS as u32 + 2;
    let dim = 2 * side as usize;
    let n = by_freq.len();
    let mut counts: Vec<HashMap<u32, u32>> = vec![HashMap::new(); n];
    for s in sentences {
        let hs: Vec<u64> = s.iter().map(|w| hash::str(w)).collect();
        for (i, h) in hs.iter().enumerate() {
            if let Some(&id) = word_id.get(h) {
                let l = ctx_of(if i == 0 { None } else { Some(hs[i - 1]) });
                let r = ctx_of(hs.get(i + 1).copied());
                let m = &mut counts[id as usize];
                *m.entry(l).or_default() += 1;
                *m.entry(side + r).or_default() += 1;
            }
        }
    }
    // PPMI weighting, then unit length.
    let mut ctx_tot = vec![0f64; dim];
    let mut total = 0f64;
    for m in &counts {
        for (&c, &v) in m {
            ctx_tot[c as usize] += v as f64;
            total += v as f64;
        }
    }
    let vecs: Vec<Sparse> = counts
        .iter()
        .map(|m| {
            let wt: f64 = m.values().map(|&v| v as f64).sum();
            let mut v: Sparse = m
                .iter()
                .filter_map(|(&c, &x)| {
                    let pmi = ((x as f64 * total) / (wt * ctx_tot[c as usize])).ln();
                    (pmi > 0.0).then_some((c, pmi as f32))
                })
                .collect();
            v.sort_unstable_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|e| e.1 /= norm);
            }
            v
        })
        .collect();
    // Hierarchical k-means.
    let mut code = vec![0u32; n];
    let mut groups: Vec<Vec<usize>> = vec![(0..n).collect()];
    let mut rng = seed ^ 0x517c_c1b7_2722_0a95;
    for (level, &k) in LEVELS.iter().enumerate() {
        let mut next = Vec::new();
        for g in &groups {
            let assign = kmeans(&vecs, g, k, dim, &mut rng);
            let mut parts = vec![Vec::new(); k];
            for (&p, &a) in g.iter().zip(&assign) {
                code[p] = code[p] * k as u32 + a as u32;
                parts[a].push(p);
            }
            let _ = level;
            next.extend(parts);
        }
        groups = next;
    }
    by_freq.iter().zip(code).map(|((h, _), c)| (*h, c)).collect()
}

fn next_rand(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// Spherical k-means of the points `ids`; returns each point's cluster.
fn kmeans(vecs: &[Sparse], ids: &[usize], k: usize, dim: usize, rng: &mut u64) -> Vec<usize> {
    let mut assign = vec![0usize; ids.len()];
    if ids.len() <= k {
        for (i, a) in assign.iter_mut().enumerate() {
            *a = i;
        }
        return assign;
    }
    // Initial centroids: the first at random, then each the least similar to those chosen
    // among 16 random candidates (a cheap k-means++).
    let mut cents = vec![0f32; k * dim];
    let dot_c = |cents: &[f32], c: usize, v: &Sparse| -> f32 { v.iter().map(|&(d, x)| x * cents[c * dim + d as usize]).sum() };
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    for c in 0..k {
        let mut best = usize::MAX;
        let mut best_sim = f32::INFINITY;
        for _ in 0..if c == 0 { 1 } else { 16 } {
            let p = (next_rand(rng) % ids.len() as u64) as usize;
            if chosen.contains(&p) {
                continue;
            }
            let sim = (0..c).map(|j| dot_c(&cents, j, &vecs[ids[p]])).fold(f32::NEG_INFINITY, f32::max);
            if best == usize::MAX || sim < best_sim {
                best = p;
                best_sim = sim;
            }
        }
        if best == usize::MAX {
            continue;
        }
        chosen.push(best);
        for &(d, v) in &vecs[ids[best]] {
            cents[c * dim + d as usize] = v;
        }
    }
    for _ in 0..ITERATIONS {
        for (i, &p) in ids.iter().enumerate() {
            let v = &vecs[p];
            let mut best = 0;
            let mut bs = f32::NEG_INFINITY;
            for c in 0..k {
                let base = c * dim;
                let s: f32 = v.iter().map(|&(d, x)| x * cents[base + d as usize]).sum();
                if s > bs {
                    bs = s;
                    best = c;
                }
            }
            assign[i] = best;
        }
        cents.iter_mut().for_each(|x| *x = 0.0);
        for (i, &p) in ids.iter().enumerate() {
            let base = assign[i] * dim;
            for &(d, x) in &vecs[p] {
                cents[base + d as usize] += x;
            }
        }
        for c in 0..k {
            let row = &mut cents[c * dim..(c + 1) * dim];
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_contexts_share_clusters() {
        let mut words = Vec::new();
        for i in 0..40 {
            words.push((format!("گربه{i}"), format!("سرخ{i}")));
        }
        let mut text = Vec::new();
        for _ in 0..3 {
            for (a, c) in &words {
                text.push(vec!["این", a.as_str(), "می‌دود"]);
                text.push(vec!["رنگ", c.as_str(), "است"]);
            }
        }
        for (a, c) in [("گربه", "سرخ"), ("سگ", "سبز"), ("اسب", "آبی")] {
            for _ in 0..3 {
                text.push(vec!["این", a, "می‌دود"]);
                text.push(vec!["رنگ", c, "است"]);
            }
        }
        let codes = build(text.iter().cloned(), 7);
        let c = |w: &str| codes[&hash::str(w)];
        assert_eq!(prefix(c("گربه"), 1), prefix(c("سگ"), 1));
        assert_eq!(prefix(c("سرخ"), 1), prefix(c("آبی"), 1));
        assert_ne!(prefix(c("گربه"), 1), prefix(c("سرخ"), 1));
        assert_eq!(prefix(UNKNOWN, 2), UNKNOWN);
    }
}
