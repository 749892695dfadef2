//! Feature templates of the parser: the rich non-local set of Zhang and Nivre (2011) adapted to
//! arc-hybrid (stack words have no heads yet, the first buffer word may have left
//! dependents), plus lemma pairs (light verbs: `تصمیم` + `گرفت`), word clusters learned from
//! raw text, the tagger's ezafe guess and FEATS.

use super::system::State;
use crate::tag::cluster;
use crate::tag::hash::{self, feature, pair};

/// What the templates know of one word, hashed once per sentence.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tok {
    pub w: u64,
    pub l: u64,
    pub p: u64,
    pub x: u64,
    pub f: u64,
    /// Cluster prefixes of length 1 and 3 (levels of the hierarchy).
    pub c1: u64,
    pub c3: u64,
    /// Ezafe guessed by the tagger (in Persian it links a word to the modifier after it).
    pub ez: u64,
    /// The last two and three letters (verb endings, plural and ezafe-like suffixes): evidence
    /// that does not depend on the tagger being right.
    pub s2: u64,
    pub s3: u64,
}

/// The value of an absent position (empty stack slot, no dependent).
const NONE: u64 = 0x6e6f_6e65;
/// The artificial root word.
const ROOT: u64 = 0x726f_6f74;

impl Tok {
    pub(crate) fn new(form: &str, lemma: &str, upos: &str, xpos: &str, feats: &str, ezafe: bool, cluster_code: u32) -> Tok {
        Tok {
            w: hash::str(form),
            l: hash::str(lemma),
            p: hash::str(upos),
            x: hash::str(xpos),
            f: hash::str(feats),
            c1: cluster::prefix(cluster_code, 1) as u64 + 11,
            c3: cluster::prefix(cluster_code, 3) as u64 + 11,
            ez: 1 + ezafe as u64,
            s2: suffix(form, 2),
            s3: suffix(form, 3),
        }
    }

    fn root() -> Tok {
        Tok { w: ROOT, l: ROOT, p: ROOT, x: ROOT, f: ROOT, c1: ROOT, c3: ROOT, ez: ROOT, s2: ROOT, s3: ROOT }
    }

    fn none() -> Tok {
        Tok { w: NONE, l: NONE, p: NONE, x: NONE, f: NONE, c1: NONE, c3: NONE, ez: NONE, s2: NONE, s3: NONE }
    }
}

fn suffix(form: &str, k: usize) -> u64 {
    let start = form.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
    hash::str(&form[start..]) ^ k as u64
}

/// Words of a sentence with the root at index 0.
pub(crate) fn sentence_toks(words: impl Iterator<Item = Tok>) -> Vec<Tok> {
    std::iter::once(Tok::root()).chain(words).collect()
}

#[inline]
fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

#[inline]
fn h3(a: u64, b: u64, c: u64) -> u64 {
    pair(pair(a, b), c)
}

/// Appends the feature keys of `st` to `out`.
pub(crate) fn extract(toks: &[Tok], st: &State, labels_hash: &[u64], out: &mut Vec<u64>) {
    out.clear();
    let none = Tok::none();
    let tok = |i: Option<u32>| -> Tok {
        match i {
            Some(i) => toks.get(i as usize).copied().unwrap_or(none),
            None => none,
        }
    };
    let nz = |i: u32| (i != 0).then_some(i);
    let lab = |i: Option<u32>| -> u64 {
        match i {
            Some(i) if i != 0 => labels_hash.get(st.labels[i as usize] as usize).copied().unwrap_or(NONE),
            _ => NONE,
        }
    };
    let i_s0 = st.s(0);
    let i_s1 = st.s(1);
    let i_s2 = st.s(2);
    let b = st.b as u32;
    let in_buf = |k: u32| (b + k <= st.n as u32).then_some(b + k);
    let (i_b0, i_b1, i_b2) = (in_buf(0), in_buf(1), in_buf(2));
    let deps = |i: Option<u32>| i.map(|i| st.deps[i as usize]).unwrap_or_default();
    let (d_s0, d_s1, d_b0) = (deps(i_s0), deps(i_s1), deps(i_b0));
    let (s0, s1, s2, b0, b1, b2) = (tok(i_s0), tok(i_s1), tok(i_s2), tok(i_b0), tok(i_b1), tok(i_b2));
    let (s0l, s0r, s0l2, s0r2) = (nz(d_s0.l1), nz(d_s0.r1), nz(d_s0.l2), nz(d_s0.r2));
    let (s1l, s1r) = (nz(d_s1.l1), nz(d_s1.r1));
    let (b0l, b0l2) = (nz(d_b0.l1), nz(d_b0.l2));
    let (ts0l, ts0r, ts1l, ts1r, tb0l, ts0l2, ts0r2, tb0l2) = (tok(s0l), tok(s0r), tok(s1l), tok(s1r), tok(b0l), tok(s0l2), tok(s0r2), tok(b0l2));
    let dist = match (i_s0, i_b0) {
        (Some(a), Some(c)) if a != 0 => dist_bucket((c - a) as usize),
        _ => 8,
    };
    let dist01 = match (i_s0, i_s1) {
        (Some(a), Some(c)) if c != 0 => dist_bucket((a - c) as usize),
        _ => 8,
    };
    let mut t = 0u32;
    let mut push = |v: u64| {
        t += 1;
        out.push(feature(t, v));
    };
    // Single words.
    for x in [s0, b0, s1, b1] {
        push(x.w);
        push(x.p);
        push(pair(x.w, x.p));
        push(x.x);
        push(x.l);
        push(x.c3);
        push(pair(x.p, x.f));
        push(pair(x.p, x.ez));
    }
    for x in [s0, b0, s1] {
        push(x.s2);
        push(x.s3);
    }
    push(pair(s0.s3, b0.s3));
    push(pair(s0.s2, b0.l));
    push(s2.p);
    push(b2.p);
    push(b2.w);
    push(s2.w);
    // Pairs of s0 and b0.
    push(h3(s0.w, s0.p, pair(b0.w, b0.p)));
    push(h3(s0.w, s0.p, b0.w));
    push(h3(s0.w, b0.w, b0.p));
    push(h3(s0.w, s0.p, b0.p));
    push(h3(s0.p, b0.w, b0.p));
    push(pair(s0.w, b0.w));
    push(pair(s0.p, b0.p));
    push(pair(s0.l, b0.l));
    push(h3(s0.l, b0.l, s0.p));
    push(pair(s0.l, b0.p));
    push(pair(s0.p, b0.l));
    push(pair(s0.x, b0.x));
    push(pair(s0.c1, b0.c1));
    push(pair(s0.c3, b0.p));
    push(pair(s0.p, b0.c3));
    push(h3(s0.p, s0.ez, b0.p));
    push(h3(s0.p, s0.f, pair(b0.p, b0.f)));
    push(pair(b0.p, b1.p));
    push(pair(s1.p, s0.p));
    push(pair(s1.w, s0.w));
    push(pair(s1.l, s0.l));
    push(h3(s1.p, s1.ez, s0.p));
    push(pair(s1.x, s0.x));
    push(pair(s1.c3, s0.c3));
    push(pair(s1.p, b0.p));
    push(pair(s1.l, b0.l));
    // Triples of tags.
    push(h3(b0.p, b1.p, b2.p));
    push(h3(s0.p, b0.p, b1.p));
    push(h3(s1.p, s0.p, b0.p));
    push(h3(s2.p, s1.p, s0.p));
    push(h3(s0.p, ts0l.p, b0.p));
    push(h3(s0.p, ts0r.p, b0.p));
    push(h3(s0.p, b0.p, tb0l.p));
    push(h3(s1.p, ts1l.p, s0.p));
    push(h3(s1.p, ts1r.p, s0.p));
    push(h3(s1.p, s0.p, ts0r.p));
    push(h3(s0.x, b0.x, b1.x));
    push(h3(s1.x, s0.x, b0.x));
    // Distance.
    push(pair(s0.w, dist));
    push(pair(s0.p, dist));
    push(pair(b0.w, dist));
    push(pair(b0.p, dist));
    push(h3(s0.w, b0.w, dist));
    push(h3(s0.p, b0.p, dist));
    push(h3(s1.p, s0.p, dist01));
    push(pair(s0.l, pair(b0.l, dist)));
    // Valency.
    let (vl0, vr0, vl1, vr1, vlb) = (d_s0.nl as u64, d_s0.nr as u64, d_s1.nl as u64, d_s1.nr as u64, d_b0.nl as u64);
    push(pair(s0.w, vr0));
    push(pair(s0.p, vr0));
    push(pair(s0.w, vl0));
    push(pair(s0.p, vl0));
    push(pair(b0.w, vlb));
    push(pair(b0.p, vlb));
    push(h3(s1.p, vl1, vr1));
    // Dependents: words, tags, labels.
    for x in [ts0l, ts0r, ts1l, ts1r, tb0l] {
        push(x.w);
        push(x.p);
    }
    let (ls0l, ls0r, ls1l, ls1r, lb0l, ls0l2, ls0r2, lb0l2) = (lab(s0l), lab(s0r), lab(s1l), lab(s1r), lab(b0l), lab(s0l2), lab(s0r2), lab(b0l2));
    push(ls0l);
    push(ls0r);
    push(ls1l);
    push(ls1r);
    push(lb0l);
    push(pair(s0.p, ls0l));
    push(pair(s0.p, ls0r));
    push(pair(s1.p, ls1r));
    push(pair(b0.p, lb0l));
    // Second-order dependents.
    push(ts0l2.p);
    push(ts0r2.p);
    push(tb0l2.p);
    push(ls0l2);
    push(ls0r2);
    push(lb0l2);
    push(h3(s0.p, ls0l, ls0l2));
    push(h3(s0.p, ls0r, ls0r2));
    push(h3(b0.p, lb0l, lb0l2));
    push(h3(s0.p, ts0l.p, ts0l2.p));
    push(h3(s0.p, ts0r.p, ts0r2.p));
    push(h3(b0.p, tb0l.p, tb0l2.p));
    // Label sets.
    push(pair(s0.w, d_s0.rset));
    push(pair(s0.p, d_s0.rset));
    push(pair(s0.w, d_s0.lset));
    push(pair(s0.p, d_s0.lset));
    push(pair(b0.w, d_b0.lset));
    push(pair(b0.p, d_b0.lset));
    push(pair(s1.p, d_s1.rset));
    // The adposition in front of s0 (its leftmost dependent) or `را` after it decides between
    // obl, obl:arg, nmod and obj, together with the would-be head's lemma.
    push(pair(ts0l.w, b0.l));
    push(pair(ts0l.w, s1.l));
    push(h3(ts0l.w, s0.p, b0.p));
    push(h3(ts0l.w, s0.p, s1.p));
    push(pair(ts0r.w, b0.p));
    push(pair(ts0r.w, s1.p));
    push(pair(s0.w, b0.l));
    push(pair(s1.w, s0.l));
    // Sentence end (a verb-final language: the last words matter).
    let left_in_buffer = dist_bucket((st.n + 1).saturating_sub(st.b));
    push(pair(b0.p, left_in_buffer));
    push(h3(s0.p, b0.p, left_in_buffer));
}
