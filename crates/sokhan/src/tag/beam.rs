//! Beam search for the main pass, and its global training (structured perceptron).
//!
//! The greedy decoder commits to a label before it sees the next word; a beam keeps the `k`
//! best label sequences so far. Only the history features ([`features::main_history_features`]:
//! the previous two labels) differ between the hypotheses of a beam, so the rest of a word's
//! scores is computed once and each hypothesis adds its few history features.
//!
//! Two hypotheses ending in the same two labels have the same future, so only the better one
//! is kept (recombination, as in Viterbi decoding). Trained globally: a sentence is decoded
//! with the current weights and, where the gold sequence scores lowest against the best
//! hypothesis (*max-violation*, Huang et al. 2012) or where it first falls out of the beam
//! (*early update*, Collins and Roark 2004), the weights move from the best hypothesis's
//! prefix to the gold prefix.

use super::features::{self, AuxOut, Hist, WordInfo, START};
use super::perceptron::{Frozen, Trainer};

const NONE: usize = usize::MAX;

/// A hypothesis: its score, its last two labels and its node in the back-pointer arena.
#[derive(Clone, Copy, Debug)]
struct Hyp<S> {
    score: S,
    last: usize,
    prev: usize,
    node: u32,
    gold: bool,
}

/// A candidate extension of hypothesis `from` by `label`.
#[derive(Clone, Copy, Debug)]
struct Cand<S> {
    total: S,
    from: usize,
    label: usize,
}

fn hist(label_hist: &[Hist], l: usize) -> Hist {
    if l == NONE {
        START
    } else {
        label_hist[l]
    }
}

/// Keeps the `width` best candidates, best first (ties keep the earlier one), at most one per
/// pair (label, previous label).
fn offer<S: PartialOrd + Copy>(top: &mut Vec<Cand<S>>, width: usize, c: Cand<S>, hyps: &[Hyp<S>]) {
    if top.len() == width && top.last().is_some_and(|w| c.total <= w.total) {
        return;
    }
    let key = (c.label, hyps[c.from].last);
    if let Some(k) = top.iter().position(|o| (o.label, hyps[o.from].last) == key) {
        if top[k].total >= c.total {
            return;
        }
        top.remove(k);
    }
    let at = top.iter().position(|o| c.total > o.total).unwrap_or(top.len());
    top.insert(at, c);
    top.truncate(width);
}

/// The labels of the hypothesis at `node`, in order.
fn backtrack(arena: &[(u32, u32)], mut node: u32) -> Vec<usize> {
    let mut out = Vec::new();
    while node != u32::MAX {
        let (parent, label) = arena[node as usize];
        out.push(label as usize);
        node = parent;
    }
    out.reverse();
    out
}

/// What the decoder needs to know about the labels.
pub(crate) struct Labels<'a> {
    pub hist: &'a [Hist],
    /// Person/number bit of each label ([`features::pn_bit`]; 0 for none).
    pub pn: &'a [u8],
}

/// Beam decoding with frozen weights. `cache`: static scores of frequent forms (may be empty);
/// `names[i]`: the word must take a label of `name_labels`. A verb form whose every reading
/// marks person and number takes no label that says otherwise.
#[allow(clippy::too_many_arguments)]
pub(crate) fn decode(
    main: &Frozen,
    cache: &[i32],
    labels: &Labels<'_>,
    flags: u32,
    width: usize,
    infos: &[WordInfo],
    aux: &[AuxOut],
    (names, name_labels): (&[bool], &[bool]),
    feats: &mut Vec<u64>,
    scores: &mut Vec<i32>,
) -> Vec<usize> {
    let n = main.n_labels();
    let mut arena: Vec<(u32, u32)> = Vec::with_capacity(infos.len() * width);
    let mut beam = vec![Hyp { score: 0i64, last: NONE, prev: NONE, node: u32::MAX, gold: false }];
    let mut top: Vec<Cand<i64>> = Vec::with_capacity(width + 1);
    let mut hs: Vec<i32> = Vec::with_capacity(n);
    let mut allowed = vec![true; n];
    for i in 0..infos.len() {
        super::start_main_scores(cache, n, &infos[i], flags, feats, scores);
        features::main_context_features_no_history(infos, aux, i, flags, feats);
        main.add_scores(feats, scores);
        let name = names.get(i).copied().unwrap_or(false);
        let pn = infos[i].sig.pn;
        let pn_rule = pn != 0 && pn & features::PN_UNMARKED == 0;
        for (l, a) in allowed.iter_mut().enumerate() {
            let name_ok = !name || name_labels.get(l).copied().unwrap_or(false);
            let pn_ok = !pn_rule || labels.pn.get(l).is_none_or(|&b| b == 0 || b & pn != 0);
            *a = name_ok && pn_ok;
        }
        if !allowed.iter().any(|&a| a) {
            allowed.iter_mut().for_each(|a| *a = true);
        }
        top.clear();
        for (j, h) in beam.iter().enumerate() {
            hs.clear();
            hs.extend_from_slice(scores);
            feats.clear();
            features::main_history_features(infos, aux, i, hist(labels.hist, h.last), hist(labels.hist, h.prev), flags, feats);
            main.add_scores(feats, &mut hs);
            for (l, &s) in hs.iter().enumerate() {
                if allowed[l] {
                    offer(&mut top, width, Cand { total: h.score + s as i64, from: j, label: l }, &beam);
                }
            }
        }
        beam = top
            .iter()
            .map(|c| {
                let h = beam[c.from];
                arena.push((h.node, c.label as u32));
                Hyp { score: c.total, last: c.label, prev: h.last, node: arena.len() as u32 - 1, gold: false }
            })
            .collect();
    }
    beam.first().map_or_else(Vec::new, |h| backtrack(&arena, h.node))
}

/// Reusable buffers of [`train_sentence`].
#[derive(Default)]
pub(crate) struct TrainBuffers {
    shared: Vec<Vec<u64>>,
    hist_feats: Vec<u64>,
    base: Vec<f32>,
    hs: Vec<f32>,
    arena: Vec<(u32, u32)>,
}

/// One globally trained step on a sentence with gold labels `gold`: decodes with the current
/// weights and updates them. Returns how many words of the best hypothesis were right, and of
/// how many (the prefix that was updated, or the whole sentence).
#[allow(clippy::too_many_arguments)]
pub(crate) fn train_sentence(
    trainer: &mut Trainer,
    label_hist: &[Hist],
    flags: u32,
    width: usize,
    early: bool,
    infos: &[WordInfo],
    aux: &[AuxOut],
    gold: &[usize],
    b: &mut TrainBuffers,
) -> (usize, usize) {
    let n_words = infos.len().min(gold.len());
    b.arena.clear();
    if b.shared.len() < n_words {
        b.shared.resize_with(n_words, Vec::new);
    }
    let mut beam = vec![Hyp { score: 0f32, last: NONE, prev: NONE, node: u32::MAX, gold: true }];
    let mut top: Vec<Cand<f32>> = Vec::with_capacity(width + 1);
    let mut gold_score = 0f32;
    // Per step: (violation, node of the best hypothesis) when the best is not the gold prefix.
    let mut worst: Option<(f32, usize, u32)> = None;
    // Early update: the step where the gold prefix fell out of the beam.
    let mut fall: Option<(usize, u32)> = None;
    for i in 0..n_words {
        trainer.tick();
        let f = &mut b.shared[i];
        f.clear();
        features::main_static_features(&infos[i], flags, f);
        features::main_context_features_no_history(infos, aux, i, flags, f);
        trainer.scores(f, &mut b.base);
        top.clear();
        for (j, h) in beam.iter().enumerate() {
            b.hist_feats.clear();
            features::main_history_features(infos, aux, i, hist(label_hist, h.last), hist(label_hist, h.prev), flags, &mut b.hist_feats);
            trainer.scores(&b.hist_feats, &mut b.hs);
            for (l, (&s, &t)) in b.base.iter().zip(&b.hs).enumerate() {
                offer(&mut top, width, Cand { total: h.score + s + t, from: j, label: l }, &beam);
            }
        }
        // The gold prefix's score, whether or not it is still in the beam.
        let (g1, g2) = (if i >= 1 { gold[i - 1] } else { NONE }, if i >= 2 { gold[i - 2] } else { NONE });
        b.hist_feats.clear();
        features::main_history_features(infos, aux, i, hist(label_hist, g1), hist(label_hist, g2), flags, &mut b.hist_feats);
        trainer.scores(&b.hist_feats, &mut b.hs);
        gold_score += b.base[gold[i]] + b.hs[gold[i]];
        beam = top
            .iter()
            .map(|c| {
                let h = beam[c.from];
                b.arena.push((h.node, c.label as u32));
                Hyp { score: c.total, last: c.label, prev: h.last, node: b.arena.len() as u32 - 1, gold: h.gold && c.label == gold[i] }
            })
            .collect();
        let best = beam[0];
        if !best.gold {
            let v = best.score - gold_score;
            if worst.is_none_or(|(w, _, _)| v >= w) {
                worst = Some((v, i, best.node));
            }
        }
        if early && !beam.iter().any(|h| h.gold) {
            fall = Some((i, best.node));
            break;
        }
    }
    let (upto, node) = if early {
        match fall {
            Some(f) => f,
            None if !beam[0].gold => (n_words - 1, beam[0].node),
            None => return (n_words, n_words),
        }
    } else {
        match worst {
            Some((_, i, node)) => (i, node),
            None => return (n_words, n_words),
        }
    };
    let pred = backtrack(&b.arena, node);
    let mut right = 0;
    for j in 0..=upto {
        let (p, g) = (pred[j], gold[j]);
        right += (p == g) as usize;
        let ph = (if j >= 1 { pred[j - 1] } else { NONE }, if j >= 2 { pred[j - 2] } else { NONE });
        let gh = (if j >= 1 { gold[j - 1] } else { NONE }, if j >= 2 { gold[j - 2] } else { NONE });
        if p != g {
            trainer.update(&b.shared[j], g, p);
        }
        if p != g || ph != gh {
            b.hist_feats.clear();
            features::main_history_features(infos, aux, j, hist(label_hist, gh.0), hist(label_hist, gh.1), flags, &mut b.hist_feats);
            trainer.add(&b.hist_feats, g, 1.0);
            b.hist_feats.clear();
            features::main_history_features(infos, aux, j, hist(label_hist, ph.0), hist(label_hist, ph.1), flags, &mut b.hist_feats);
            trainer.add(&b.hist_feats, p, -1.0);
        }
    }
    (right, upto + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hyps(lasts: &[usize]) -> Vec<Hyp<i64>> {
        lasts.iter().map(|&last| Hyp { score: 0, last, prev: NONE, node: u32::MAX, gold: false }).collect()
    }

    #[test]
    fn offer_keeps_the_best_candidates_once_per_history() {
        let h = hyps(&[7, 7, 8]);
        let mut top = Vec::new();
        let c = |total, from, label| Cand { total, from, label };
        offer(&mut top, 3, c(5, 0, 1), &h);
        offer(&mut top, 3, c(9, 2, 1), &h);
        // Same label after the same previous label as the first: the better one stays.
        offer(&mut top, 3, c(6, 1, 1), &h);
        offer(&mut top, 3, c(4, 0, 1), &h);
        offer(&mut top, 3, c(7, 0, 2), &h);
        offer(&mut top, 3, c(1, 2, 3), &h);
        let got: Vec<(i64, usize, usize)> = top.iter().map(|c| (c.total, c.from, c.label)).collect();
        assert_eq!(got, vec![(9, 2, 1), (7, 0, 2), (6, 1, 1)]);
        // Ties keep the earlier candidate.
        offer(&mut top, 3, c(6, 2, 5), &h);
        assert_eq!(top[2].label, 1);
    }

    #[test]
    fn backtrack_reads_labels_in_order() {
        let arena = vec![(u32::MAX, 4), (0, 2), (1, 9), (0, 3)];
        assert_eq!(backtrack(&arena, 2), vec![4, 2, 9]);
        assert_eq!(backtrack(&arena, 3), vec![4, 3]);
        assert!(backtrack(&arena, u32::MAX).is_empty());
    }
}
